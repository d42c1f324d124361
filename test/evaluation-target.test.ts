/**
 * The evaluation target seam: with `evaluation.target` set, the manager keeps sampling, kind
 * selection and its bounded queue, and hands each accepted job to the target instead of running
 * evaluators; flush and shutdown reach the target; a failing target is isolated and counted.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TelemetryHandler } from '../src/index.js';
import type { EvaluationJob, EvaluationTarget } from '../src/evaluation/index.js';
import { captureDiag, type DiagCapture } from './support/diag.js';
import { constant, evaluationRecords, gate, nextTurn, runLlm } from './support/evaluation.js';
import { createTestTelemetry, providers } from './support/telemetry.js';

let diag: DiagCapture;
beforeEach(() => {
  diag = captureDiag();
});
afterEach(() => diag.restore());

/** A target that records each job and settles its submit when `settle` says so. */
function recordingTarget(settle: () => void | Promise<void> = () => undefined) {
  const jobs: EvaluationJob[] = [];
  const calls: string[] = [];
  const target: EvaluationTarget = {
    submit(job) {
      jobs.push(job);
      return settle();
    },
    forceFlush: async () => void calls.push('forceFlush'),
    shutdown: async () => void calls.push('shutdown'),
  };
  return { target, jobs, calls };
}

describe('evaluation target', () => {
  it('gets a frozen copy, the scope and the selected evaluators; nothing runs in process', async () => {
    const t = createTestTelemetry();
    const { target, jobs } = recordingTarget();
    const evaluator = constant('a');
    const toolsOnly = { ...constant('tools'), kinds: ['tool_call' as const] };
    const handler = new TelemetryHandler({
      ...providers(t),
      evaluation: { evaluators: [evaluator, toolsOnly], target },
    });
    const inv = runLlm(handler);
    expect(jobs).toHaveLength(0); // never inside stop
    await handler.forceFlush();
    expect(jobs).toHaveLength(1);
    const [job] = jobs;
    expect(job!.invocation).not.toBe(inv);
    expect(Object.isFrozen(job!.invocation)).toBe(true);
    expect(job!.invocation).toEqual(inv);
    expect(job!.invocation.snapshot).toEqual(inv.snapshot);
    expect(job!.scope).toMatchObject({ name: 'genai-telemetry' });
    expect(job!.evaluators).toEqual([evaluator]);
    expect(evaluator.calls).toBe(0);
    expect(evaluationRecords(t)).toHaveLength(0);
    expect(handler.evaluation!.stats()).toMatchObject({ queued: 1, submitted: 1, completed: 0 });
    await handler.shutdown();
  });

  it('keeps trace-id sampling and kind selection', async () => {
    const t = createTestTelemetry();
    const { target, jobs } = recordingTarget();
    const handler = new TelemetryHandler({
      ...providers(t),
      evaluation: { evaluators: [constant('a')], target, sampleRate: 0 },
    });
    runLlm(handler);
    const tool = handler.startToolCall({ name: 'lookup' });
    handler.stopToolCall(tool);
    await handler.forceFlush();
    expect(jobs).toHaveLength(0);
    await handler.shutdown();
  });

  it('maxQueueSize counts submits in flight; flush waits for them, then flushes the target', async () => {
    const t = createTestTelemetry();
    const release = gate();
    const { target, jobs, calls } = recordingTarget(() => release.promise);
    const handler = new TelemetryHandler({
      ...providers(t),
      evaluation: { evaluators: [constant('a')], target, maxQueueSize: 2 },
    });
    runLlm(handler);
    runLlm(handler);
    await nextTurn();
    expect(jobs).toHaveLength(2);
    runLlm(handler); // both submits still in flight: no room
    expect(handler.evaluation!.stats()).toMatchObject({ queued: 2, dropped: 1 });
    let flushed = false;
    const flush = handler.evaluation!.forceFlush().then(() => (flushed = true));
    await nextTurn();
    expect(flushed).toBe(false);
    expect(calls).toEqual([]);
    release.open();
    await flush;
    expect(calls).toEqual(['forceFlush']);
    runLlm(handler); // room again
    await handler.shutdown();
    expect(jobs).toHaveLength(3);
    expect(calls).toEqual(['forceFlush', 'shutdown']);
    expect(handler.evaluation!.stats()).toMatchObject({ queued: 3, dropped: 1, submitted: 3 });
  });

  it('a throwing or rejecting target is isolated, counted and reported once', async () => {
    const t = createTestTelemetry();
    let n = 0;
    const target: EvaluationTarget = {
      submit() {
        if (n++ % 2 === 0) throw new Error('queue down');
        return Promise.reject(new Error('queue refused'));
      },
      forceFlush: () => Promise.reject(new Error('flush refused')),
      shutdown: () => {
        throw new Error('shutdown refused');
      },
    };
    const handler = new TelemetryHandler({
      ...providers(t),
      evaluation: { evaluators: [constant('a')], target },
    });
    for (let i = 0; i < 4; i++) expect(() => runLlm(handler)).not.toThrow();
    await expect(handler.forceFlush()).resolves.toBeUndefined();
    await expect(handler.shutdown()).resolves.toBeUndefined();
    expect(handler.evaluation!.stats()).toMatchObject({ queued: 4, submitted: 0, submitFailed: 4 });
    const refused = diag.reports().filter((m) => m.includes('refused a job'));
    expect(refused).toHaveLength(1);
    expect(diag.reports().some((m) => m.includes('forceFlush failed'))).toBe(true);
    expect(diag.reports().some((m) => m.includes('shutdown failed'))).toBe(true);
    expect(t.spans()).toHaveLength(4);
  });

  it('a submit that never settles counts as refused after timeoutMs, so flush does not hang', async () => {
    const t = createTestTelemetry();
    const { target, jobs } = recordingTarget(() => new Promise<void>(() => undefined));
    const handler = new TelemetryHandler({
      ...providers(t),
      evaluation: { evaluators: [constant('a')], target, timeoutMs: 20 },
    });
    runLlm(handler);
    await handler.shutdown();
    expect(jobs).toHaveLength(1);
    expect(handler.evaluation!.stats()).toMatchObject({ submitted: 0, submitFailed: 1 });
    expect(diag.reports().filter((m) => m.includes('within 20 ms'))).toHaveLength(1);
  });

  it('rejects a target without submit at construction', () => {
    const t = createTestTelemetry();
    expect(
      () =>
        new TelemetryHandler({
          ...providers(t),
          strict: true,
          evaluation: { evaluators: [constant('a')], target: {} as EvaluationTarget },
        }),
    ).toThrow(/evaluation/);
  });
});
