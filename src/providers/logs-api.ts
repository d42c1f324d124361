/**
 * The part of the OpenTelemetry logs API this library uses, declared here. The logs API lives in
 * `@opentelemetry/api` itself from 1.10 (the SDK 3.x line) and in `@opentelemetry/api-logs`
 * before (an optional peer): declaring it here means neither is needed to compile or load the
 * package, and both providers are structurally accepted.
 */
import type { AttributeValue, Context } from '@opentelemetry/api';

/** The severities the library emits, with the numbers of the logs data model. */
export const SeverityNumber = { INFO: 9, WARN: 13 } as const;
export type SeverityNumber = (typeof SeverityNumber)[keyof typeof SeverityNumber];

/** Log attribute values may nest (maps and arrays of plain values), unlike span attributes. */
export type LogAnyValue =
  | AttributeValue
  | null
  | undefined
  | Uint8Array
  | readonly LogAnyValue[]
  | { [key: string]: LogAnyValue };
export type LogAttributes = Record<string, LogAnyValue>;

export interface LogRecord {
  eventName?: string;
  timestamp?: number | Date | [number, number];
  severityNumber?: number;
  severityText?: string;
  body?: LogAnyValue;
  attributes?: LogAttributes;
  context?: Context;
}

export interface Logger {
  emit(record: LogRecord): void;
}

export interface LoggerProvider {
  getLogger(name: string, version?: string, options?: { schemaUrl?: string }): Logger;
}

// Where each API line keeps the registered global: API >= 1.10 on its versioned global object
// (`logs`), `@opentelemetry/api-logs` under its own key as a getter taking its compatibility
// version. Reading them here lets the library follow whichever the SDK registered.
const API_GLOBAL = Symbol.for('opentelemetry.js.api.1');
const API_LOGS_GLOBAL = Symbol.for('io.opentelemetry.js.api.logs');
const API_LOGS_COMPATIBILITY_VERSION = 1;

/** The logger provider an SDK registered globally, on either API line; undefined when none has. */
export function registeredLoggerProvider(): LoggerProvider | undefined {
  const slots = globalThis as unknown as Record<symbol, unknown>;
  const api = slots[API_GLOBAL] as { logs?: LoggerProvider } | undefined;
  if (api?.logs && typeof api.logs.getLogger === 'function') return api.logs;
  const getter = slots[API_LOGS_GLOBAL];
  if (typeof getter !== 'function') return undefined;
  const provider = (getter as (version: number) => LoggerProvider | undefined)(
    API_LOGS_COMPATIBILITY_VERSION,
  );
  return provider && typeof provider.getLogger === 'function' ? provider : undefined;
}
