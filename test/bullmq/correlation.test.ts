/**
 * Producer and worker in this process, against a real Redis: the results a worker emits for a
 * job's JSON copy land on the original span (spans on and off), the worker's `evaluate` step
 * joins the trace under it, producer-side subscribers get each batch once, evaluator failures
 * are results as in process, and jobs the worker cannot run end in BullMQ's failed set.
 */
import type { Attributes } from '@opentelemetry/api';
import { Queue } from 'bullmq';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ConfigurationError,
  TelemetryHandler,
  type EvaluationJob,
  type EvaluationResult,
  type Evaluator,
  type Invocation,
} from '../../src/index.js';
import {
  bullmqEvaluationTarget,
  NOT_EVALUATED_HERE,
  startEvaluationWorker,
  workerEvaluator,
  type BullmqTargetOptions,
  type EvaluationWorkerOptions,
} from '../../src/bullmq/index.js';
import { captureDiag } from '../support/diag.js';
import { constant, evaluationRecords, runLlm } from '../support/evaluation.js';
import { redisForFile } from '../support/redis.js';
import { createTestTelemetry, providers, TEST_SPAN_ID } from '../support/telemetry.js';
import { untilTrue } from './helpers.js';

const redis = redisForFile();

const closing: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  await Promise.all(closing.splice(0).map((close) => close()));
});

let queues = 0;
/** A target and a worker on a fresh queue; the worker's handler exports to `workerSide`. */
function queuePair(
  targetOptions: Partial<BullmqTargetOptions> = {},
  workerOptions: Partial<EvaluationWorkerOptions> = {},
  emitters = 'span_metric_event',
) {
  const queueName = `correlation-${process.pid}-${queues++}`;
  const target = bullmqEvaluationTarget({ url: redis().url, queueName, ...targetOptions });
  const workerSide = createTestTelemetry();
  const workerHandler = new TelemetryHandler({
    ...providers(workerSide),
    emitters,
    evaluation: false,
  });
  const worker = startEvaluationWorker({
    url: redis().url,
    queueName,
    evaluators: [constant('relevance', 0.75), constant('length')],
    handler: workerHandler,
    ...workerOptions,
  });
  closing.push(
    () => worker.close(),
    () => target.shutdown(),
    () => workerHandler.shutdown(),
  );
  return { queueName, target, worker, workerSide };
}

const stub = (name: string) => workerEvaluator(name);

describe.each([
  ['spans on', 'span_metric_event'],
  ['spans off', 'metric_event'],
])('bullmq evaluation, %s', (_, emitters) => {
  it('attaches the worker results to the original span; the evaluate step joins its trace', async () => {
    const app = createTestTelemetry();
    const { target, worker, workerSide } = queuePair({}, {}, emitters);
    const handler = new TelemetryHandler({
      ...providers(app),
      emitters,
      evaluation: { evaluators: [stub('relevance'), stub('length')], target },
    });
    const seen: Array<[Invocation, readonly EvaluationResult[]]> = [];
    target.onEvaluationResults((inv, results) => seen.push([inv, results]));
    await untilTrue(() => target.connected, 'connected');
    const integration = handler.forScope({ name: 'my-integration', version: '2.0.0' });
    const invocations = [runLlm(handler), runLlm(handler), runLlm(integration)];
    await handler.forceFlush();
    expect(target.stats()).toMatchObject({ accepted: 3, dropped: 0 });
    await untilTrue(() => worker.stats().emitted === 3 && seen.length === 3, 'three batches');
    await Promise.all([worker.close(), handler.shutdown()]);

    const records = evaluationRecords(workerSide);
    expect(records).toHaveLength(6);
    // Every scope's score histogram (the integration's results have a scope of their own).
    const scores = (await workerSide.metrics())
      .filter((m) => m.descriptor.name === 'gen_ai.evaluation.score')
      .flatMap((m) => m.dataPoints as Array<{ attributes: Attributes }>);
    for (const inv of invocations) {
      const { traceId, spanId } = inv.snapshot!;
      const mine = records.filter((r) => r.spanContext?.spanId === spanId);
      expect(mine.map((r) => r.attributes['gen_ai.evaluation.name']).sort()).toEqual([
        'length',
        'relevance',
      ]);
      for (const r of mine) expect(r.spanContext?.traceId).toBe(traceId);
      expect(scores.filter((p) => p.attributes[TEST_SPAN_ID] === spanId)).toHaveLength(2);
    }
    // Results go out under the scope the invocation was started in, as they do in process.
    const scopeOf = (inv: Invocation) =>
      records.find((r) => r.spanContext?.spanId === inv.snapshot!.spanId)?.instrumentationScope;
    expect(scopeOf(invocations[0]!)?.name).toBe('genai-telemetry');
    expect(scopeOf(invocations[2]!)).toMatchObject({ name: 'my-integration', version: '2.0.0' });

    const steps = workerSide.spans().filter((s) => s.name === 'evaluate');
    if (emitters === 'metric_event') expect(steps).toEqual([]);
    else {
      expect(app.spans().map((s) => s.spanContext().spanId)).toEqual(
        expect.arrayContaining(invocations.map((i) => i.snapshot!.spanId)),
      );
      expect(
        steps.map((s) => [s.spanContext().traceId, s.parentSpanContext?.spanId]).sort(),
      ).toEqual(invocations.map((i) => [i.snapshot!.traceId, i.snapshot!.spanId]).sort());
    }

    // Producer-side subscribers: each batch once, with the job's copy of the invocation.
    expect(seen.map(([inv]) => inv.snapshot).sort(bySpan)).toEqual(
      invocations.map((i) => i.snapshot).sort(bySpan),
    );
    for (const [, results] of seen)
      expect(results.map((r) => r.name)).toEqual(['relevance', 'length']);
  });
});

const bySpan = (a?: { spanId: string }, b?: { spanId: string }) =>
  (a?.spanId ?? '').localeCompare(b?.spanId ?? '');

describe('bullmq evaluation semantics', () => {
  it('an evaluator that throws or times out yields an error result, as in process', async () => {
    const throwing: Evaluator = {
      name: 'throwing',
      evaluate: () => {
        throw new RangeError('judge unavailable');
      },
    };
    const hanging: Evaluator = { name: 'hanging', evaluate: () => new Promise(() => undefined) };
    const { target, worker, workerSide } = queuePair(
      {},
      { evaluators: [throwing, hanging, constant('fine')], timeoutMs: 100 },
    );
    const handler = new TelemetryHandler({
      emitters: 'metric',
      evaluation: { evaluators: [stub('throwing'), stub('hanging'), stub('fine')], target },
    });
    await untilTrue(() => target.connected, 'connected');
    runLlm(handler);
    await handler.shutdown();
    await untilTrue(() => worker.stats().emitted === 1, 'one batch');
    await worker.close();
    const byName = Object.fromEntries(
      evaluationRecords(workerSide).map((r) => [
        r.attributes['gen_ai.evaluation.name'],
        r.attributes,
      ]),
    );
    expect(byName.throwing).toMatchObject({ 'error.type': 'RangeError' });
    expect(byName.hanging).toMatchObject({ 'error.type': 'TimeoutError' });
    expect(byName.fine).toMatchObject({ 'gen_ai.evaluation.score.value': 1 });
    expect(byName.fine!['error.type']).toBeUndefined();
  });

  it('the same evaluation submitted twice is one job (deterministic id)', async () => {
    const { target, worker } = queuePair();
    await worker.close();
    await untilTrue(() => target.connected, 'connected');
    const handler = new TelemetryHandler({ emitters: 'metric', evaluation: false });
    const invocation = runLlm(handler);
    const evaluators = [stub('relevance'), stub('length')];
    const job: EvaluationJob = { invocation, scope: { name: 'app' }, evaluators };
    await target.submit(job);
    await target.submit(job);
    await target.submit({ ...job, evaluators: [stub('relevance')] });
    expect(target.stats()).toMatchObject({ accepted: 3, dropped: 0 });
    expect(await target.queue.getJobCountByTypes('waiting')).toBe(2);
    const ids = (await target.queue.getWaiting()).map((j) => j.id!);
    for (const id of ids)
      expect(id.startsWith(`${invocation.snapshot!.traceId}-${invocation.snapshot!.spanId}-`)).toBe(
        true,
      );
  });

  it('a job naming an evaluator the worker lacks retries with backoff, then fails with the reason', async () => {
    const { target, queueName } = queuePair({
      jobOptions: { attempts: 3, backoff: { type: 'fixed', delay: 50 } },
    });
    const handler = new TelemetryHandler({
      emitters: 'metric',
      evaluation: { evaluators: [stub('relevance'), stub('judge')], target },
    });
    await untilTrue(() => target.connected, 'connected');
    runLlm(handler);
    await handler.shutdown();
    const queue = new Queue(queueName, { connection: { url: redis().url } });
    closing.push(() => queue.close());
    await untilTrue(async () => (await queue.getFailedCount()) === 1, 'the job in the failed set');
    const [failed] = await queue.getFailed();
    expect(failed!.attemptsMade).toBe(3);
    expect(failed!.failedReason).toContain('no evaluator named judge');
  });

  it('a workerEvaluator run in process (no target configured) says so in an error result', async () => {
    const t = createTestTelemetry();
    const handler = new TelemetryHandler({
      ...providers(t),
      evaluation: { evaluators: [workerEvaluator('relevance')] },
    });
    runLlm(handler);
    await handler.shutdown();
    expect(evaluationRecords(t).map((r) => r.attributes['error.type'])).toEqual([
      NOT_EVALUATED_HERE,
    ]);
  });

  it('bad target options: one diag report and the default, or a ConfigurationError in strict mode', async () => {
    const diagnostics = captureDiag();
    try {
      const lenient = bullmqEvaluationTarget({
        url: redis().url,
        queueName: '',
        enqueueTimeoutMs: -1,
      });
      closing.push(() => lenient.shutdown());
      expect(lenient.queueName).toBe('genai-telemetry-evaluations');
      expect(diagnostics.reports()).toEqual([
        expect.stringContaining('bullmq queueName'),
        expect.stringContaining(
          'bullmq enqueueTimeoutMs: -1 is not a positive integer; using 2000',
        ),
      ]);
    } finally {
      diagnostics.restore();
    }
    expect(() => bullmqEvaluationTarget({ url: redis().url, queueName: '', strict: true })).toThrow(
      ConfigurationError,
    );
  });

  it('a misconfigured worker does not start: a ConfigurationError naming the problem', () => {
    const start = (options: EvaluationWorkerOptions) => () =>
      startEvaluationWorker({ url: redis().url, handler: new TelemetryHandler(), ...options });
    expect(start({ evaluators: 'no_such_evaluator' })).toThrow(
      /unknown evaluator "no_such_evaluator"/,
    );
    expect(start({ evaluators: [constant('twin'), constant('twin')] })).toThrow(
      /two evaluators are named "twin"/,
    );
    expect(start({ environment: {} })).toThrow(/no evaluators/);
    expect(
      start({
        evaluators: 'json',
        environment: { GENAI_TELEMETRY_EVALUATION_CONCURRENCY: 'many' },
      }),
    ).toThrow(ConfigurationError);
  });

  it('a malformed job fails at once, without retries, with the reason', async () => {
    const { queueName } = queuePair();
    const queue = new Queue(queueName, { connection: { url: redis().url } });
    closing.push(() => queue.close());
    await queue.add('genai-telemetry.evaluate', { invocation: 'not an object' }, { attempts: 5 });
    await untilTrue(async () => (await queue.getFailedCount()) === 1, 'the job in the failed set');
    const [failed] = await queue.getFailed();
    expect(failed!.attemptsMade).toBe(1);
    expect(failed!.failedReason).toMatch(/^not an evaluation job: /);
  });
});
