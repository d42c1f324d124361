/**
 * Options and environment variables, parsed once at construction. Explicit options win over the
 * environment. An invalid value is a typed error in strict mode and otherwise one `diag` warning
 * and the safe default.
 */
import * as otelApi from '@opentelemetry/api';
import type { TracerProvider, MeterProvider } from '@opentelemetry/api';
import { ERROR_MESSAGE_POLICIES } from './error-text.js';
import type { LoggerProvider } from './providers/logs-api.js';
import { z } from 'zod';
import type { EmitterSpec } from './emitters/emitter.js';
import { ConfigurationError, fieldIssues, InvalidFieldsError } from './errors.js';
import {
  EVALUATION_ENV,
  EvaluationOptionsSchema,
  resolveEvaluation,
} from './evaluation/options.js';
import { DEFAULT_BAGGAGE_VALUE_MAX_LENGTH } from './propagation.js';
import type { ProblemReporter } from './report.js';
import {
  CAPTURE_MODES,
  type CaptureMode,
  type ContentRedactor,
  type ResolvedConfig,
} from './resolved-config.js';

export { CAPTURE_MODES } from './resolved-config.js';
export type {
  CaptureMode,
  ContentRecord,
  ContentRedactor,
  ResolvedConfig,
} from './resolved-config.js';
import { PACKAGE_NAME, PACKAGE_VERSION } from './version.js';

export const ENV = {
  captureMessageContent: 'OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT',
  semconvStabilityOptIn: 'OTEL_SEMCONV_STABILITY_OPT_IN',
  emitters: 'OTEL_INSTRUMENTATION_GENAI_EMITTERS',
  emittersSpan: 'OTEL_INSTRUMENTATION_GENAI_EMITTERS_SPAN',
  emittersMetrics: 'OTEL_INSTRUMENTATION_GENAI_EMITTERS_METRICS',
  emittersContentEvents: 'OTEL_INSTRUMENTATION_GENAI_EMITTERS_CONTENT_EVENTS',
  emittersEvaluation: 'OTEL_INSTRUMENTATION_GENAI_EMITTERS_EVALUATION',
  evaluationSampleRate: EVALUATION_ENV.sampleRate,
  evaluators: EVALUATION_ENV.evaluators,
} as const;

const hasMethod = (name: string) => (value: unknown) =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as Record<string, unknown>)[name] === 'function';

const EmitterSpecSchema = z.custom<EmitterSpec>(
  (v) => hasMethod('factory')(v) && typeof (v as EmitterSpec).name === 'string',
  { message: 'expected an emitter name or a spec { name, category, factory, mode? }' },
);

export const TelemetryHandlerOptionsSchema = z.object({
  tracerProvider: z
    .custom<TracerProvider>(hasMethod('getTracer'), { message: 'expected a TracerProvider' })
    .optional(),
  meterProvider: z
    .custom<MeterProvider>(hasMethod('getMeter'), { message: 'expected a MeterProvider' })
    .optional(),
  loggerProvider: z
    .custom<LoggerProvider>(hasMethod('getLogger'), { message: 'expected a LoggerProvider' })
    .optional(),
  /** Who the telemetry is attributed to (e.g. an integration); defaults to this package. */
  instrumentationScope: z
    .object({ name: z.string().min(1), version: z.string().optional() })
    .optional(),
  /** A preset and/or emitter names (comma-separated string), or an array of names and specs. */
  emitters: z.union([z.string(), z.array(z.union([z.string(), EmitterSpecSchema]))]).optional(),
  captureMessageContent: z.enum(CAPTURE_MODES).optional(),
  /**
   * How content is written on spans: structured values (the conventions' preferred form, which
   * needs SDK 3.x / `@opentelemetry/api` >= 1.10) or JSON strings (what older SDKs keep).
   * Defaults to structured on API >= 1.10 and JSON before.
   */
  spanContentFormat: z.enum(['json', 'structured']).optional(),
  /**
   * What of an error's message and stack trace is recorded (error text quotes content: parser
   * errors quote the answer, tools their input). `full`, `redacted` (the invocation's content and
   * the texts the error carries replaced by a mark) or `none` (`error.type` only). Default:
   * `full` when content is captured, `redacted` otherwise.
   */
  errorMessages: z.enum(ERROR_MESSAGE_POLICIES).optional(),
  /**
   * Deadline, in milliseconds, of each `forceFlush()` / `shutdown()`: what is ready is flushed
   * first, then queued evaluations are awaited and everything flushed again until then.
   */
  flushTimeoutMs: z.int().min(0).optional(),
  strict: z.boolean().optional(),
  /**
   * Cap, in characters of its JSON form, on each captured content attribute; longer content is
   * cut so that it stays valid JSON and the cut is marked.
   */
  contentMaxLength: z.int().min(64).optional(),
  /**
   * Called once per invocation end with the captured content (attribute name -> plain value),
   * before any emitter sees it; return the content to record, or undefined to record none.
   */
  redactContent: z
    .custom<ContentRedactor>((v) => typeof v === 'function', { message: 'expected a function' })
    .optional(),
  /** Baggage entries copied onto invocations started in their context: `{ baggageKey: attributeName }`. */
  baggageAttributes: z.record(z.string(), z.string().min(1)).optional(),
  /** Cap, in characters, on each copied baggage value. */
  baggageValueMaxLength: z.int().min(1).optional(),
  /** Asynchronous evaluation of stopped invocations (evaluation/options.ts); `false` turns it off. */
  evaluation: z.union([z.literal(false), EvaluationOptionsSchema]).optional(),
  /** Read instead of `process.env` (tests, embedding). */
  environment: z.record(z.string(), z.string().optional()).optional(),
});
export type TelemetryHandlerOptions = z.input<typeof TelemetryHandlerOptionsSchema>;

/** The emitter selection before it is resolved against the registry (emitters/selection.ts). */
export interface EmitterSelection {
  readonly items: ReadonlyArray<string | EmitterSpec>;
  /** `OTEL_INSTRUMENTATION_GENAI_EMITTERS_<CATEGORY>` values, only when the option is absent. */
  readonly perCategory: Readonly<
    Partial<Record<'span' | 'metrics' | 'content_events' | 'evaluation', string>>
  >;
}

export const DEFAULT_CONTENT_MAX_LENGTH = 32_768;
export const DEFAULT_FLUSH_TIMEOUT_MS = 30_000;

/**
 * `@opentelemetry/api` 1.10 (the SDK 3.x line) carries the logs API and accepts structured
 * attribute values; before it, SDKs drop object-valued span attributes.
 */
const API_ACCEPTS_STRUCTURED_ATTRIBUTES =
  (otelApi as unknown as { logs?: unknown }).logs !== undefined;

const CAPTURE_ENV_VALUES: Readonly<Record<string, CaptureMode>> = {
  no_content: 'none',
  span_only: 'span_only',
  event_only: 'event_only',
  span_and_event: 'span_and_event',
  true: 'span_and_event',
  false: 'none',
};

export type ParsedOptions = z.output<typeof TelemetryHandlerOptionsSchema>;

/** Validates the options; in lenient mode invalid fields are dropped (one report) and defaulted. */
export function parseOptions(options: unknown, report: ProblemReporter): ParsedOptions {
  const parsed = TelemetryHandlerOptionsSchema.safeParse(options ?? {});
  if (parsed.success) return parsed.data;
  report(new InvalidFieldsError('TelemetryHandler options', fieldIssues(parsed.error)));
  const valid: Record<string, unknown> = { ...(options as object) };
  for (const issue of parsed.error.issues) delete valid[String(issue.path[0])];
  return TelemetryHandlerOptionsSchema.parse(valid);
}

export function resolveConfig(options: ParsedOptions, report: ProblemReporter): ResolvedConfig {
  const env = options.environment ?? process.env;
  const captureMode =
    options.captureMessageContent ?? captureModeFromEnv(env[ENV.captureMessageContent], report);
  const optIn = (env[ENV.semconvStabilityOptIn] ?? '').split(',').map((s) => s.trim());
  return {
    strict: options.strict ?? false,
    captureMode,
    contentOnSpan: captureMode === 'span_only' || captureMode === 'span_and_event',
    contentOnEvent: captureMode === 'event_only' || captureMode === 'span_and_event',
    spanContentFormat:
      options.spanContentFormat ?? (API_ACCEPTS_STRUCTURED_ATTRIBUTES ? 'structured' : 'json'),
    errorMessages: options.errorMessages ?? (captureMode === 'none' ? 'redacted' : 'full'),
    flushTimeoutMs: options.flushTimeoutMs ?? DEFAULT_FLUSH_TIMEOUT_MS,
    latestExperimental: optIn.includes('gen_ai_latest_experimental'),
    scope: options.instrumentationScope ?? { name: PACKAGE_NAME, version: PACKAGE_VERSION },
    tracerProvider: options.tracerProvider,
    meterProvider: options.meterProvider,
    loggerProvider: options.loggerProvider,
    evaluation: resolveEvaluation(options.evaluation, env, report),
    contentMaxLength: options.contentMaxLength ?? DEFAULT_CONTENT_MAX_LENGTH,
    redactContent: options.redactContent,
    baggageAttributes:
      options.baggageAttributes && Object.keys(options.baggageAttributes).length > 0
        ? options.baggageAttributes
        : undefined,
    baggageValueMaxLength: options.baggageValueMaxLength ?? DEFAULT_BAGGAGE_VALUE_MAX_LENGTH,
  };
}

function captureModeFromEnv(raw: string | undefined, report: ProblemReporter): CaptureMode {
  if (raw === undefined || raw.trim() === '') return 'none';
  const mode = CAPTURE_ENV_VALUES[raw.trim().toLowerCase()];
  if (mode) return mode;
  report(
    new ConfigurationError(
      `${ENV.captureMessageContent}=${JSON.stringify(raw)} is not one of NO_CONTENT, SPAN_ONLY, EVENT_ONLY, SPAN_AND_EVENT, true, false; no content is captured`,
    ),
  );
  return 'none';
}

/** The emitter selection of the options, or of the environment when the option is absent. */
export function emitterSelection(
  options: ParsedOptions,
  env: Record<string, string | undefined>,
): EmitterSelection {
  if (options.emitters !== undefined) {
    const items =
      typeof options.emitters === 'string' ? splitList(options.emitters) : options.emitters;
    return { items, perCategory: {} };
  }
  return {
    items: splitList(env[ENV.emitters] ?? ''),
    perCategory: {
      span: env[ENV.emittersSpan],
      metrics: env[ENV.emittersMetrics],
      content_events: env[ENV.emittersContentEvents],
      evaluation: env[ENV.emittersEvaluation],
    },
  };
}

export function splitList(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
