/**
 * The metrics emitter: operation duration, token usage and streaming chunk timings as
 * histograms with the advised buckets, recorded in the snapshot's context (so exemplars point
 * at the invocation's span) with bounded attributes only. Which kinds have which metric is the
 * conventions table's to say.
 */
import type { Attributes, Histogram, Meter } from '@opentelemetry/api';
import { conventionOf } from '../conventions/index.js';
import { errorType } from '../errors.js';
import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_TOKEN_TYPE,
  DURATION_BUCKETS_S,
  METRIC_GENAI_TELEMETRY_INVOCATION_DURATION,
  METRIC_GEN_AI_CLIENT_OPERATION_DURATION,
  METRIC_GEN_AI_CLIENT_OPERATION_TIME_PER_OUTPUT_CHUNK,
  METRIC_GEN_AI_CLIENT_OPERATION_TIME_TO_FIRST_CHUNK,
  METRIC_GEN_AI_CLIENT_TOKEN_USAGE,
  TOKEN_BUCKETS,
} from '../semconv.js';
import type { Invocation } from '../types.js';
import type { Emitter, EmitterContext, InvocationState } from './emitter.js';
import { metricAttributes } from './metric-attributes.js';

function durationHistogram(meter: Meter, name: string, description: string): Histogram {
  return meter.createHistogram(name, {
    unit: 's',
    description,
    advice: { explicitBucketBoundaries: [...DURATION_BUCKETS_S] },
  });
}

export class MetricsEmitter implements Emitter {
  readonly name = 'metrics';
  readonly category = 'metrics' as const;
  private readonly duration: Record<'operation' | 'invocation', Histogram>;
  private readonly tokenUsage: Histogram;
  private readonly timeToFirstChunk: Histogram;
  private readonly timePerOutputChunk: Histogram;

  constructor({ meter }: EmitterContext) {
    this.duration = {
      operation: durationHistogram(
        meter,
        METRIC_GEN_AI_CLIENT_OPERATION_DURATION,
        'GenAI operation duration.',
      ),
      invocation: durationHistogram(
        meter,
        METRIC_GENAI_TELEMETRY_INVOCATION_DURATION,
        'Duration of workflows and steps (no GenAI operation covers them).',
      ),
    };
    this.timeToFirstChunk = durationHistogram(
      meter,
      METRIC_GEN_AI_CLIENT_OPERATION_TIME_TO_FIRST_CHUNK,
      'Time from request to the first streamed chunk.',
    );
    this.timePerOutputChunk = durationHistogram(
      meter,
      METRIC_GEN_AI_CLIENT_OPERATION_TIME_PER_OUTPUT_CHUNK,
      'Time between consecutive streamed chunks after the first.',
    );
    this.tokenUsage = meter.createHistogram(METRIC_GEN_AI_CLIENT_TOKEN_USAGE, {
      unit: '{token}',
      description: 'Number of input and output tokens used.',
      advice: { explicitBucketBoundaries: [...TOKEN_BUCKETS] },
    });
  }

  onEnd(invocation: Invocation, state: InvocationState): void {
    this.record(invocation, state, metricAttributes(invocation));
  }

  onError(invocation: Invocation, error: unknown, state: InvocationState): void {
    const attributes = metricAttributes(invocation);
    attributes[ATTR_ERROR_TYPE] = invocation.error?.type ?? errorType(error);
    this.record(invocation, state, attributes);
  }

  private record(invocation: Invocation, state: InvocationState, attributes: Attributes): void {
    const convention = conventionOf(invocation);
    const context = state.correlationContext;
    if (invocation.startTime !== undefined && invocation.endTime !== undefined) {
      this.duration[convention.duration].record(
        (invocation.endTime - invocation.startTime) / 1000,
        attributes,
        context,
      );
    }
    const counts = invocation as unknown as Record<string, number | undefined>;
    const { input, output } = convention.tokens;
    if (input) this.recordTokens(counts[input], 'input', attributes, state);
    if (output) this.recordTokens(counts[output], 'output', attributes, state);
    if (state.firstChunkTime !== undefined && invocation.startTime !== undefined) {
      this.timeToFirstChunk.record(
        (state.firstChunkTime - invocation.startTime) / 1000,
        attributes,
        context,
      );
      for (const gap of state.chunkGaps ?? [])
        this.timePerOutputChunk.record(gap, attributes, context);
    }
  }

  private recordTokens(
    count: number | undefined,
    type: 'input' | 'output',
    attributes: Attributes,
    state: InvocationState,
  ): void {
    if (count === undefined) return;
    // A fresh object per point: the SDK may keep the one it is given as the key of a new series.
    // Object.assign, not a spread with another key (slow on Node 20).
    const pointAttributes: Attributes = Object.assign({}, attributes);
    pointAttributes[ATTR_GEN_AI_TOKEN_TYPE] = type;
    this.tokenUsage.record(count, pointAttributes, state.correlationContext);
  }
}
