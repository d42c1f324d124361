/**
 * `genai-telemetry`: what an application or integration needs. Zod schemas are under
 * `genai-telemetry/schemas`; remote evaluation and the evaluation internals under
 * `genai-telemetry/evaluation`.
 */
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
export { CAPTURE_MODES, ENV } from './config.js';
export type {
  CaptureMode,
  ContentRecord,
  ContentRedactor,
  TelemetryHandlerOptions,
} from './config.js';
export type { ErrorMessagePolicy } from './error-text.js';
export { snapshotContext } from './snapshot.js';
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
export type {
  Emitter,
  EmitterCategory,
  EmitterContext,
  EmitterMode,
  EmitterSpec,
  InvocationState,
} from './emitters/emitter.js';
export type * from './types.js';
export { INVOCATION_KINDS } from './types.js';
export {
  jsonOutput,
  keywords,
  lengthBounds,
  regexMatch,
  registerEvaluator,
  toolArguments,
} from './evaluation/index.js';
export type {
  CheckOptions,
  EvaluateContext,
  EvaluationOptions,
  Evaluator,
  EvaluatorFactory,
  JsonOutputOptions,
  KeywordOptions,
  LengthOptions,
  RegexOptions,
} from './evaluation/index.js';
export type { EvaluationJob, EvaluationScope, EvaluationTarget } from './evaluation/index.js';
export { messageHeaderGetter, messageHeaderSetter } from './propagation.js';
export type { MessageHeaders, MessageHeaderValue } from './propagation.js';
export type { PlainValue } from './content.js';
