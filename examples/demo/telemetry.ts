/**
 * One service's OpenTelemetry SDK: traces, metrics and logs to in-memory exporters (what the demo
 * prints), and also to the official OTLP/HTTP exporters when an endpoint is given. Every service
 * (app, gateway, evaluation worker) builds its own, with its own `service.name`, as separate
 * deployments would.
 */
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BatchLogRecordProcessor,
  InMemoryLogRecordExporter,
  LoggerProvider,
  SimpleLogRecordProcessor,
  type LogRecordProcessor,
} from '@opentelemetry/sdk-logs';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { TelemetryHandler, type CaptureMode, type EvaluationOptions } from '../../src/index.js';
import {
  logRow,
  metricRows,
  snapshotRow,
  spanRow,
  type NodeRow,
  type ServiceCollection,
} from './collected.js';

export interface ServiceTelemetryOptions {
  service: string;
  /** false: the span-less `metric_event` preset; logs, metrics and evaluations remain. */
  spans: boolean;
  /** An OTLP/HTTP base URL such as `http://127.0.0.1:4318`; the signal paths are appended. */
  otlpEndpoint?: string | undefined;
  captureMessageContent?: CaptureMode;
  /** Default off: evaluation runs in the evaluation worker, not in each service's handler. */
  evaluation?: EvaluationOptions | undefined;
}

export interface ServiceTelemetry {
  readonly service: string;
  readonly handler: TelemetryHandler;
  /** Drains the handler, flushes every exporter (OTLP included), returns what was recorded. */
  finish(): Promise<ServiceCollection>;
}

// Exports happen at finish(): one metric export per flush, none on a timer during the demo.
const NEVER_MS = 24 * 60 * 60 * 1000;

function signalUrl(endpoint: string, path: string): string {
  return `${endpoint.replace(/\/+$/, '')}/${path}`;
}

export function createServiceTelemetry(options: ServiceTelemetryOptions): ServiceTelemetry {
  const { service, otlpEndpoint } = options;
  const resource = resourceFromAttributes({ 'service.name': service });

  const spanExporter = new InMemorySpanExporter();
  const spanProcessors: SpanProcessor[] = [new SimpleSpanProcessor(spanExporter)];
  const logExporter = new InMemoryLogRecordExporter();
  const logProcessors: LogRecordProcessor[] = [
    new SimpleLogRecordProcessor({ exporter: logExporter }),
  ];
  const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const readers = [
    new PeriodicExportingMetricReader({ exporter: metricExporter, exportIntervalMillis: NEVER_MS }),
  ];
  if (otlpEndpoint) {
    // Batching: one request per signal at flush time instead of one per span or record.
    spanProcessors.push(
      new BatchSpanProcessor(new OTLPTraceExporter({ url: signalUrl(otlpEndpoint, 'v1/traces') })),
    );
    logProcessors.push(
      new BatchLogRecordProcessor({
        exporter: new OTLPLogExporter({ url: signalUrl(otlpEndpoint, 'v1/logs') }),
      }),
    );
    readers.push(
      new PeriodicExportingMetricReader({
        exporter: new OTLPMetricExporter({ url: signalUrl(otlpEndpoint, 'v1/metrics') }),
        exportIntervalMillis: NEVER_MS,
      }),
    );
  }
  const tracerProvider = new BasicTracerProvider({ resource, spanProcessors });
  const loggerProvider = new LoggerProvider({ resource, processors: logProcessors });
  const meterProvider = new MeterProvider({ resource, readers });

  const handler = new TelemetryHandler({
    tracerProvider,
    meterProvider,
    loggerProvider,
    emitters: options.spans ? 'span_metric_event' : 'metric_event',
    captureMessageContent: options.captureMessageContent ?? 'none',
    // Evaluation runs in the worker, not in each service's handler; with the BullMQ variant the
    // gateway's manager selects model calls and hands them to the queue.
    evaluation: options.evaluation ?? false,
  });
  // Snapshots are how the invocations are placed in the trace when no span was recorded.
  const snapshots: NodeRow[] = [];
  handler.onCompletion((inv) => {
    const row = snapshotRow(service, inv);
    if (row) snapshots.push(row);
  });

  return {
    service,
    handler,
    async finish() {
      // shutdown() drains the handler and force-flushes the three providers: the OTLP batches
      // and the one metric export are sent here, before the providers are shut down.
      await handler.shutdown();
      const collection: ServiceCollection = {
        service,
        spans: spanExporter.getFinishedSpans().map((s) => spanRow(service, s)),
        snapshots,
        logs: logExporter.getFinishedLogRecords().map((r) => logRow(service, r)),
        metrics: metricRows(service, metricExporter.getMetrics()),
      };
      await Promise.all([
        tracerProvider.shutdown(),
        meterProvider.shutdown(),
        loggerProvider.shutdown(),
      ]);
      return collection;
    },
  };
}
