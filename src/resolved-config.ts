/**
 * The configuration a handler scope runs with, resolved once from the options and the
 * environment (config.ts). What emitters are given: it names no emitter, so the emitter
 * contract can depend on it without a cycle.
 */
import type { MeterProvider, TracerProvider } from '@opentelemetry/api';
import type { PlainValue } from './content.js';
import type { ErrorMessagePolicy } from './error-text.js';
import type { EvaluationSettings } from './evaluation/options.js';
import type { LoggerProvider } from './providers/logs-api.js';
import type { Invocation } from './types.js';

export const CAPTURE_MODES = ['none', 'span_only', 'event_only', 'span_and_event'] as const;
export type CaptureMode = (typeof CAPTURE_MODES)[number];

/** Captured content as attribute name -> plain data (see content.ts). */
export type ContentRecord = Record<string, PlainValue>;
export type ContentRedactor = (
  content: ContentRecord,
  invocation: Invocation,
) => ContentRecord | undefined;

export interface ResolvedConfig {
  readonly strict: boolean;
  readonly captureMode: CaptureMode;
  readonly contentOnSpan: boolean;
  readonly contentOnEvent: boolean;
  readonly spanContentFormat: 'json' | 'structured';
  readonly errorMessages: ErrorMessagePolicy;
  readonly flushTimeoutMs: number;
  /** `OTEL_SEMCONV_STABILITY_OPT_IN` contains `gen_ai_latest_experimental`. */
  readonly latestExperimental: boolean;
  readonly scope: { readonly name: string; readonly version?: string };
  readonly tracerProvider?: TracerProvider;
  readonly meterProvider?: MeterProvider;
  readonly loggerProvider?: LoggerProvider;
  /** Undefined when evaluation is off. */
  readonly evaluation?: EvaluationSettings;
  readonly contentMaxLength: number;
  readonly redactContent?: ContentRedactor;
  readonly baggageAttributes?: Readonly<Record<string, string>>;
  readonly baggageValueMaxLength: number;
}
