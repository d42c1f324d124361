/**
 * Real SDK providers whose exporters discard what they receive: the SDK's own processing cost
 * is paid in full, and nothing accumulates over millions of operations.
 */
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import {
  LoggerProvider,
  SimpleLogRecordProcessor,
  type LogRecordExporter,
} from '@opentelemetry/sdk-logs';
import { AggregationTemporality, MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  SimpleSpanProcessor,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-base';

class DiscardingExporter implements SpanExporter, LogRecordExporter {
  exported = 0;
  export(items: unknown[], done: (result: ExportResult) => void): void {
    this.exported += items.length;
    done({ code: ExportResultCode.SUCCESS });
  }
  async shutdown(): Promise<void> {}
  async forceFlush(): Promise<void> {}
}

class QuietReader extends MetricReader {
  constructor() {
    super({ aggregationTemporalitySelector: () => AggregationTemporality.DELTA });
  }
  protected async onForceFlush(): Promise<void> {}
  protected async onShutdown(): Promise<void> {}
}

export function discardingSdk() {
  const spans = new DiscardingExporter();
  const logs = new DiscardingExporter();
  const reader = new QuietReader();
  return {
    tracerProvider: new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] }),
    meterProvider: new MeterProvider({ readers: [reader] }),
    loggerProvider: new LoggerProvider({
      processors: [new SimpleLogRecordProcessor({ exporter: logs })],
    }),
    spans,
    logs,
    /** Collect (and so reset, with delta temporality) the metric points, returning how many there were. */
    collectPoints: async () => {
      const { resourceMetrics } = await reader.collect();
      return resourceMetrics.scopeMetrics
        .flatMap((s) => s.metrics)
        .reduce((n, m) => n + m.dataPoints.length, 0);
    },
  };
}
