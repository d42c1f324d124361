/**
 * The manager's counters, readable in process (`handler.evaluation.stats()`) and exported as
 * OpenTelemetry observable counters. Observing at collection time keeps the metric cost off
 * `stop`: counting is a plain increment. These are this project's own metrics (no convention
 * covers them); the only attribute is the evaluator's name, bounded by configuration.
 */
import type { Meter, ObservableResult } from '@opentelemetry/api';

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

type Outcome = 'completed' | 'failed';

export class EvaluationCounters {
  readonly totals = { queued: 0, dropped: 0, completed: 0, failed: 0 };
  private readonly byEvaluator: Record<Outcome, Map<string, number>> = {
    completed: new Map(),
    failed: new Map(),
  };

  constructor(meter: Meter) {
    const observeTotal = (counter: 'queued' | 'dropped') => (result: ObservableResult) =>
      result.observe(this.totals[counter]);
    const observeByEvaluator = (outcome: Outcome) => (result: ObservableResult) => {
      for (const [name, count] of this.byEvaluator[outcome])
        result.observe(count, { [ATTR_EVALUATOR_NAME]: name });
    };
    meter
      .createObservableCounter(EVALUATION_METRICS.queued, {
        unit: '{invocation}',
        description: 'Invocations queued for evaluation.',
      })
      .addCallback(observeTotal('queued'));
    meter
      .createObservableCounter(EVALUATION_METRICS.dropped, {
        unit: '{invocation}',
        description: 'Invocations not evaluated because the evaluation queue was full.',
      })
      .addCallback(observeTotal('dropped'));
    meter
      .createObservableCounter(EVALUATION_METRICS.completed, {
        unit: '{evaluation}',
        description: 'Evaluator runs that produced results.',
      })
      .addCallback(observeByEvaluator('completed'));
    meter
      .createObservableCounter(EVALUATION_METRICS.failed, {
        unit: '{evaluation}',
        description: 'Evaluator runs that threw, timed out or returned malformed results.',
      })
      .addCallback(observeByEvaluator('failed'));
  }

  count(counter: 'queued' | 'dropped'): void {
    this.totals[counter]++;
  }

  outcome(outcome: Outcome, evaluatorName: string): void {
    this.totals[outcome]++;
    const counts = this.byEvaluator[outcome];
    counts.set(evaluatorName, (counts.get(evaluatorName) ?? 0) + 1);
  }
}
