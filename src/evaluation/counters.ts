/**
 * The manager's counters, readable in process (`handler.evaluation.stats()`) and exported as
 * OpenTelemetry counters. These are this project's own metrics (no convention covers them); their
 * only attribute is the evaluator's name (`genai_telemetry.evaluator.name`), bounded by configuration.
 */
import type { Counter, Meter } from '@opentelemetry/api';

export const EVALUATION_METRICS = {
  queued: 'genai_telemetry.evaluation.queued',
  dropped: 'genai_telemetry.evaluation.dropped',
  completed: 'genai_telemetry.evaluation.completed',
  failed: 'genai_telemetry.evaluation.failed',
} as const;
/** An evaluator may emit results under other names (a judge per metric); this names the evaluator. */
export const ATTR_EVALUATOR_NAME = 'genai_telemetry.evaluator.name';

export interface EvaluationStats {
  /** Invocations accepted for evaluation (sampled in, with an applicable evaluator). */
  queued: number;
  /** Invocations dropped because the queue was full. */
  dropped: number;
  /** Evaluator runs that ended with results and no error. */
  completed: number;
  /** Evaluator runs that threw, timed out or returned malformed results. */
  failed: number;
  /** Invocations waiting for an evaluator slot right now. */
  pending: number;
  /** Evaluator calls running right now. */
  running: number;
}

export class EvaluationCounters {
  readonly totals = { queued: 0, dropped: 0, completed: 0, failed: 0 };
  private readonly instruments: Record<keyof EvaluationCounters['totals'], Counter>;

  constructor(meter: Meter) {
    const invocations = { unit: '{invocation}' };
    const runs = { unit: '{evaluation}' };
    this.instruments = {
      queued: meter.createCounter(EVALUATION_METRICS.queued, {
        ...invocations,
        description: 'Invocations queued for evaluation.',
      }),
      dropped: meter.createCounter(EVALUATION_METRICS.dropped, {
        ...invocations,
        description: 'Invocations not evaluated because the evaluation queue was full.',
      }),
      completed: meter.createCounter(EVALUATION_METRICS.completed, {
        ...runs,
        description: 'Evaluator runs that produced results.',
      }),
      failed: meter.createCounter(EVALUATION_METRICS.failed, {
        ...runs,
        description: 'Evaluator runs that threw, timed out or returned malformed results.',
      }),
    };
  }

  add(counter: keyof EvaluationCounters['totals'], evaluatorName?: string): void {
    this.totals[counter]++;
    this.instruments[counter].add(
      1,
      evaluatorName === undefined ? undefined : { [ATTR_EVALUATOR_NAME]: evaluatorName },
    );
  }
}
