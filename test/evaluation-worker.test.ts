/**
 * Out-of-process evaluation in a real worker thread: only the JSON form of an invocation crosses,
 * and the results come back as events correlated with the evaluated invocation's snapshot.
 */
import { threadId, Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TelemetryHandler, type EvaluationResult, type Invocation } from '../src/index.js';
import {
  EvaluationReplySchema,
  remoteEvaluator,
  type EvaluationRequest,
} from '../src/evaluation/index.js';
import { evaluationRecords, runLlm } from './support/evaluation.js';
import { createTestTelemetry, providers } from './support/telemetry.js';

let worker: Worker;
beforeAll(() => {
  worker = new Worker(new URL('./fixtures/evaluation-worker.mjs', import.meta.url));
});
afterAll(async () => {
  await worker.terminate();
});

const correlation = (inv: Invocation) => ({
  traceId: inv.snapshot!.traceId,
  spanId: inv.snapshot!.spanId,
});

describe('evaluation in a worker thread', () => {
  it('remoteEvaluator: the manager samples and queues, the worker evaluates', async () => {
    const t = createTestTelemetry();
    const handler = new TelemetryHandler({
      ...providers(t),
      evaluation: { evaluators: [remoteEvaluator(worker)] },
    });
    const invocations = [runLlm(handler, '{"ok":true}'), runLlm(handler, 'plain text')];
    await handler.shutdown();
    const records = evaluationRecords(t);
    expect(records).toHaveLength(6);
    for (const [i, inv] of invocations.entries()) {
      const mine = records.filter((r) => r.spanContext?.spanId === inv.snapshot!.spanId);
      expect(mine.map((r) => r.spanContext)).toEqual(
        Array(3).fill(expect.objectContaining(correlation(inv))),
      );
      const labels = Object.fromEntries(
        mine.map((r) => [
          r.attributes['gen_ai.evaluation.name'],
          r.attributes['gen_ai.evaluation.score.label'],
        ]),
      );
      expect(labels).toMatchObject({ length: 'pass', json: i === 0 ? 'pass' : 'fail' });
      expect(labels.thread).toMatch(/^thread-\d+$/);
      expect(labels.thread).not.toBe(`thread-${threadId}`);
    }
  });

  it('by hand, spans off: JSON out, results for the JSON copy land on the original snapshot', async () => {
    const t = createTestTelemetry();
    const handler = new TelemetryHandler({ ...providers(t), emitters: 'metric_event' });
    const copies: Invocation[] = [];
    handler.onEvaluationResults((inv) => copies.push(inv));
    let expected = 0;
    let id = 1000;
    const received = new Promise<void>((resolve) => {
      let replies = 0;
      const onMessage = (message: unknown) => {
        const reply = EvaluationReplySchema.safeParse(message);
        if (!reply.success || reply.data.id < 1000) return;
        handler.evaluationResults(
          reply.data.invocation as Invocation,
          reply.data.results as EvaluationResult[],
        );
        if (++replies === expected) {
          worker.off('message', onMessage);
          resolve();
        }
      };
      worker.on('message', onMessage);
    });
    handler.onCompletion((inv) => {
      const request: EvaluationRequest = {
        type: 'genai-telemetry/evaluate',
        id: id++,
        invocation: JSON.stringify(inv),
      };
      worker.postMessage(request);
    });
    const invocations = [runLlm(handler), runLlm(handler), runLlm(handler)];
    expected = invocations.length;
    await received;
    await handler.shutdown();
    expect(t.spans()).toHaveLength(0);
    expect(copies).toHaveLength(3);
    for (const [i, inv] of invocations.entries()) {
      expect(copies[i]).not.toBe(inv);
      expect(copies[i]!.snapshot).toEqual(inv.snapshot);
    }
    const records = evaluationRecords(t);
    expect(records).toHaveLength(9);
    const byInvocation = invocations.map(
      (inv) => records.filter((r) => r.spanContext?.spanId === inv.snapshot!.spanId).length,
    );
    expect(byInvocation).toEqual([3, 3, 3]);
    for (const record of records) {
      const inv = invocations.find((x) => x.snapshot!.spanId === record.spanContext!.spanId)!;
      expect(record.spanContext).toMatchObject(correlation(inv));
    }
  });
});
