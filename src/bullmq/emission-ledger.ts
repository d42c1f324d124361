/**
 * Which jobs' results were emitted already, kept in Redis next to the queue. A job can run more
 * than once (a worker that crashed or stalled past its lock before BullMQ's acknowledgement, a
 * retry after a failure late in the attempt); the first attempt to record its results claims the
 * emission with `SET NX`, and every later attempt finds the claim and returns the recorded batch
 * instead of emitting again. The claim comes right before the (synchronous) emission, so the
 * only window left is a process dying between Redis's reply and the next line; emitting first
 * would instead emit twice for every worker that stalled while alive.
 */
import type { Redis } from 'ioredis';
import type { EvaluationResult } from '../types.js';

export const EMISSION_LEDGER_DEFAULTS = {
  /** How long a claim is kept: longer than a job can wait for its retries. */
  ttlMs: 7 * 24 * 3600 * 1000,
} as const;

export class EmissionLedger {
  constructor(
    private readonly redis: Redis,
    /** `{prefix}:{queue}`, BullMQ's own key namespace for the queue. */
    private readonly namespace: string,
    private readonly ttlMs: number,
  ) {}

  /**
   * Claims the emission of `jobId`'s results; resolves undefined when this caller won (and must
   * emit), else with the batch recorded by the attempt that won.
   */
  async claim(
    jobId: string,
    results: readonly EvaluationResult[],
  ): Promise<EvaluationResult[] | undefined> {
    const key = `${this.namespace}:genai-telemetry:emitted:${jobId}`;
    const set = await this.redis.set(key, JSON.stringify(results), 'PX', this.ttlMs, 'NX');
    if (set === 'OK') return undefined;
    const recorded = await this.redis.get(key);
    return recorded === null ? [] : (JSON.parse(recorded) as EvaluationResult[]);
  }
}
