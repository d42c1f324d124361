/**
 * Real OpenTelemetry SDK providers with in-memory exporters, so tests assert on what the SDK
 * actually exported. The metric view records, as two test-only point attributes, the trace and
 * span id of the context each measurement was recorded in: that is how a test sees exemplar
 * correlation on an SDK that does not export exemplars.
 */
import { trace, type Attributes, type Context } from '@opentelemetry/api';
import {
  InMemoryLogRecordExporter,
  LoggerProvider,
  SimpleLogRecordProcessor,
  type ReadableLogRecord,
} from '@opentelemetry/sdk-logs';
import {
  AggregationTemporality,
  MeterProvider,
  MetricReader,
  type DataPoint,
  type Histogram,
  type MetricData,
} from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
  type Sampler,
} from '@opentelemetry/sdk-trace-base';

export const TEST_TRACE_ID = 'test.recorded_trace_id';
export const TEST_SPAN_ID = 'test.recorded_span_id';

class TestMetricReader extends MetricReader {
  constructor() {
    super({ aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE });
  }
  protected async onForceFlush(): Promise<void> {}
  protected async onShutdown(): Promise<void> {}
}

export interface TestTelemetry {
  tracerProvider: BasicTracerProvider;
  meterProvider: MeterProvider;
  loggerProvider: LoggerProvider;
  spanExporter: InMemorySpanExporter;
  logExporter: InMemoryLogRecordExporter;
  spans(): ReadableSpan[];
  logs(): ReadableLogRecord[];
  metrics(): Promise<MetricData[]>;
  points(name: string): Promise<Array<DataPoint<number | Histogram>>>;
  shutdown(): Promise<void>;
}

export function createTestTelemetry(options: { sampler?: Sampler } = {}): TestTelemetry {
  const spanExporter = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({
    spanProcessors: [new SimpleSpanProcessor(spanExporter)],
    ...(options.sampler ? { sampler: options.sampler } : {}),
  });
  const logExporter = new InMemoryLogRecordExporter();
  const loggerProvider = new LoggerProvider({
    processors: [new SimpleLogRecordProcessor({ exporter: logExporter })],
  });
  const reader = new TestMetricReader();
  const meterProvider = new MeterProvider({
    readers: [reader],
    views: [
      {
        instrumentName: '*',
        attributesProcessors: [
          {
            process(incoming: Attributes, context?: Context): Attributes {
              const sc = context ? trace.getSpanContext(context) : undefined;
              return sc
                ? { ...incoming, [TEST_TRACE_ID]: sc.traceId, [TEST_SPAN_ID]: sc.spanId }
                : incoming;
            },
          },
        ],
      },
    ],
  });
  const metrics = async () => {
    const { resourceMetrics } = await reader.collect();
    return resourceMetrics.scopeMetrics.flatMap((s) => s.metrics);
  };
  return {
    tracerProvider,
    meterProvider,
    loggerProvider,
    spanExporter,
    logExporter,
    spans: () => spanExporter.getFinishedSpans(),
    logs: () => logExporter.getFinishedLogRecords(),
    metrics,
    points: async (name) => {
      const metric = (await metrics()).find((m) => m.descriptor.name === name);
      return (metric?.dataPoints ?? []) as Array<DataPoint<number | Histogram>>;
    },
    shutdown: async () => {
      await Promise.all([
        tracerProvider.shutdown(),
        meterProvider.shutdown(),
        loggerProvider.shutdown(),
      ]);
    },
  };
}

export function providers(t: TestTelemetry) {
  return {
    tracerProvider: t.tracerProvider,
    meterProvider: t.meterProvider,
    loggerProvider: t.loggerProvider,
  };
}

export const twoMessages = () => [
  {
    role: 'system',
    parts: [{ type: 'text' as const, content: 'You are a helpful travel assistant.' }],
  },
  {
    role: 'user',
    parts: [{ type: 'text' as const, content: 'What is the weather in Paris today?' }],
  },
];
