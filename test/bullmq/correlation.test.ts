/**
 * Producer and worker in this process, against a real Redis: the results a worker emits for a
 * job's JSON copy land on the original span (spans on and off), the worker's `evaluate` step
 * joins the trace under it, and producer-side subscribers get each batch once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TelemetryHandler, type EvaluationResult, type Invocation } from '../../src/index.js';
import { bullmqEvaluationTarget, startEvaluationWorker } from '../../src/bullmq/index.js';
import { constant, evaluationRecords, runLlm } from '../support/evaluation.js';
import { useRedis, type RedisServer } from '../support/redis.js';
import { createTestTelemetry, providers } from '../support/telemetry.js';
import { untilTrue } from './helpers.js';

let redis: RedisServer;
beforeAll(async () => {
  redis = await useRedis();
});
afterAll(async () => {
  await redis.close();
});

let queues = 0;
const queueName = () => `correlation-${process.pid}-${queues++}`;

describe.each([
  ['spans on', 'span_metric_event'],
  ['spans off', 'metric_event'],
])('bullmq evaluation, %s', (_, emitters) => {
  it('attaches the worker results to the original invocation', async () => {
    const app = createTestTelemetry();
    const workerSide = createTestTelemetry();
    const name = queueName();
    const target = bullmqEvaluationTarget({ url: redis.url, queueName: name });
    const handler = new TelemetryHandler({
      ...providers(app),
      emitters,
      evaluation: { evaluators: [constant('relevance', 0.75), constant('length')], target },
    });
    const workerHandler = new TelemetryHandler({
      ...providers(workerSide),
      emitters,
      evaluation: false,
    });
    const worker = startEvaluationWorker({
      url: redis.url,
      queueName: name,
      evaluators: [constant('relevance', 0.75), constant('length')],
      handler: workerHandler,
    });
    const seen: Array<[Invocation, readonly EvaluationResult[]]> = [];
    target.onEvaluationResults((inv, results) => seen.push([inv, results]));
    await untilTrue(() => target.connected);
    const invocations = [runLlm(handler), runLlm(handler), runLlm(handler)];
    await handler.forceFlush();
    expect(target.stats()).toMatchObject({ accepted: 3, dropped: 0 });
    await untilTrue(() => worker.stats().emitted === 3 && seen.length === 3);
    await Promise.all([worker.close(), handler.shutdown()]);
    const records = evaluationRecords(workerSide);
    expect(records).toHaveLength(6);
    for (const inv of invocations) {
      const mine = records.filter((r) => r.spanContext?.spanId === inv.snapshot!.spanId);
      expect(mine.map((r) => r.attributes['gen_ai.evaluation.name']).sort()).toEqual([
        'length',
        'relevance',
      ]);
      for (const r of mine) expect(r.spanContext?.traceId).toBe(inv.snapshot!.traceId);
    }
    console.log(workerSide.spans().map((s) => [s.name, s.parentSpanContext?.spanId]));
    await workerHandler.shutdown();
  });
});
