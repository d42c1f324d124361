/**
 * What became of the jobs handed to the BullMQ target, in process (`target.stats()`) and as
 * observable counters in this project's namespace (no convention covers them). Counting is a
 * plain increment; the meter is taken when the first job arrives, so a target built before the
 * SDK registered its meter provider still reports (the metrics API has no proxy).
 */
import { diag, metrics, type MeterProvider } from '@opentelemetry/api';
import { PACKAGE_NAME, PACKAGE_VERSION } from '../version.js';

export const ENQUEUE_METRICS = {
  accepted: 'genai_telemetry.evaluation.enqueue.accepted',
  dropped: 'genai_telemetry.evaluation.enqueue.dropped',
} as const;
/** Why a job was dropped; the counter's only attribute, bounded by `DROP_REASONS`. */
export const ATTR_DROP_REASON = 'genai_telemetry.evaluation.enqueue.drop_reason';

export const DROP_REASONS = {
  /** Redis was not connected: the job was not even attempted. */
  unavailable: 'redis_unavailable',
  /** Redis did not confirm within `enqueueTimeoutMs` (the job may still have arrived). */
  timeout: 'timeout',
  /** `maxPendingEnqueues` jobs were already waiting for Redis. */
  backlog: 'backlog',
  /** Redis or BullMQ refused the job, or it could not be serialised. */
  error: 'error',
  /** Submitted after `shutdown()`. */
  closed: 'closed',
} as const;
export type DropReason = keyof typeof DROP_REASONS;

export interface EnqueueStats {
  /** Jobs Redis accepted (new, or already there under the same id). */
  accepted: number;
  /** Jobs not enqueued, in total and by reason. */
  dropped: number;
  droppedBy: Record<DropReason, number>;
  /** Enqueues waiting for Redis right now. */
  pending: number;
}

export class EnqueueCounters {
  accepted = 0;
  dropped = 0;
  readonly droppedBy: Record<DropReason, number> = {
    unavailable: 0,
    timeout: 0,
    backlog: 0,
    error: 0,
    closed: 0,
  };
  private observed = false;

  constructor(
    private readonly meterProvider: MeterProvider | undefined,
    /** Where jobs go, for the one report. */
    private readonly where: string,
  ) {}

  /** Registers the instruments on first use. */
  observe(): void {
    if (this.observed) return;
    this.observed = true;
    const meter = (this.meterProvider ?? metrics.getMeterProvider()).getMeter(
      `${PACKAGE_NAME}/bullmq`,
      PACKAGE_VERSION,
    );
    meter
      .createObservableCounter(ENQUEUE_METRICS.accepted, {
        unit: '{invocation}',
        description: 'Evaluation jobs accepted by Redis.',
      })
      .addCallback((result) => result.observe(this.accepted));
    meter
      .createObservableCounter(ENQUEUE_METRICS.dropped, {
        unit: '{invocation}',
        description: 'Evaluation jobs dropped because Redis was unavailable, slow or refused them.',
      })
      .addCallback((result) => {
        for (const [reason, count] of Object.entries(this.droppedBy) as Array<[DropReason, number]>)
          if (count > 0) result.observe(count, { [ATTR_DROP_REASON]: DROP_REASONS[reason] });
      });
  }

  drop(reason: DropReason, error?: unknown): void {
    if (this.dropped === 0) {
      diag.warn(
        `genai-telemetry: evaluation jobs for ${this.where} are being dropped (first: ${DROP_REASONS[reason]}); they are counted as ${ENQUEUE_METRICS.dropped} (reported once)`,
        ...(error === undefined ? [] : [error]),
      );
    }
    this.dropped++;
    this.droppedBy[reason]++;
  }

  stats(pending: number): EnqueueStats {
    return {
      accepted: this.accepted,
      dropped: this.dropped,
      droppedBy: { ...this.droppedBy },
      pending,
    };
  }
}
