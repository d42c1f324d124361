/**
 * Broken telemetry pipelines for fault injection: exporters and processors that throw or report
 * failure, next to a healthy in-memory pipeline for the signals that are not broken, so a test
 * sees both that the user's code is untouched and that the rest of the telemetry still flows.
 */
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import {
  LoggerProvider,
  SimpleLogRecordProcessor,
  type LogRecordExporter,
  type LogRecordProcessor,
} from '@opentelemetry/sdk-logs';
import {
  BasicTracerProvider,
  SimpleSpanProcessor,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';

export class InjectedFault extends Error {
  override name = 'InjectedFault';
}

const fault = (where: string) => {
  throw new InjectedFault(`injected: ${where}`);
};

/** An exporter whose export throws synchronously, or calls back with FAILED (a rejected send). */
export function failingExporter(how: 'throws' | 'rejects'): SpanExporter & LogRecordExporter {
  return {
    export(_items: unknown[], done: (result: ExportResult) => void) {
      if (how === 'throws') fault('export');
      done({
        code: ExportResultCode.FAILED,
        error: new InjectedFault('injected: export rejected'),
      });
    },
    shutdown: () => Promise.reject(new InjectedFault('injected: exporter shutdown')),
    forceFlush: () => Promise.reject(new InjectedFault('injected: exporter forceFlush')),
  };
}

/** A span processor that throws in every hook and rejects every flush. */
export const throwingSpanProcessor: SpanProcessor = {
  onStart: () => fault('span onStart'),
  onEnd: () => fault('span onEnd'),
  forceFlush: () => Promise.reject(new InjectedFault('injected: span forceFlush')),
  shutdown: () => Promise.reject(new InjectedFault('injected: span shutdown')),
};

/** A log processor that throws on every record and rejects every flush. */
export const throwingLogProcessor: LogRecordProcessor = {
  onEmit: () => fault('log onEmit'),
  forceFlush: () => Promise.reject(new InjectedFault('injected: log forceFlush')),
  shutdown: () => Promise.reject(new InjectedFault('injected: log shutdown')),
};

export function tracerProviderWith(processor: SpanProcessor | SpanExporter): BasicTracerProvider {
  const spanProcessor = 'export' in processor ? new SimpleSpanProcessor(processor) : processor;
  return new BasicTracerProvider({ spanProcessors: [spanProcessor] });
}

export function loggerProviderWith(processor: LogRecordProcessor | LogRecordExporter) {
  const logProcessor =
    'export' in processor ? new SimpleLogRecordProcessor({ exporter: processor }) : processor;
  return new LoggerProvider({ processors: [logProcessor] });
}
