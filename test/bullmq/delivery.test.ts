/**
 * Delivery across real processes and a real Redis: worker processes (test/fixtures/bullmq) that
 * are killed mid-job or right after emitting, closed gracefully with SIGTERM, or share 1,000
 * jobs. Every accepted job's results are emitted, and none twice.
 */
import { Queue } from 'bullmq';
import { afterEach, describe, expect, it } from 'vitest';
import { TelemetryHandler, type LlmInvocation } from '../../src/index.js';
import {
  bullmqEvaluationTarget,
  workerEvaluator,
  type BullmqEvaluationTarget,
} from '../../src/bullmq/index.js';
import { runLlm } from '../support/evaluation.js';
import { redisForFile } from '../support/redis.js';
import { untilTrue } from './helpers.js';
import { killAll, spawnWorker, type ResultLine, type WorkerProcess } from './workers.js';

const redis = redisForFile();

const workers: WorkerProcess[] = [];
const targets: BullmqEvaluationTarget[] = [];
const inspectors: Queue[] = [];
afterEach(async () => {
  await killAll(workers.splice(0));
  await Promise.all([
    ...targets.splice(0).map((t) => t.shutdown()),
    ...inspectors.splice(0).map((q) => q.close()),
  ]);
});

/**
 * Locks of killed workers expire after this; only the kill tests shorten it (a loaded machine
 * could otherwise starve a live worker past its lock, and BullMQ would count it as stalled).
 */
const SHORT_LOCK_MS = '1000';

/** What the fixture evaluates: its own `quality` evaluator and the registry's `length`. */
const EVALUATOR_NAMES = ['quality', 'length'];
let queues = 0;

function app(options: { maxQueueSize?: number } = {}) {
  const queueName = `delivery-${process.pid}-${queues++}`;
  const target = bullmqEvaluationTarget({
    url: redis().url,
    queueName,
    maxPendingEnqueues: 2000,
    jobOptions: { attempts: 3, backoff: { type: 'fixed', delay: 100 } },
  });
  targets.push(target);
  const handler = new TelemetryHandler({
    emitters: 'metric',
    evaluation: {
      // The application only names them: the worker processes run them.
      evaluators: EVALUATOR_NAMES.map((name) => workerEvaluator(name)),
      maxQueueSize: options.maxQueueSize ?? 1000,
      target,
    },
  });
  const worker = (id: string, env: Record<string, string> = {}) => {
    const spawned = spawnWorker(id, {
      REDIS_URL: redis().url,
      GENAI_TELEMETRY_EVALUATION_QUEUE: queueName,
      ...env,
    });
    workers.push(spawned);
    return spawned;
  };
  /** The queue as a dashboard sees it, on a connection of its own (the target's may be closed). */
  const inspect = () => {
    const queue = new Queue(queueName, { connection: { url: redis().url } });
    inspectors.push(queue);
    return queue;
  };
  return { target, handler, worker, inspect };
}

const ready = (w: WorkerProcess) => w.until((l) => l.type === 'ready', 'ready');
const started = (w: WorkerProcess) => w.lines.filter((l) => l.type === 'started');
const key = (r: ResultLine) => `${r.spanId}/${r.name}`;

/** Every invocation has each evaluator's result exactly once, over all `lines`. */
function expectExactlyOnce(invocations: LlmInvocation[], lines: ResultLine[]) {
  const expected = invocations.flatMap((inv) =>
    EVALUATOR_NAMES.map((name) => `${inv.snapshot!.spanId}/${name}`),
  );
  expect(lines.map(key).sort()).toEqual(expected.sort());
  const traceOf = new Map(invocations.map((inv) => [inv.snapshot!.spanId, inv.snapshot!.traceId]));
  for (const line of lines) expect(line.traceId).toBe(traceOf.get(line.spanId));
}

const allResults = () => workers.flatMap((w) => w.results());

describe('bullmq delivery across worker processes', () => {
  it('a worker killed with SIGKILL mid-job: another worker runs its jobs, results once', async () => {
    const { target, handler, worker } = app();
    const doomed = worker('doomed', {
      HANG: '1',
      GENAI_TELEMETRY_EVALUATION_CONCURRENCY: '5',
      LOCK_MS: SHORT_LOCK_MS,
    });
    await ready(doomed);
    await untilTrue(() => target.connected, 'target connected');
    const invocations = Array.from({ length: 5 }, () => runLlm(handler));
    await handler.forceFlush();
    expect(target.stats()).toMatchObject({ accepted: 5, dropped: 0 });
    await untilTrue(() => started(doomed).length === 5, 'the doomed worker holding 5 jobs');
    await doomed.kill('SIGKILL');
    const rescuer = worker('rescuer', { LOCK_MS: SHORT_LOCK_MS });
    await untilTrue(
      () => rescuer.results().length === 10,
      'the rescuer emitting 10 results',
      40_000,
    );
    expect(doomed.results()).toEqual([]);
    expectExactlyOnce(invocations, allResults());
    expect(await target.queue.getJobCounts('completed', 'failed', 'active')).toEqual({
      completed: 5,
      failed: 0,
      active: 0,
    });
    await handler.shutdown();
  });

  it('a worker killed after emitting, before BullMQ acknowledged: the retry does not emit again', async () => {
    const { target, handler, worker } = app();
    const doomed = worker('doomed', { DIE_AFTER_EMIT: '1', LOCK_MS: SHORT_LOCK_MS });
    await ready(doomed);
    await untilTrue(() => target.connected, 'target connected');
    const invocations = [runLlm(handler)];
    await handler.forceFlush();
    expect(await doomed.exited).toBeNull();
    expect(doomed.results()).toHaveLength(2);
    const rescuer = worker('rescuer', { LOCK_MS: SHORT_LOCK_MS });
    await untilTrue(
      async () => (await target.queue.getJobCounts('completed')).completed === 1,
      'the job completed by the rescuer',
    );
    await rescuer.kill('SIGTERM');
    expect(rescuer.lines.find((l) => l.type === 'closed')).toMatchObject({
      stats: { emitted: 0, alreadyEmitted: 1 },
    });
    expect(started(rescuer)).toHaveLength(1);
    expectExactlyOnce(invocations, allResults());
    await handler.shutdown();
  });

  it('graceful shutdown on both sides loses no accepted job', async () => {
    const { target, handler, worker, inspect } = app();
    const first = worker('first', {
      EVALUATOR_DELAY_MS: '300',
      GENAI_TELEMETRY_EVALUATION_CONCURRENCY: '2',
    });
    await ready(first);
    await untilTrue(() => target.connected, 'target connected');
    const invocations = Array.from({ length: 10 }, () => runLlm(handler));
    // The application stops right away: shutdown waits for the enqueues in flight.
    await handler.shutdown();
    expect(target.stats()).toMatchObject({ accepted: 10, dropped: 0, pending: 0 });
    await untilTrue(() => started(first).length >= 2, 'the first worker holding jobs');
    expect(await first.kill('SIGTERM')).toBe(0);
    // Every job the first worker took, it finished before exiting.
    const finishedByFirst = new Set(first.results().map((r) => r.spanId));
    for (const line of started(first))
      expect(finishedByFirst.has(line.jobId.split('-')[1]!)).toBe(true);
    const second = worker('second', { GENAI_TELEMETRY_EVALUATION_CONCURRENCY: '4' });
    await untilTrue(() => allResults().length === 20, 'all 20 results');
    expectExactlyOnce(invocations, allResults());
    expect(
      second.results().some((r) => finishedByFirst.has(r.spanId)),
      'a job the first worker finished was run again',
    ).toBe(false);
    expect(await inspect().getJobCounts('completed', 'failed', 'active')).toEqual({
      completed: 10,
      failed: 0,
      active: 0,
    });
  });

  it('1,000 jobs over 3 worker processes: 1,000 result batches, no duplicates', async () => {
    const { target, handler, worker, inspect } = app({ maxQueueSize: 2000 });
    const pool = ['w1', 'w2', 'w3'].map((id) =>
      worker(id, { GENAI_TELEMETRY_EVALUATION_CONCURRENCY: '16' }),
    );
    await Promise.all(pool.map(ready));
    await untilTrue(() => target.connected, 'target connected');
    const invocations = Array.from({ length: 1000 }, () => runLlm(handler));
    await handler.forceFlush();
    expect(target.stats()).toMatchObject({ accepted: 1000, dropped: 0 });
    await untilTrue(
      () => allResults().length >= 2000,
      () => `2,000 results (${allResults().length} so far)`,
      // Three worker processes, Redis and this process share the machine's cores: on a loaded
      // machine the last results take a while (a correctness test, not a timing one).
      100_000,
    ).catch(async (error: Error) => {
      // Say where the missing jobs are: the queue's own view of them.
      const queue = inspect();
      const counts = await queue.getJobCounts(
        'completed',
        'failed',
        'active',
        'waiting',
        'delayed',
      );
      const failed = (await queue.getFailed(0, 3)).map((j) => j.failedReason);
      throw new Error(
        `${error.message}; queue ${JSON.stringify(counts)}; failed: ${failed.join(' | ')}`,
      );
    });
    expectExactlyOnce(invocations, allResults());
    for (const w of pool) expect(w.results().length, `${w.id} took part`).toBeGreaterThan(0);
    await handler.shutdown();
  }, 130_000);
});
