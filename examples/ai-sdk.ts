// The Vercel AI SDK (v7, Node 22+) traced by genai-telemetry: one registration, then every
// generateText / streamText / ToolLoopAgent / embed call becomes spans, metrics and events.
// Runs offline on the AI SDK's test model: `npx tsx examples/ai-sdk.ts` prints to the console;
// with OTEL_EXPORTER_OTLP_ENDPOINT set (e.g. http://127.0.0.1:4318) it exports over OTLP/HTTP.
import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import {
  ConsoleLogRecordExporter,
  LoggerProvider,
  SimpleLogRecordProcessor,
} from '@opentelemetry/sdk-logs';
import {
  BasicTracerProvider,
  ConsoleSpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { generateText, registerTelemetry, stepCountIs, tool } from 'ai';
import { MockLanguageModelV4 } from 'ai/test';
import { z } from 'zod';
import { TelemetryHandler } from '../src/index.js';
import { GenAITelemetry } from '../src/ai-sdk/index.js';

const otlp = Boolean(process.env.OTEL_EXPORTER_OTLP_ENDPOINT);
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
const tracerProvider = new BasicTracerProvider({
  spanProcessors: [
    new SimpleSpanProcessor(otlp ? new OTLPTraceExporter() : new ConsoleSpanExporter()),
  ],
});
const loggerProvider = new LoggerProvider({
  processors: [
    new SimpleLogRecordProcessor({
      exporter: otlp ? new OTLPLogExporter() : new ConsoleLogRecordExporter(),
    }),
  ],
});
const handler = new TelemetryHandler({
  tracerProvider,
  loggerProvider,
  captureMessageContent: 'span_and_event',
});

// The one-call set-up: every AI SDK call in the process goes through the handler.
registerTelemetry(new GenAITelemetry({ handler }));

const usage = {
  inputTokens: { total: 20, noCache: 20, cacheRead: undefined, cacheWrite: undefined },
  outputTokens: { total: 8, text: 8, reasoning: undefined },
};
const replies = [
  {
    content: [
      {
        type: 'tool-call' as const,
        toolCallId: 'call-1',
        toolName: 'weather',
        input: '{"city":"Paris"}',
      },
    ],
    finishReason: { unified: 'tool-calls' as const, raw: 'tool_calls' },
  },
  {
    content: [{ type: 'text' as const, text: 'Sunny and 21°C in Paris.' }],
    finishReason: { unified: 'stop' as const, raw: 'stop' },
  },
];
const model = new MockLanguageModelV4({
  provider: 'openai.chat',
  modelId: 'gpt-4o-mini',
  doGenerate: async () => ({ ...replies.shift()!, usage, warnings: [] }),
});

const { text } = await generateText({
  model,
  prompt: 'What is the weather in Paris?',
  tools: {
    weather: tool({
      description: 'Current weather for a city',
      inputSchema: z.object({ city: z.string() }),
      execute: async ({ city }) => ({ city, forecast: 'sunny', celsius: 21 }),
    }),
  },
  stopWhen: stepCountIs(3),
  telemetry: { functionId: 'weather-agent' },
});
console.log(text);
await handler.shutdown();
