/**
 * The cross-line suite: the same user scenarios on each OpenTelemetry JS line, run in a fixture
 * project that installed that line and genai-telemetry as packed (scripts/sdk-lines.mjs). Each
 * line's test file imports its own packages and hands them here, so every module below is the
 * one a user of that line would load. Asserts on what the SDK exported.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/* eslint-disable @typescript-eslint/no-explicit-any -- each line's packages have their own types */
type Module = any;

export interface SdkLine {
  name: string;
  /** Whether span content arrives structured by default (API >= 1.10) or as JSON strings. */
  structuredSpanContent: boolean;
  api: Module;
  sdkTrace: {
    TracerProvider: Module;
    InMemorySpanExporter: Module;
    simpleSpanProcessor: (exporter: Module) => Module;
  };
  sdkLogs: Module;
  sdkMetrics: Module;
  NodeSDK: Module;
  AsyncLocalStorageContextManager: Module;
  FakeListChatModel: Module;
  genai: Module;
  langchain: Module;
}

const ALL_HISTOGRAMS = [
  'gen_ai.client.operation.duration',
  'gen_ai.client.token.usage',
  'gen_ai.client.operation.time_to_first_chunk',
  'gen_ai.client.operation.time_per_output_chunk',
];
const DETAILS = 'gen_ai.client.inference.operation.details';
const EVALUATION = 'gen_ai.evaluation.result';
const EXCEPTION = 'gen_ai.client.operation.exception';

/** In-memory exporters and a pull reader, the parts both the explicit and the NodeSDK set-ups use. */
function pipeline(line: SdkLine) {
  const { sdkTrace, sdkLogs, sdkMetrics } = line;
  const spanExporter = new sdkTrace.InMemorySpanExporter();
  const logExporter = new sdkLogs.InMemoryLogRecordExporter();
  const reader = new (class extends sdkMetrics.MetricReader {
    constructor() {
      super({ aggregationTemporalitySelector: () => sdkMetrics.AggregationTemporality.CUMULATIVE });
    }
    async onForceFlush() {}
    async onShutdown() {}
  })();
  return {
    spanProcessor: sdkTrace.simpleSpanProcessor(spanExporter),
    logRecordProcessor: new sdkLogs.SimpleLogRecordProcessor({ exporter: logExporter }),
    reader,
    spans: (): Module[] => spanExporter.getFinishedSpans(),
    logs: (): Module[] => logExporter.getFinishedLogRecords(),
    metricNames: async (): Promise<string[]> => {
      const { resourceMetrics } = await reader.collect();
      return resourceMetrics.scopeMetrics.flatMap((s: Module) =>
        s.metrics
          .filter((m: Module) => m.dataPoints.length > 0)
          .map((m: Module) => m.descriptor.name),
      );
    },
    reset: () => {
      spanExporter.reset();
      logExporter.reset();
    },
  };
}

const lengthEvaluator = {
  name: 'answer_length',
  evaluate: () => [{ name: 'answer_length', score: 1, label: 'pass' }],
};

/** One streamed chat call and one failing tool call: every signal the handler has. */
async function workload(handler: Module) {
  const llm = handler.startLlm({
    requestModel: 'gpt-4o',
    provider: 'openai',
    inputMessages: [{ role: 'user', parts: [{ type: 'text', content: 'Weather in Paris?' }] }],
  });
  async function* chunks() {
    yield 'Sunny';
    yield ', 21';
    yield ' C';
  }
  for await (const _chunk of handler.stream(llm, chunks())) void _chunk;
  // stream() ended the invocation; the response arrived with it.
  const tool = handler.startToolCall(
    { name: 'get_weather', toolCallId: 'call_1' },
    { parent: llm },
  );
  handler.failToolCall(tool, new TypeError('upstream timeout'));
  const answer = handler.startLlm({
    requestModel: 'gpt-4o',
    provider: 'openai',
    inputMessages: [{ role: 'user', parts: [{ type: 'text', content: 'And tomorrow?' }] }],
  });
  answer.outputMessages = [
    { role: 'assistant', parts: [{ type: 'text', content: 'Rain.' }], finishReason: 'stop' },
  ];
  answer.inputTokens = 12;
  answer.outputTokens = 3;
  handler.stopLlm(answer);
  await handler.forceFlush();
  return { llm, tool, answer };
}

export function describeSdkLine(line: SdkLine): void {
  const { api, genai } = line;

  describe(`OpenTelemetry JS ${line.name}`, () => {
    describe('explicit providers', () => {
      const p = pipeline(line);
      let providers: Module;
      beforeAll(() => {
        api.context.setGlobalContextManager(new line.AsyncLocalStorageContextManager().enable());
        providers = {
          tracerProvider: new line.sdkTrace.TracerProvider({ spanProcessors: [p.spanProcessor] }),
          loggerProvider: new line.sdkLogs.LoggerProvider({ processors: [p.logRecordProcessor] }),
          meterProvider: new line.sdkMetrics.MeterProvider({ readers: [p.reader] }),
        };
      });

      it('every signal, correlated with the spans; span content in the line default form', async () => {
        p.reset();
        const handler = new genai.TelemetryHandler({
          ...providers,
          captureMessageContent: 'span_and_event',
          emitters: 'span_metric_event',
          evaluation: { evaluators: [lengthEvaluator] },
        });
        const { answer, tool } = await workload(handler);
        const spans = p.spans();
        expect(spans.map((s) => s.name).sort()).toEqual(
          ['chat gpt-4o', 'chat gpt-4o', 'execute_tool get_weather'].sort(),
        );
        const answerSpan = spans.find((s) => s.spanContext().spanId === answer.snapshot.spanId);
        const input = answerSpan.attributes['gen_ai.input.messages'];
        if (line.structuredSpanContent) expect(Array.isArray(input)).toBe(true);
        else
          expect(JSON.parse(input)).toEqual([
            { role: 'user', parts: [{ type: 'text', content: 'And tomorrow?' }] },
          ]);
        expect(await p.metricNames()).toEqual(expect.arrayContaining(ALL_HISTOGRAMS));
        const byEvent = (name: string) => p.logs().filter((r) => r.eventName === name);
        expect(byEvent(DETAILS).length).toBeGreaterThanOrEqual(2);
        const evaluation = byEvent(EVALUATION).find(
          (r) => r.spanContext?.spanId === answer.snapshot.spanId,
        );
        expect(evaluation?.attributes['gen_ai.evaluation.name']).toBe('answer_length');
        const exception = byEvent(EXCEPTION).find(
          (r) => r.spanContext?.spanId === tool.snapshot.spanId,
        );
        expect(exception?.attributes['exception.type']).toBe('TypeError');
        for (const record of p.logs()) {
          expect(spans.map((s) => s.spanContext().spanId)).toContain(record.spanContext?.spanId);
        }
      });

      it('spans off (metric_event): logs and metrics still carry the snapshot ids', async () => {
        p.reset();
        const handler = new genai.TelemetryHandler({
          ...providers,
          captureMessageContent: 'event_only',
          emitters: 'metric_event',
          evaluation: { evaluators: [lengthEvaluator] },
        });
        const { answer } = await workload(handler);
        expect(p.spans()).toHaveLength(0);
        const records = p.logs().filter((r) => r.spanContext?.spanId === answer.snapshot.spanId);
        expect(records.map((r) => r.eventName).sort()).toEqual([DETAILS, EVALUATION]);
        expect(records[0].spanContext.traceId).toBe(answer.snapshot.traceId);
      });

      it('LangChain: the chat span nests under the caller span, its evaluation lands on it', async () => {
        p.reset();
        const handler = new genai.TelemetryHandler({
          ...providers,
          evaluation: { evaluators: [lengthEvaluator] },
        });
        const model = new line.FakeListChatModel({ responses: ['Sunny.'] });
        const tracer = providers.tracerProvider.getTracer('app');
        await tracer.startActiveSpan('request', async (span: Module) => {
          await model.invoke('Weather?', {
            callbacks: [new line.langchain.GenAICallbackHandler({ handler })],
          });
          span.end();
        });
        await handler.forceFlush();
        const request = p.spans().find((s) => s.name === 'request');
        const chat = p.spans().find((s) => s.name.startsWith('chat'));
        expect(chat.parentSpanContext?.spanId ?? chat.parentSpanId).toBe(
          request.spanContext().spanId,
        );
        const evaluation = p.logs().find((r) => r.eventName === EVALUATION);
        expect(evaluation?.spanContext?.spanId).toBe(chat.spanContext().spanId);
      });
    });

    describe('NodeSDK, the handler built before sdk.start() and on its defaults', () => {
      const p = pipeline(line);
      let sdk: Module;
      let handler: Module;
      let spanless: Module;
      let langchain: Module;
      beforeAll(() => {
        // Built at import time, as applications do, before the SDK registers its providers.
        handler = new genai.TelemetryHandler({
          captureMessageContent: 'span_and_event',
          evaluation: { evaluators: [lengthEvaluator] },
        });
        spanless = new genai.TelemetryHandler({
          captureMessageContent: 'event_only',
          emitters: 'metric_event',
        });
        langchain = new line.langchain.LangChainInstrumentation();
        sdk = new line.NodeSDK({
          spanProcessors: [p.spanProcessor],
          logRecordProcessors: [p.logRecordProcessor],
          metricReaders: [p.reader],
          instrumentations: [langchain],
        });
        sdk.start();
      });
      afterAll(async () => {
        langchain.disable();
        await sdk.shutdown();
      });

      it('spans, histograms, details and evaluation events arrive, carrying the snapshot ids', async () => {
        p.reset();
        const { answer } = await workload(handler);
        const answerSpan = p.spans().find((s) => s.spanContext().spanId === answer.snapshot.spanId);
        expect(answerSpan?.name).toBe('chat gpt-4o');
        expect(await p.metricNames()).toEqual(expect.arrayContaining(ALL_HISTOGRAMS));
        const events = p
          .logs()
          .filter((r) => r.spanContext?.spanId === answer.snapshot.spanId)
          .map((r) => r.eventName)
          .sort();
        expect(events).toEqual([DETAILS, EVALUATION]);
      });

      it("emitters: 'metric_event': no span, events correlated by the snapshot", async () => {
        p.reset();
        const inv = spanless.startLlm({ requestModel: 'gpt-4o', provider: 'openai' });
        spanless.stopLlm(inv);
        await spanless.forceFlush();
        expect(p.spans()).toHaveLength(0);
        const [details] = p.logs().filter((r) => r.eventName === DETAILS);
        expect(details?.spanContext?.traceId).toBe(inv.snapshot.traceId);
        expect(details?.spanContext?.spanId).toBe(inv.snapshot.spanId);
      });

      it("LangChainInstrumentation in NodeSDK's instrumentations: LangChain spans nest under the caller span, on the SDK's providers", async () => {
        p.reset();
        const model = new line.FakeListChatModel({ responses: ['Sunny.'] });
        const tracer = api.trace.getTracer('app');
        await tracer.startActiveSpan('request', async (span: Module) => {
          await model.invoke('Weather?');
          span.end();
        });
        await langchain.telemetryHandler.forceFlush();
        const request = p.spans().find((s) => s.name === 'request');
        const chat = p.spans().find((s) => s.name.startsWith('chat'));
        expect(chat?.instrumentationScope.name).toBe('genai-telemetry/langchain');
        expect(chat?.spanContext().traceId).toBe(request.spanContext().traceId);
        expect(chat.parentSpanContext?.spanId ?? chat.parentSpanId).toBe(
          request.spanContext().spanId,
        );
      });
    });
  });
}
