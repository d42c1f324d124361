// The README's quickstart: NodeSDK (OpenTelemetry JS 3.x) with console exporters, and the handler
// on the global providers. Run it as `node quickstart.mjs` in a project that installed the
// README's install line (ESM: the .mjs extension allows the top-level await).
import { NodeSDK } from '@opentelemetry/sdk-node';
import { ConsoleLogRecordExporter, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { ConsoleMetricExporter, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { ConsoleSpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { TelemetryHandler } from 'genai-telemetry';

// Built before sdk.start() or after: the handler finds the providers when it first needs them.
const handler = new TelemetryHandler({
  captureMessageContent: 'span_and_event', // off ('none') by default
});

const sdk = new NodeSDK({
  serviceName: 'quickstart',
  spanProcessors: [new SimpleSpanProcessor({ exporter: new ConsoleSpanExporter() })],
  logRecordProcessors: [new SimpleLogRecordProcessor({ exporter: new ConsoleLogRecordExporter() })],
  metricReaders: [new PeriodicExportingMetricReader({ exporter: new ConsoleMetricExporter() })],
});
sdk.start();

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

console.log('snapshot', JSON.stringify(llm.snapshot)); // { traceId, spanId, traceFlags, ... }
await handler.shutdown(); // waits for evaluations, flushes what the handler wrote
await sdk.shutdown(); // exports the metrics and stops the SDK
