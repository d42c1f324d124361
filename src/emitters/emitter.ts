/**
 * The emitter contract. An emitter turns invocation lifecycle events into one kind of telemetry;
 * the composite calls emitters by category in a fixed order (open first, close last).
 */
import type { Attributes, Context, Meter, Span, Tracer } from '@opentelemetry/api';
import type { Logger } from '../providers/logs-api.js';
import type { ResolvedConfig } from '../resolved-config.js';
import type { PlainValue } from '../content.js';
import type { EvaluationResult, Invocation } from '../types.js';

export const EMITTER_CATEGORIES = ['span', 'metrics', 'content_events', 'evaluation'] as const;
export type EmitterCategory = (typeof EMITTER_CATEGORIES)[number];

/**
 * One mutable record per invocation, shared by its emitters and never stored on the invocation.
 * A span emitter sets `span` (and `context` to a context with it active); the handler freezes the
 * snapshot from it right after the span category ran.
 */
export interface InvocationState {
  /** The live span, when a span emitter started one. */
  span?: Span;
  /** The context children and `propagation.inject` use: the live span, or the snapshot's. */
  context: Context;
  /** Where the invocation was started from (explicit parent, extracted context, or active). */
  readonly parentContext: Context;
  /** A context carrying only the snapshot's identity; what logs and metrics are recorded in. */
  correlationContext: Context;
  /** Allowlisted baggage entries of the parent context (the `baggageAttributes` option). */
  baggageAttributes?: Attributes;
  /** Request-side attributes, computed once and shared by the emitters that need them. */
  requestAttributes?: Attributes;
  /** Response-side attributes, computed once at the end and shared like requestAttributes. */
  responseAttributes?: Attributes;
  /** Captured content in plain form, built once at the end when some emitter needs it (null: none). */
  content?: Record<string, PlainValue> | null;
  /** The JSON text of the non-string `content` values, made while capping them; spans reuse it. */
  contentJson?: ReadonlyMap<string, string>;
  /**
   * Set on fail: the error's stack trace as it may be recorded, with the text that counts as
   * content removed under the capture mode (like `invocation.error.message`); undefined when
   * none may be recorded. Emitters record these, never the raw error's text.
   */
  errorStacktrace?: string;
  /** Streaming: epoch ms of the first chunk and the gaps (seconds) between later chunks. */
  firstChunkTime?: number;
  lastChunkTime?: number;
  chunkGaps?: number[];
}

export interface Emitter {
  readonly name: string;
  readonly category: EmitterCategory;
  handles?(invocation: Invocation): boolean;
  onStart?(invocation: Invocation, state: InvocationState): void;
  onEnd?(invocation: Invocation, state: InvocationState): void;
  onError?(invocation: Invocation, error: unknown, state: InvocationState): void;
  onEvaluationResults?(
    invocation: Invocation,
    results: readonly EvaluationResult[],
    state: InvocationState,
  ): void;
  forceFlush?(): Promise<void>;
  shutdown?(): Promise<void>;
}

/** What an emitter factory is given: the handler's signal sources and resolved configuration. */
export interface EmitterContext {
  readonly tracer: Tracer;
  readonly meter: Meter;
  readonly logger: Logger;
  readonly config: ResolvedConfig;
}

export const EMITTER_MODES = [
  'append',
  'prepend',
  'replace-category',
  'replace-same-name',
] as const;
export type EmitterMode = (typeof EMITTER_MODES)[number];

/** How a custom emitter is plugged in: by `registerEmitter(spec)` or in the `emitters` option. */
export interface EmitterSpec {
  readonly name: string;
  readonly category: EmitterCategory;
  readonly factory: (context: EmitterContext) => Emitter;
  readonly mode?: EmitterMode;
}
