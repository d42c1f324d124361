/**
 * The application side: an evaluation target that turns each job the handler's manager accepted
 * into a BullMQ job. Nothing here runs inside `stop` (the manager submits on a later turn), and
 * nothing waits on Redis for long: while Redis is not connected a job is dropped on the spot, an
 * enqueue that Redis does not confirm within `enqueueTimeoutMs` is given up, and at most
 * `maxPendingEnqueues` wait at once. Drops are counted and reported once; the client reconnects
 * by itself, and enqueueing resumes when Redis is back.
 */
import type { MeterProvider } from '@opentelemetry/api';
import { Queue, type JobsOptions } from 'bullmq';
import type { Redis, RedisOptions } from 'ioredis';
import type { EvaluationJob, EvaluationTarget } from '../evaluation/target.js';
import type { EvaluationResultsCallback } from '../handler-types.js';
import { createReporter } from '../report.js';
import { positiveInt, resolveLocation, type QueueLocation } from './config.js';
import { EnqueueCounters, type EnqueueStats } from './enqueue-counters.js';
import { EVALUATION_JOB_NAME, toJobData, type EvaluationJobData } from './job.js';
import { ResultsFeed } from './results-feed.js';

export interface BullmqTargetOptions extends QueueLocation {
  /** Longest wait for Redis to confirm one job, and so for `forceFlush`; default 2000 ms. */
  enqueueTimeoutMs?: number;
  /** Enqueues waiting for Redis at once; beyond, jobs are dropped. Default 1000. */
  maxPendingEnqueues?: number;
  /** BullMQ job options; the defaults retry 5 times with exponential backoff from 1 s. */
  jobOptions?: Pick<
    JobsOptions,
    'attempts' | 'backoff' | 'removeOnComplete' | 'removeOnFail' | 'priority'
  >;
  /** For the enqueue counters; default the global provider, looked up when the first job arrives. */
  meterProvider?: MeterProvider;
  /** Throw typed errors for bad options instead of one `diag` report and the default. */
  strict?: boolean;
}

export interface BullmqEvaluationTarget extends EvaluationTarget {
  readonly queueName: string;
  /** The BullMQ queue (for dashboards, `getFailed()`, ...). */
  readonly queue: Queue<EvaluationJobData>;
  stats(): EnqueueStats;
  /** Whether Redis is connected now (jobs submitted while it is not are dropped). */
  readonly connected: boolean;
  /**
   * Results the workers emitted for jobs this target enqueued, with the job's invocation copy,
   * announced through BullMQ's queue events. At most once: see results-feed.ts.
   */
  onEvaluationResults(callback: EvaluationResultsCallback): () => void;
  forceFlush(): Promise<void>;
  shutdown(): Promise<void>;
}

const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 1000 },
  // Completed jobs are kept an hour (producer-side subscribers read their data), failed ones a week.
  removeOnComplete: { age: 3600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

export const TARGET_DEFAULTS = {
  enqueueTimeoutMs: 2000,
  maxPendingEnqueues: 1000,
  jobOptions: DEFAULT_JOB_OPTIONS,
} as const;

export function bullmqEvaluationTarget(options: BullmqTargetOptions = {}): BullmqEvaluationTarget {
  return new BullmqTarget(options);
}

class BullmqTarget implements BullmqEvaluationTarget {
  readonly queueName: string;
  readonly queue: Queue<EvaluationJobData>;
  private readonly redis: Redis;
  private readonly ownsRedis: boolean;
  private readonly counters: EnqueueCounters;
  private readonly feed: ResultsFeed;
  private readonly jobOptions: JobsOptions;
  private readonly enqueueTimeoutMs: number;
  private readonly maxPending: number;
  private readonly pending = new Set<Promise<void>>();
  private closed = false;
  private shutdownPromise: Promise<void> | undefined;

  constructor(options: BullmqTargetOptions) {
    const report = createReporter(options.strict === true);
    const location = resolveLocation(options, report);
    this.queueName = location.queueName;
    this.enqueueTimeoutMs = positiveInt(
      'enqueueTimeoutMs',
      options.enqueueTimeoutMs,
      undefined,
      TARGET_DEFAULTS.enqueueTimeoutMs,
      report,
    );
    this.maxPending = positiveInt(
      'maxPendingEnqueues',
      options.maxPendingEnqueues,
      undefined,
      TARGET_DEFAULTS.maxPendingEnqueues,
      report,
    );
    const defaults: RedisOptions = {
      // Fail at once while disconnected instead of buffering: the caller drops and counts.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      commandTimeout: this.enqueueTimeoutMs,
      connectTimeout: this.enqueueTimeoutMs,
      // ioredis's default retry strategy reconnects for ever (backing off to 2 s): recovery.
    };
    const { redis, owned } = location.connect(defaults);
    this.redis = redis;
    this.ownsRedis = owned;
    // Connection trouble is counted through the drops; ioredis would otherwise print every
    // reconnection failure. A client passed in is the caller's to watch.
    if (owned) redis.on('error', () => undefined);
    this.queue = new Queue<EvaluationJobData>(location.queueName, {
      connection: redis,
      prefix: location.prefix,
    });
    this.queue.on('error', () => undefined);
    this.counters = new EnqueueCounters(
      options.meterProvider,
      `queue ${this.queueName} at ${location.where}`,
    );
    this.feed = new ResultsFeed(this.queue, redis, location.prefix);
    this.jobOptions = { ...TARGET_DEFAULTS.jobOptions, ...options.jobOptions };
  }

  submit(job: EvaluationJob): Promise<void> | void {
    const counters = this.counters;
    counters.observe();
    if (this.closed) return counters.drop('closed');
    if (this.pending.size >= this.maxPending) return counters.drop('backlog');
    if (this.redis.status !== 'ready') return counters.drop('unavailable');
    let prepared: ReturnType<typeof toJobData>;
    try {
      prepared = toJobData(job);
    } catch (error) {
      return counters.drop('error', error);
    }
    if (!prepared) return counters.drop('error');
    const enqueue = this.enqueue(prepared.id, prepared.data);
    this.pending.add(enqueue);
    void enqueue.then(() => this.pending.delete(enqueue));
    return enqueue;
  }

  stats(): EnqueueStats {
    return this.counters.stats(this.pending.size);
  }

  get connected(): boolean {
    return this.redis.status === 'ready';
  }

  onEvaluationResults(callback: EvaluationResultsCallback): () => void {
    return this.feed.subscribe(callback);
  }

  /** Waits for the enqueues in flight; each is bounded by `enqueueTimeoutMs`. */
  async forceFlush(): Promise<void> {
    await Promise.all(this.pending);
  }

  shutdown(): Promise<void> {
    this.closed = true;
    this.shutdownPromise ??= (async () => {
      await this.forceFlush();
      await Promise.allSettled([this.feed.close(), this.queue.close()]);
      if (this.ownsRedis) this.redis.disconnect();
    })();
    return this.shutdownPromise;
  }

  /** Never rejects: every outcome is counted. */
  private async enqueue(jobId: string, data: EvaluationJobData): Promise<void> {
    const listening = this.feed.active;
    if (listening) this.feed.expect(jobId);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), this.enqueueTimeoutMs);
      timer.unref();
    });
    try {
      const added = this.queue
        .add(EVALUATION_JOB_NAME, data, { ...this.jobOptions, jobId })
        .then(() => 'accepted' as const);
      const outcome = await Promise.race([added, timedOut]);
      if (outcome === 'accepted') this.counters.accepted++;
      else this.dropped(jobId, 'timeout', listening);
    } catch (error) {
      this.dropped(jobId, 'error', listening, error);
    } finally {
      clearTimeout(timer);
    }
  }

  private dropped(jobId: string, reason: 'timeout' | 'error', listening: boolean, error?: unknown) {
    if (listening) this.feed.forget(jobId);
    this.counters.drop(reason, error);
  }
}
