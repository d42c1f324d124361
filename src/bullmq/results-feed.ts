/**
 * Results back on the producer side: the worker emits them through its own handler, and returns
 * them as the job's return value; BullMQ's queue events announce each completion once, and this
 * feed hands the batch and the job's invocation copy to the target's subscribers. Only jobs
 * this target enqueued are announced (other application instances share the queue). Delivery
 * is at most once: BullMQ's event stream is read from the moment the feed starts, so a
 * completion while this process was away is not announced again (the worker emitted it anyway).
 */
import { diag } from '@opentelemetry/api';
import { Job, QueueEvents, type Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { EvaluationResultsCallback } from '../handler-types.js';
import type { EvaluationResult, Invocation } from '../types.js';
import { EvaluationJobDataSchema } from './job.js';

/** What a worker returns for a job: the batch it emitted (or that an earlier attempt emitted). */
export const JobReturnSchema = z.object({ results: z.array(z.unknown()) });
export interface JobReturn {
  results: EvaluationResult[];
}

/** Ids of enqueued jobs still awaited; beyond this many the oldest is forgotten. */
const MAX_AWAITED = 100_000;
/** Covers the time the listener takes to start, and clock skew between here and Redis. */
const LOOKBACK_MS = 60_000;

export class ResultsFeed {
  private readonly callbacks: EvaluationResultsCallback[] = [];
  private readonly awaited = new Set<string>();
  private events: { listener: QueueEvents; connection: Redis } | undefined;

  constructor(
    private readonly queue: Queue,
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  get active(): boolean {
    return this.callbacks.length > 0;
  }

  subscribe(callback: EvaluationResultsCallback): () => void {
    this.callbacks.push(callback);
    this.events ??= this.start();
    return () => {
      const index = this.callbacks.indexOf(callback);
      if (index >= 0) this.callbacks.splice(index, 1);
    };
  }

  /** Called before each enqueue while someone listens (a fast worker may finish before the reply). */
  expect(jobId: string): void {
    if (this.awaited.size >= MAX_AWAITED) {
      const oldest = this.awaited.values().next().value;
      if (oldest !== undefined) this.awaited.delete(oldest);
    }
    this.awaited.add(jobId);
  }

  /** The job was not enqueued after all. */
  forget(jobId: string): void {
    this.awaited.delete(jobId);
  }

  async close(): Promise<void> {
    const events = this.events;
    this.events = undefined;
    if (!events) return;
    await events.listener.close();
    events.connection.disconnect();
  }

  private start(): { listener: QueueEvents; connection: Redis } {
    // Queue events read a stream with a blocking command: a connection of their own, without
    // the producer's command timeout (it would cut every blocking read short).
    const connection = this.redis.duplicate({
      maxRetriesPerRequest: null,
      enableOfflineQueue: true,
      commandTimeout: undefined,
    });
    // The stream is read from a little before now (stream ids are Redis's clock in ms), not
    // from its end when the first read happens to run: a fast worker's completion of a job
    // enqueued meanwhile would be missed. Older events are ignored (not awaited).
    const events = new QueueEvents(this.queue.name, {
      connection,
      prefix: this.prefix,
      lastEventId: `${Date.now() - LOOKBACK_MS}-0`,
    });
    events.on('error', (error) => diag.debug('genai-telemetry: bullmq queue events error', error));
    events.on('completed', ({ jobId, returnvalue }) => {
      if (!this.awaited.delete(jobId)) return;
      void this.announce(jobId, returnvalue);
    });
    events.on('failed', ({ jobId }) => this.awaited.delete(jobId));
    return { listener: events, connection };
  }

  private async announce(jobId: string, returnvalue: unknown): Promise<void> {
    try {
      const returned = JobReturnSchema.safeParse(returnvalue);
      const job = returned.success ? await Job.fromId(this.queue, jobId) : undefined;
      const data = EvaluationJobDataSchema.safeParse(job?.data);
      if (!returned.success || !data.success) return;
      const invocation = data.data.invocation as Invocation;
      const results = returned.data.results as EvaluationResult[];
      for (const callback of this.callbacks) {
        try {
          callback(invocation, results);
        } catch (error) {
          diag.error('genai-telemetry: an evaluation results callback threw', error);
        }
      }
    } catch (error) {
      diag.debug(`genai-telemetry: results of evaluation job ${jobId} could not be read`, error);
    }
  }
}
