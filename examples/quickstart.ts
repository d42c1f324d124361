// The README quickstart, importing the package from source so it runs in this repository.
import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  ConsoleLogRecordExporter,
  LoggerProvider,
  SimpleLogRecordProcessor,
} from '@opentelemetry/sdk-logs';
import {
  ConsoleMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  ConsoleSpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { TelemetryHandler } from '../src/index.js';

context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
const tracerProvider = new BasicTracerProvider({
  spanProcessors: [new SimpleSpanProcessor(new ConsoleSpanExporter())],
});
const meterProvider = new MeterProvider({
  readers: [
    new PeriodicExportingMetricReader({
      exporter: new ConsoleMetricExporter(),
      exportIntervalMillis: 60_000,
    }),
  ],
});
const loggerProvider = new LoggerProvider({
  processors: [new SimpleLogRecordProcessor({ exporter: new ConsoleLogRecordExporter() })],
});

const handler = new TelemetryHandler({
  tracerProvider,
  meterProvider,
  loggerProvider,
  captureMessageContent: 'span_and_event', // off ('none') by default
});

const llm = handler.startLlm({
  provider: 'openai',
  requestModel: 'gpt-4o',
  inputMessages: [{ role: 'user', parts: [{ type: 'text', content: 'Weather in Paris?' }] }],
});
// ... call the model ...
llm.outputMessages = [
  { role: 'assistant', parts: [{ type: 'text', content: 'Sunny.' }], finishReason: 'stop' },
];
llm.responseModel = 'gpt-4o-2024-08-06';
llm.inputTokens = 12;
llm.outputTokens = 3;
handler.stopLlm(llm); // or handler.failLlm(llm, error)

console.log(llm.snapshot); // { traceId, spanId, traceFlags, recording, ... } — plain data
await handler.shutdown(); // drains evaluations, flushes the providers given above
