/**
 * Redis down or slow while the application keeps working: `stop` is unaffected, jobs are
 * dropped and counted (one report, a counter metric), flushing stays bounded, and enqueueing
 * resumes by itself when Redis is back. A real redis-server child, killed and restarted on its
 * port; a worker in this process shows the jobs after the outage are evaluated.
 */
import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TelemetryHandler } from '../../src/index.js';
import {
  bullmqEvaluationTarget,
  ENQUEUE_METRICS,
  startEvaluationWorker,
  type BullmqEvaluationTarget,
  type EvaluationWorker,
} from '../../src/bullmq/index.js';
import { captureDiag, type DiagCapture } from '../support/diag.js';
import { constant, evaluationRecords, runLlm } from '../support/evaluation.js';
import { redisForFile, startRedis } from '../support/redis.js';
import { createTestTelemetry, providers, type TestTelemetry } from '../support/telemetry.js';
import { untilTrue } from './helpers.js';

const redis = redisForFile(startRedis);

let diagnostics: DiagCapture;
let app: TestTelemetry;
let workerSide: TestTelemetry;
let target: BullmqEvaluationTarget;
let handler: TelemetryHandler;
let worker: EvaluationWorker;
let queues = 0;

beforeEach(() => {
  diagnostics = captureDiag();
  app = createTestTelemetry();
  workerSide = createTestTelemetry();
  const queueName = `outage-${process.pid}-${queues++}`;
  target = bullmqEvaluationTarget({
    url: redis().url,
    queueName,
    enqueueTimeoutMs: 300,
    meterProvider: app.meterProvider,
  });
  handler = new TelemetryHandler({
    ...providers(app),
    evaluation: { evaluators: [constant('quality')], target },
  });
  worker = startEvaluationWorker({
    url: redis().url,
    queueName,
    evaluators: [constant('quality')],
    handler: new TelemetryHandler({ ...providers(workerSide), evaluation: false }),
  });
});
afterEach(async () => {
  await Promise.all([handler.shutdown(), worker.close()]);
  diagnostics.restore();
});

/** Result events the worker emitted, by evaluated span id. */
const evaluatedSpans = () =>
  new Set(evaluationRecords(workerSide).map((r) => r.spanContext?.spanId));

async function droppedPoints() {
  const points = await app.points(ENQUEUE_METRICS.dropped);
  return points.map((p) => [
    p.attributes['genai_telemetry.evaluation.enqueue.drop_reason'],
    p.value,
  ]);
}

describe('bullmq target while Redis is unavailable', () => {
  it('Redis stopped: stop() unaffected, drops counted once, enqueueing resumes after restart', async () => {
    await untilTrue(() => target.connected, 'connected');
    const before = [runLlm(handler), runLlm(handler)];
    await handler.forceFlush();
    await untilTrue(
      () => before.every((i) => evaluatedSpans().has(i.snapshot!.spanId)),
      'evaluated',
    );

    await redis().stop();
    await untilTrue(() => !target.connected, 'the target seeing Redis gone');
    const during = Array.from({ length: 50 }, () => runLlm(handler));
    await handler.forceFlush();
    expect(during.every((i) => i.endTime !== undefined)).toBe(true);
    expect(handler.stats()).toMatchObject({ stopped: 52, inFlight: 0 });
    expect(target.stats()).toMatchObject({
      accepted: 2,
      dropped: 50,
      droppedBy: { unavailable: 50 },
      pending: 0,
    });
    expect(handler.evaluation!.stats()).toMatchObject({ submitted: 52, submitFailed: 0 });
    expect(await droppedPoints()).toEqual([['redis_unavailable', 50]]);
    const reports = diagnostics.reports().filter((m) => m.includes('dropped'));
    expect(reports).toHaveLength(1);
    expect(reports[0]).toContain(ENQUEUE_METRICS.dropped);

    await redis().start();
    await untilTrue(() => target.connected, 'the target reconnected by itself');
    const after = [runLlm(handler), runLlm(handler), runLlm(handler)];
    await handler.forceFlush();
    expect(target.stats()).toMatchObject({ accepted: 5, dropped: 50 });
    await untilTrue(
      () => after.every((i) => evaluatedSpans().has(i.snapshot!.spanId)),
      'evaluated after',
    );
    expect(during.some((i) => evaluatedSpans().has(i.snapshot!.spanId))).toBe(false);
    expect(diagnostics.reports().filter((m) => m.includes('dropped'))).toHaveLength(1);
  });

  it('an application started while Redis is down drops, then enqueues once Redis comes up', async () => {
    await redis().stop();
    const early = bullmqEvaluationTarget({
      url: redis().url,
      queueName: `outage-early-${process.pid}`,
      enqueueTimeoutMs: 300,
    });
    const earlyHandler = new TelemetryHandler({
      emitters: 'metric',
      evaluation: { evaluators: [constant('quality')], target: early },
    });
    try {
      runLlm(earlyHandler);
      await earlyHandler.forceFlush();
      expect(early.stats()).toMatchObject({ accepted: 0, dropped: 1 });
      await redis().start();
      await untilTrue(() => early.connected, 'connected once Redis is up');
      runLlm(earlyHandler);
      await earlyHandler.forceFlush();
      expect(early.stats()).toMatchObject({ accepted: 1, dropped: 1 });
    } finally {
      await redis().start();
      await earlyHandler.shutdown();
    }
  });

  it('Redis too slow to answer: the enqueue is given up after enqueueTimeoutMs and counted', async () => {
    await untilTrue(() => target.connected, 'connected');
    const admin = new Redis(redis().url);
    try {
      await admin.call('CLIENT', 'PAUSE', '1500', 'ALL');
      runLlm(handler);
      runLlm(handler);
      await handler.forceFlush();
      expect(target.stats()).toMatchObject({ dropped: 2, droppedBy: { timeout: 2 }, pending: 0 });
      expect(await droppedPoints()).toEqual([['timeout', 2]]);
    } finally {
      admin.disconnect();
    }
  });
});
