/**
 * The evaluation category's built-ins: a `gen_ai.evaluation.result` log record per result and a
 * `gen_ai.evaluation.score` histogram, both in the snapshot's context so results attach to the
 * evaluated span even when they arrive long after it ended, or from another process.
 *
 * The histogram's attributes are bounded like the other metrics': every string is cut to
 * MAX_METRIC_ATTRIBUTE_LENGTH, and the result's name and label, which an evaluator may build
 * from what it read, keep their first distinct values only (MAX_SCORE_NAMES, MAX_SCORE_LABELS);
 * later ones are recorded as `_OTHER`, reported once. The log records keep them whole.
 */
import { diag, type Attributes, type Histogram } from '@opentelemetry/api';
import { SeverityNumber, type Logger, type LogAttributes } from '../providers/logs-api.js';
import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_EVALUATION_EXPLANATION,
  ATTR_GEN_AI_EVALUATION_NAME,
  ATTR_GEN_AI_EVALUATION_SCORE_LABEL,
  ATTR_GEN_AI_EVALUATION_SCORE_VALUE,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_ID,
  ERROR_TYPE_VALUE_OTHER,
  EVENT_GEN_AI_EVALUATION_RESULT,
  METRIC_GEN_AI_EVALUATION_SCORE,
} from '../semconv.js';
import type { EvaluationResult, Invocation } from '../types.js';
import { operationName } from '../conventions/index.js';
import { MAX_METRIC_ATTRIBUTE_LENGTH } from './metric-attributes.js';
import type { Emitter, EmitterContext, InvocationState } from './emitter.js';
import { recordableMessage, type ErrorMessagePolicy } from '../error-text.js';

export class EvaluationEventsEmitter implements Emitter {
  readonly name = 'evaluation_events';
  readonly category = 'evaluation' as const;
  private readonly logger: Logger;
  private readonly errorMessages: ErrorMessagePolicy;

  constructor({ logger, config }: EmitterContext) {
    this.logger = logger;
    this.errorMessages = config.errorMessages;
  }

  onEvaluationResults(
    invocation: Invocation,
    results: readonly EvaluationResult[],
    state: InvocationState,
  ): void {
    const responseId = invocation.kind === 'llm' ? invocation.responseId : undefined;
    for (const result of results) {
      const attributes: LogAttributes = {
        ...result.attributes,
        [ATTR_GEN_AI_EVALUATION_NAME]: result.name,
      };
      if (result.score !== undefined) attributes[ATTR_GEN_AI_EVALUATION_SCORE_VALUE] = result.score;
      if (result.label !== undefined) attributes[ATTR_GEN_AI_EVALUATION_SCORE_LABEL] = result.label;
      // A failed evaluation has no verdict to explain; its error message is what a reader needs,
      // as far as error text may be recorded (an evaluator's error can quote the answer).
      const explanation =
        result.explanation ??
        (result.error && recordableMessage(result.error.message, invocation, this.errorMessages));
      if (explanation) attributes[ATTR_GEN_AI_EVALUATION_EXPLANATION] = explanation;
      if (responseId !== undefined) attributes[ATTR_GEN_AI_RESPONSE_ID] = responseId;
      if (result.error) attributes[ATTR_ERROR_TYPE] = result.error.type;
      this.logger.emit({
        eventName: EVENT_GEN_AI_EVALUATION_RESULT,
        severityNumber: result.error ? SeverityNumber.WARN : SeverityNumber.INFO,
        context: state.correlationContext,
        attributes,
      });
    }
  }
}

/**
 * Scores are in [0, 1] (DESIGN.md "Evaluation"); the SDK's default boundaries (0, 5, 10, ...
 * 10000) would put every score in one bucket. Tenths, so pass/fail thresholds line up.
 */
export const SCORE_BUCKETS = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1] as const;

/** Distinct `gen_ai.evaluation.name` values a score histogram keeps as attributes. */
export const MAX_SCORE_NAMES = 100;
/** Distinct `gen_ai.evaluation.score.label` values a score histogram keeps as attributes. */
export const MAX_SCORE_LABELS = 50;

const cut = (value: string): string =>
  value.length > MAX_METRIC_ATTRIBUTE_LENGTH ? value.slice(0, MAX_METRIC_ATTRIBUTE_LENGTH) : value;

/** The first `limit` distinct values pass (cut); later ones become `_OTHER`, reported once. */
class BoundedValues {
  private readonly seen = new Set<string>();
  private reported = false;

  constructor(
    private readonly attribute: string,
    private readonly limit: number,
  ) {}

  bound(value: string): string {
    const kept = cut(value);
    if (this.seen.has(kept)) return kept;
    if (this.seen.size < this.limit) {
      this.seen.add(kept);
      return kept;
    }
    if (!this.reported) {
      this.reported = true;
      diag.warn(
        `genai-telemetry: more than ${this.limit} distinct ${this.attribute} values on ${METRIC_GEN_AI_EVALUATION_SCORE}; later ones are recorded as ${ERROR_TYPE_VALUE_OTHER} (reported once)`,
      );
    }
    return ERROR_TYPE_VALUE_OTHER;
  }
}

export class EvaluationMetricsEmitter implements Emitter {
  readonly name = 'evaluation_metrics';
  readonly category = 'evaluation' as const;
  private readonly score: Histogram;
  private readonly names = new BoundedValues(ATTR_GEN_AI_EVALUATION_NAME, MAX_SCORE_NAMES);
  private readonly labels = new BoundedValues(ATTR_GEN_AI_EVALUATION_SCORE_LABEL, MAX_SCORE_LABELS);

  constructor({ meter }: EmitterContext) {
    this.score = meter.createHistogram(METRIC_GEN_AI_EVALUATION_SCORE, {
      unit: '1',
      description: 'Scores of GenAI evaluation results.',
      advice: { explicitBucketBoundaries: [...SCORE_BUCKETS] },
    });
  }

  onEvaluationResults(
    invocation: Invocation,
    results: readonly EvaluationResult[],
    state: InvocationState,
  ): void {
    for (const result of results) {
      if (result.score === undefined || result.error) continue;
      const attributes: Attributes = {
        [ATTR_GEN_AI_EVALUATION_NAME]: this.names.bound(result.name),
      };
      if (result.label !== undefined)
        attributes[ATTR_GEN_AI_EVALUATION_SCORE_LABEL] = this.labels.bound(result.label);
      const operation = operationName(invocation);
      if (operation !== undefined) attributes[ATTR_GEN_AI_OPERATION_NAME] = operation;
      if (invocation.provider !== undefined)
        attributes[ATTR_GEN_AI_PROVIDER_NAME] = cut(invocation.provider);
      if ('requestModel' in invocation && invocation.requestModel !== undefined) {
        attributes[ATTR_GEN_AI_REQUEST_MODEL] = cut(invocation.requestModel);
      }
      this.score.record(result.score, attributes, state.correlationContext);
    }
  }
}
