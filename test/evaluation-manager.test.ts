/**
 * The evaluation manager: stop never waits, one batch per invocation, bounded queue and
 * concurrency, timeouts, failures isolated as error results, and flush/shutdown losing nothing.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TelemetryHandler, type Evaluator, type EvaluationResult } from '../src/index.js';
import { captureDiag, type DiagCapture } from './support/diag.js';
import { constant, evaluationRecords, gate, nextTurn, runLlm } from './support/evaluation.js';
import { createTestTelemetry, providers } from './support/telemetry.js';

let diag: DiagCapture;
beforeEach(() => {
  diag = captureDiag();
});
afterEach(() => diag.restore());

/** An evaluator that answers once `released` resolves. */
const after = (released: Promise<void>): Evaluator => ({
  name: 'blocked',
  evaluate: async () => {
    await released;
    return [{ name: 'blocked', score: 1 }];
  },
});

const byName = (results: readonly EvaluationResult[], name: string) =>
  results.find((r) => r.name === name);

describe('evaluation manager', () => {
  it('N invocations x M evaluators = N*M results after shutdown, one batch per invocation', async () => {
    const t = createTestTelemetry();
    const slow: Evaluator = {
      name: 'slow',
      evaluate: async () => {
        await new Promise((resolve) => setTimeout(resolve, 1));
        return [{ name: 'slow', score: 0.5 }];
      },
    };
    const handler = new TelemetryHandler({
      ...providers(t),
      evaluation: { evaluators: [constant('a'), slow, 'length'], concurrency: 2 },
    });
    const batches: number[] = [];
    handler.onEvaluationResults((_inv, results) => batches.push(results.length));
    const N = 40;
    for (let i = 0; i < N; i++) runLlm(handler, `answer ${i}`);
    await handler.shutdown();
    expect(evaluationRecords(t)).toHaveLength(N * 3);
    expect(batches).toEqual(Array(N).fill(3));
    expect(handler.evaluation!.stats()).toEqual({
      queued: N,
      dropped: 0,
      completed: N * 3,
      failed: 0,
      submitted: 0,
      submitFailed: 0,
      resultsDropped: 0,
      pending: 0,
      running: 0,
    });
  });

  it('stop never runs an evaluator; forceFlush waits for queued and running work', async () => {
    const t = createTestTelemetry();
    const release = gate();
    const blocked = after(release.promise);
    const counting = constant('counting');
    const handler = new TelemetryHandler({
      ...providers(t),
      evaluation: { evaluators: [blocked, counting], concurrency: 1 },
    });
    runLlm(handler);
    runLlm(handler);
    expect(counting.calls).toBe(0);
    expect(handler.evaluation!.stats()).toMatchObject({ queued: 2, pending: 2, running: 0 });
    await nextTurn();
    expect(handler.evaluation!.stats()).toMatchObject({ running: 1 });
    let flushed = false;
    const flush = handler.forceFlush().then(() => (flushed = true));
    await nextTurn();
    expect(flushed).toBe(false);
    release.open();
    await flush;
    expect(evaluationRecords(t)).toHaveLength(4);
    expect(handler.evaluation!.stats()).toMatchObject({ pending: 0, running: 0, completed: 4 });
  });

  it('never runs more evaluator calls than `concurrency`', async () => {
    const t = createTestTelemetry();
    let running = 0;
    let peak = 0;
    const tracked: Evaluator = {
      name: 'tracked',
      evaluate: async () => {
        peak = Math.max(peak, ++running);
        await new Promise((resolve) => setTimeout(resolve, 1));
        running--;
        return [{ name: 'tracked', score: 1 }];
      },
    };
    const handler = new TelemetryHandler({
      ...providers(t),
      evaluation: { evaluators: [tracked, { ...tracked, name: 'tracked2' }], concurrency: 3 },
    });
    for (let i = 0; i < 10; i++) runLlm(handler);
    await handler.forceFlush();
    expect(peak).toBe(3);
    expect(evaluationRecords(t)).toHaveLength(20);
  });

  it('a full queue drops and counts, reports once through diag, and never blocks stop', async () => {
    const t = createTestTelemetry();
    const release = gate();
    const blocked = after(release.promise);
    const handler = new TelemetryHandler({
      ...providers(t),
      evaluation: { evaluators: [blocked], concurrency: 1, maxQueueSize: 2 },
    });
    for (let i = 0; i < 5; i++) runLlm(handler);
    expect(handler.evaluation!.stats()).toMatchObject({ queued: 2, dropped: 3, pending: 2 });
    expect(diag.reports().filter((m) => m.includes('evaluation queue is full'))).toHaveLength(1);
    release.open();
    await handler.shutdown();
    expect(evaluationRecords(t)).toHaveLength(2);
    const dropped = await t.points('genai_telemetry.evaluation.dropped');
    expect(dropped.map((p) => p.value)).toEqual([3]);
  });

  it('a timed-out evaluator yields an error result, its signal is aborted, the others are intact', async () => {
    const t = createTestTelemetry();
    let seen: AbortSignal | undefined;
    const hanging: Evaluator = {
      name: 'hanging',
      evaluate: (_inv, { signal }) => {
        seen = signal;
        return new Promise(() => {});
      },
    };
    const handler = new TelemetryHandler({
      ...providers(t),
      evaluation: { evaluators: [hanging, constant('fine')], timeoutMs: 20 },
    });
    const batches: EvaluationResult[][] = [];
    handler.onEvaluationResults((_inv, results) => batches.push([...results]));
    runLlm(handler);
    await handler.shutdown();
    expect(seen?.aborted).toBe(true);
    expect(byName(batches[0]!, 'hanging')).toMatchObject({
      error: { type: 'TimeoutError', message: expect.stringContaining('20 ms') },
    });
    expect(byName(batches[0]!, 'fine')).toEqual({ name: 'fine', score: 1 });
    const record = evaluationRecords(t).find(
      (r) => r.attributes['gen_ai.evaluation.name'] === 'hanging',
    );
    expect(record?.attributes['error.type']).toBe('TimeoutError');
    expect(handler.evaluation!.stats()).toMatchObject({ completed: 1, failed: 1 });
  });

  it('a signal first read after the timeout is already aborted', async () => {
    const release = gate();
    let late: AbortSignal | undefined;
    const handler = new TelemetryHandler({
      ...providers(createTestTelemetry()),
      evaluation: {
        evaluators: [
          {
            name: 'late',
            evaluate: async (_inv, context) => {
              await release.promise;
              late = context.signal;
              return [];
            },
          },
        ],
        timeoutMs: 10,
      },
    });
    runLlm(handler);
    await handler.shutdown();
    release.open();
    await nextTurn();
    expect(late?.aborted).toBe(true);
    expect((late?.reason as DOMException).name).toBe('TimeoutError');
  });

  it('a throwing evaluator (sync or async) yields an error result named after it', async () => {
    class JudgeUnavailable extends Error {}
    const t = createTestTelemetry();
    const handler = new TelemetryHandler({
      ...providers(t),
      evaluation: {
        evaluators: [
          {
            name: 'sync_throw',
            evaluate: () => {
              throw new JudgeUnavailable('down');
            },
          },
          { name: 'async_throw', evaluate: async () => Promise.reject(new TypeError('bad')) },
          constant('fine'),
        ],
      },
    });
    const batches: EvaluationResult[][] = [];
    handler.onEvaluationResults((_inv, results) => batches.push([...results]));
    runLlm(handler);
    await handler.forceFlush();
    expect(batches).toHaveLength(1);
    expect(batches[0]).toEqual([
      { name: 'sync_throw', error: { type: 'JudgeUnavailable', message: 'down' } },
      { name: 'async_throw', error: { type: 'TypeError', message: 'bad' } },
      { name: 'fine', score: 1 },
    ]);
  });

  it('malformed results become error results; the valid items of the same answer survive', async () => {
    const t = createTestTelemetry();
    const handler = new TelemetryHandler({
      ...providers(t),
      evaluation: {
        evaluators: [
          { name: 'not_array', evaluate: () => 'great' as unknown as EvaluationResult[] },
          {
            name: 'mixed',
            evaluate: () =>
              [
                { name: 'ok', score: 0.7 },
                { name: 'bad_score', score: 'high' },
                { score: 0.2 },
              ] as unknown as EvaluationResult[],
          },
        ],
      },
    });
    const batches: EvaluationResult[][] = [];
    handler.onEvaluationResults((_inv, results) => batches.push([...results]));
    runLlm(handler);
    await handler.forceFlush();
    expect(batches[0]).toEqual([
      {
        name: 'not_array',
        error: { type: 'InvalidEvaluationResult', message: 'expected an array of results' },
      },
      { name: 'ok', score: 0.7 },
      {
        name: 'bad_score',
        error: { type: 'InvalidEvaluationResult', message: expect.stringContaining('score') },
      },
      // A result without a name is named after its evaluator.
      { name: 'mixed', score: 0.2 },
    ]);
    expect(handler.evaluation!.stats()).toMatchObject({ completed: 0, failed: 2 });
  });

  it('evaluates llm, agent and workflow by default; per-evaluator kinds; failed only when asked', async () => {
    const t = createTestTelemetry();
    const seen: string[] = [];
    const record = (name: string, kinds?: Evaluator['kinds']): Evaluator => ({
      name,
      ...(kinds ? { kinds } : {}),
      evaluate: (inv) => {
        seen.push(`${name}:${inv.kind}`);
        return [];
      },
    });
    const handler = new TelemetryHandler({
      ...providers(t),
      evaluation: { evaluators: [record('default'), record('tools', ['tool_call'])] },
    });
    for (const kind of ['llm', 'agent', 'workflow', 'tool_call', 'step', 'embedding'] as const) {
      handler.stop(handler.start({ kind }));
    }
    handler.fail(handler.start({ kind: 'llm' }), new Error('x'));
    await handler.forceFlush();
    expect(seen.sort()).toEqual([
      'default:agent',
      'default:llm',
      'default:workflow',
      'tools:tool_call',
    ]);

    const failedToo = new TelemetryHandler({
      ...providers(t),
      evaluation: { evaluators: [record('failed')], evaluateFailed: true },
    });
    failedToo.fail(failedToo.start({ kind: 'llm' }), new Error('x'));
    await failedToo.forceFlush();
    expect(seen).toContain('failed:llm');
  });

  it('shutdown is idempotent and stops after it are ignored cleanly', async () => {
    const t = createTestTelemetry();
    const counting = constant('c');
    const handler = new TelemetryHandler({
      ...providers(t),
      evaluation: { evaluators: [counting] },
    });
    runLlm(handler);
    const first = handler.shutdown();
    expect(handler.shutdown()).toBe(first);
    await first;
    expect(() => runLlm(handler)).not.toThrow();
    await handler.evaluation!.shutdown();
    await handler.forceFlush();
    expect(counting.calls).toBe(1);
    expect(evaluationRecords(t)).toHaveLength(1);
  });

  it('exports the counters as metrics', async () => {
    const t = createTestTelemetry();
    const handler = new TelemetryHandler({
      ...providers(t),
      evaluation: {
        evaluators: [
          constant('ok'),
          {
            name: 'broken',
            evaluate: () => {
              throw new Error('x');
            },
          },
        ],
      },
    });
    runLlm(handler);
    runLlm(handler);
    await handler.forceFlush();
    const value = async (name: string) =>
      (await t.points(name)).map((p) => [p.attributes['genai_telemetry.evaluator.name'], p.value]);
    expect(await value('genai_telemetry.evaluation.queued')).toEqual([[undefined, 2]]);
    expect(await value('genai_telemetry.evaluation.completed')).toEqual([['ok', 2]]);
    expect(await value('genai_telemetry.evaluation.failed')).toEqual([['broken', 2]]);
  });
});
