export { TelemetryHandler } from './handler.js';
export type {
  CompletionCallback,
  CompletionOutcome,
  CompletionSubscriber,
  EvaluationResultsCallback,
  HandlerStats,
  StartOptions,
} from './handler-types.js';
export { getTelemetryHandler, setTelemetryHandler } from './global.js';
export { CAPTURE_MODES, ENV, TelemetryHandlerOptionsSchema } from './config.js';
export type { CaptureMode, ResolvedConfig, TelemetryHandlerOptions } from './config.js';
export { snapshotContext, snapshotToSpanContext } from './snapshot.js';
export { operationName, spanKind, spanName } from './conventions/index.js';
export type { SpanContextSnapshot } from './snapshot.js';
export {
  ConfigurationError,
  GenAITelemetryError,
  InvalidFieldsError,
  InvocationStateError,
} from './errors.js';
export type { FieldIssue } from './errors.js';
export { registerEmitter, EMITTER_PRESETS } from './emitters/registry.js';
export { EMITTER_CATEGORIES, EMITTER_MODES } from './emitters/emitter.js';
export type {
  Emitter,
  EmitterCategory,
  EmitterContext,
  EmitterMode,
  EmitterSpec,
  InvocationState,
} from './emitters/emitter.js';
export * from './types.js';
export * from './evaluation/index.js';
export {
  baggageAttributes,
  DEFAULT_BAGGAGE_VALUE_MAX_LENGTH,
  messageHeaderGetter,
  messageHeaderSetter,
} from './propagation.js';
export type { MessageHeaders, MessageHeaderValue } from './propagation.js';
export { DEFAULT_CONTENT_MAX_LENGTH } from './config.js';
export type { ContentRecord, ContentRedactor } from './config.js';
export { TRUNCATION_MARK } from './content-policy.js';
export type { PlainValue } from './content.js';
