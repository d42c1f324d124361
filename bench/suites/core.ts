/**
 * One LLM invocation (start + stop; span, metrics and event emitters; content on; realistic
 * attributes and two messages) against the hand-written SDK equivalent writing the same span,
 * attributes, histogram points and log record, in the same run. Also: every emitter off.
 */
import { ROOT_CONTEXT, SpanKind, trace } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { TelemetryHandler, type LlmInvocation } from '../../src/index.js';
import { measure, pairedDifference, printTable } from '../support/measure.js';
import { discardingSdk } from '../support/sdk.js';

const messages = () => [
  {
    role: 'system',
    parts: [{ type: 'text' as const, content: 'You are a helpful travel assistant.' }],
  },
  {
    role: 'user',
    parts: [{ type: 'text' as const, content: 'What is the weather in Paris today?' }],
  },
];
const output = () => [
  {
    role: 'assistant',
    parts: [{ type: 'text' as const, content: 'Sunny and 21°C in Paris.' }],
    finishReason: 'stop',
  },
];
const DURATION_BUCKETS = [
  0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92,
];
const TOKEN_BUCKETS = [
  1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864,
];

/**
 * The floor merges attribute sets with Object.assign: on Node 20, an object literal that spreads
 * one object and then adds keys (`{ ...a, ...b }`, `{ ...a, key: value }`) takes a slow path
 * costing about 1 µs per added key set (16 µs for the log record's attributes here), which a
 * floor must not pay. Node 22 and later do not have it.
 */
function handWritten(sdk: ReturnType<typeof discardingSdk>) {
  const tracer = sdk.tracerProvider.getTracer('bench');
  const meter = sdk.meterProvider.getMeter('bench');
  const logger = sdk.loggerProvider.getLogger('bench');
  const duration = meter.createHistogram('gen_ai.client.operation.duration', {
    unit: 's',
    advice: { explicitBucketBoundaries: DURATION_BUCKETS },
  });
  const tokens = meter.createHistogram('gen_ai.client.token.usage', {
    unit: '{token}',
    advice: { explicitBucketBoundaries: TOKEN_BUCKETS },
  });
  return () => {
    const start = performance.timeOrigin + performance.now();
    const input = messages();
    const request = {
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o',
      'server.address': 'api.openai.com',
      'server.port': 443,
      'gen_ai.request.temperature': 0.2,
      'gen_ai.request.max_tokens': 512,
    };
    const span = tracer.startSpan('chat gpt-4o', {
      kind: SpanKind.CLIENT,
      attributes: request,
      startTime: start,
    });
    const out = output().map((m) => ({
      role: m.role,
      parts: m.parts,
      finish_reason: m.finishReason,
    }));
    const response = {
      'gen_ai.response.id': 'chatcmpl-123',
      'gen_ai.response.model': 'gpt-4o-2024-08-06',
      'gen_ai.response.finish_reasons': ['stop'],
      'gen_ai.usage.input_tokens': 42,
      'gen_ai.usage.output_tokens': 9,
    };
    span.setAttributes(response);
    span.setAttribute('gen_ai.input.messages', JSON.stringify(input));
    span.setAttribute('gen_ai.output.messages', JSON.stringify(out));
    const end = performance.timeOrigin + performance.now();
    const ctx = trace.setSpanContext(ROOT_CONTEXT, span.spanContext());
    const metricAttributes = {
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o',
      'gen_ai.response.model': 'gpt-4o-2024-08-06',
      'server.address': 'api.openai.com',
      'server.port': 443,
    };
    duration.record((end - start) / 1000, metricAttributes, ctx);
    tokens.record(42, Object.assign({ 'gen_ai.token.type': 'input' }, metricAttributes), ctx);
    tokens.record(9, Object.assign({ 'gen_ai.token.type': 'output' }, metricAttributes), ctx);
    logger.emit({
      eventName: 'gen_ai.client.inference.operation.details',
      severityNumber: SeverityNumber.INFO,
      context: ctx,
      attributes: Object.assign(
        { 'gen_ai.input.messages': input, 'gen_ai.output.messages': out },
        request,
        response,
      ),
    });
    span.end(end);
  };
}

/** The request as the caller builds it before the call. */
const request = (): LlmInvocation => ({
  kind: 'llm',
  provider: 'openai',
  requestModel: 'gpt-4o',
  serverAddress: 'api.openai.com',
  serverPort: 443,
  temperature: 0.2,
  maxTokens: 512,
  inputMessages: messages(),
});

/** What the caller records once the model answered. */
function fillResponse(inv: LlmInvocation): LlmInvocation {
  inv.outputMessages = output();
  inv.responseId = 'chatcmpl-123';
  inv.responseModel = 'gpt-4o-2024-08-06';
  inv.finishReasons = ['stop'];
  inv.inputTokens = 42;
  inv.outputTokens = 9;
  return inv;
}

function throughHandler(handler: TelemetryHandler) {
  return () => handler.stopLlm(fillResponse(handler.startLlm(request())));
}

const withoutTelemetry = () => fillResponse(request());

const floorSdk = discardingSdk();
const ourSdk = discardingSdk();
const handler = new TelemetryHandler({
  tracerProvider: ourSdk.tracerProvider,
  meterProvider: ourSdk.meterProvider,
  loggerProvider: ourSdk.loggerProvider,
  captureMessageContent: 'span_and_event',
});
const off = new TelemetryHandler({ emitters: 'none' });

// More rounds than the default: the figures of interest are ratios of a few percent, on a
// shared machine.
const ROUNDS = 41;
const results = await measure(
  [
    { name: 'hand-written OpenTelemetry SDK (floor)', fn: handWritten(floorSdk) },
    { name: 'genai-telemetry: span + metrics + event, content on', fn: throughHandler(handler) },
  ],
  { rounds: ROUNDS },
);
printTable('Core: one LLM invocation (start + stop) against the hand-written floor', results);

// With every emitter off the figure of interest is the handler's own cost, so the baseline is the
// caller building and filling the same invocation without any telemetry.
const offResults = await measure(
  [
    { name: 'no telemetry: build and fill the same invocation', fn: withoutTelemetry },
    { name: 'genai-telemetry: every emitter off (`emitters: none`)', fn: throughHandler(off) },
  ],
  { iterations: 20_000, rounds: ROUNDS },
);
printTable('Core: every emitter off', offResults);
const ownCost = pairedDifference(offResults[1]!, offResults[0]!);
const us = (ns: number) => (ns / 1000).toFixed(2);
console.log(
  `\nhandler's own cost with every emitter off: ${us(ownCost.medianNs)} µs per invocation ` +
    `(median over ${ROUNDS} rounds of the difference to the row above, measured next to it; ` +
    `range ${us(ownCost.minNs)}–${us(ownCost.maxNs)} µs)`,
);

// Both sides must have written the same telemetry for the comparison to mean anything.
await Promise.all([floorSdk.collectPoints(), ourSdk.collectPoints()]);
floorSdk.spans.exported = ourSdk.spans.exported = floorSdk.logs.exported = ourSdk.logs.exported = 0;
handWritten(floorSdk)();
throughHandler(handler)();
const [floorPoints, ourPoints] = await Promise.all([
  floorSdk.collectPoints(),
  ourSdk.collectPoints(),
]);
console.log(
  `\nper invocation — floor: ${floorSdk.spans.exported} span, ${floorSdk.logs.exported} log record, ${floorPoints} metric points; ` +
    `genai-telemetry: ${ourSdk.spans.exported} span, ${ourSdk.logs.exported} log record, ${ourPoints} metric points`,
);
