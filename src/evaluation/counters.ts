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
  submitted: 'genai_telemetry.evaluation.submitted',
  submitFailed: 'genai_telemetry.evaluation.submit_failed',
  resultsDropped: 'genai_telemetry.evaluation.results_dropped',
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
  /** Jobs handed to the evaluation target (`evaluation.target`). */
  submitted: number;
  /** Jobs the evaluation target threw on or rejected. */
  submitFailed: number;
  /** Results past `maxResultsPerCall`, dropped. */
  resultsDropped: number;
  /** Invocations waiting for an evaluator slot right now. */
  pending: number;
  /** Evaluator calls running right now. */
  running: number;
}

type Outcome = 'completed' | 'failed';

/** Unit and description of each counter; typed by EVALUATION_METRICS so none is left out. */
const INSTRUMENTS: Record<keyof typeof EVALUATION_METRICS, readonly [string, string]> = {
  queued: ['{invocation}', 'Invocations queued for evaluation.'],
  dropped: ['{invocation}', 'Invocations not evaluated because the evaluation queue was full.'],
  completed: ['{evaluation}', 'Evaluator runs that produced results.'],
  failed: ['{evaluation}', 'Evaluator runs that threw, timed out or returned malformed results.'],
  submitted: ['{invocation}', 'Invocations handed to the evaluation target.'],
  submitFailed: ['{invocation}', 'Invocations the evaluation target refused (threw or rejected).'],
  resultsDropped: ['{result}', 'Evaluation results dropped past maxResultsPerCall.'],
};

type Total = Exclude<keyof typeof EVALUATION_METRICS, Outcome>;
const isOutcome = (counter: string): counter is Outcome =>
  counter === 'completed' || counter === 'failed';

export class EvaluationCounters {
  readonly totals = {
    queued: 0,
    dropped: 0,
    completed: 0,
    failed: 0,
    submitted: 0,
    submitFailed: 0,
    resultsDropped: 0,
  };
  private readonly byEvaluator: Record<Outcome, Map<string, number>> = {
    completed: new Map(),
    failed: new Map(),
  };

  constructor(meter: Meter) {
    const observe = (counter: keyof EvaluationCounters['totals']) => (result: ObservableResult) => {
      if (!isOutcome(counter)) result.observe(this.totals[counter]);
      else
        for (const [name, count] of this.byEvaluator[counter])
          result.observe(count, { [ATTR_EVALUATOR_NAME]: name });
    };
    for (const [counter, [unit, description]] of Object.entries(INSTRUMENTS) as Array<
      [keyof typeof INSTRUMENTS, readonly [string, string]]
    >) {
      meter
        .createObservableCounter(EVALUATION_METRICS[counter], { unit, description })
        .addCallback(observe(counter));
    }
  }

  count(counter: Total, by = 1): void {
    this.totals[counter] += by;
  }

  outcome(outcome: Outcome, evaluatorName: string): void {
    this.totals[outcome]++;
    const counts = this.byEvaluator[outcome];
    counts.set(evaluatorName, (counts.get(evaluatorName) ?? 0) + 1);
  }
}
