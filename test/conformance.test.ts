/**
 * Conformance of every content document the library emits with the conventions' official JSON
 * schemas (v1.41.1, draft 2020-12): rich chats with every part type, truncation, agents,
 * workflows, retrievals with and without scores, blobs given as bytes, tool definitions; on spans
 * as JSON strings and as structured values, and in the details events. Assertions on the rest of
 * the conventions (events, metrics, attributes) are in conformance-telemetry.test.ts.
 */
import type { Attributes, AttributeValue, Span, TracerProvider } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import {
  TelemetryHandler,
  type ChatMessage,
  type MessagePart,
  type TelemetryHandlerOptions,
} from '../src/index.js';
import {
  documentsOf,
  schemaFailures,
  SCHEMA_ATTRIBUTES,
  type ContentDocument,
} from './support/semconv-schemas.js';
import { createTestTelemetry, providers } from './support/telemetry.js';

const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const EVERY_PART: MessagePart[] = [
  { type: 'text', content: 'What is in this picture, and the weather in Paris?' },
  { type: 'blob', modality: 'image', mime_type: 'image/png', content: PNG },
  { type: 'blob', modality: 'audio', content: Buffer.from('RIFF....WAVE') },
  { type: 'blob', modality: 'image', content: Buffer.from(PNG).toString('base64') },
  { type: 'uri', modality: 'image', mime_type: 'image/jpeg', uri: 'https://example.com/a.jpg' },
  { type: 'file', modality: 'video', file_id: 'file-123' },
  { type: 'custom_widget', payload: { rows: 3 } },
];

const history = (): ChatMessage[] => [
  { role: 'system', parts: [{ type: 'text', content: 'You are a helpful travel assistant.' }] },
  { role: 'user', parts: EVERY_PART },
  {
    role: 'assistant',
    parts: [
      { type: 'reasoning', content: 'The user wants the weather; call the tool.' },
      { type: 'tool_call', id: 'c1', name: 'get_weather', arguments: '{"city":"Paris"}' },
      { type: 'tool_call', id: 'c2', name: 'get_time', arguments: { tz: 'Europe/Paris' } },
      {
        type: 'server_tool_call',
        id: 's1',
        name: 'web_search',
        server_tool_call: { type: 'web_search', query: 'Paris weather' },
      },
      {
        type: 'server_tool_call_response',
        id: 's1',
        server_tool_call_response: { type: 'web_search', results: ['sunny'] },
      },
    ],
  },
  {
    role: 'tool',
    parts: [
      { type: 'tool_call_response', id: 'c1', response: { temperature: 21, sky: 'sunny' } },
      { type: 'tool_call_response', id: 'c2', response: '14:05' },
    ],
  },
];

const TOOLS = [
  {
    name: 'get_weather',
    description: 'Weather by city',
    parameters: { type: 'object', properties: { city: { type: 'string' } } },
  },
  { name: 'get_time' },
];

/** Two choices, one with its own finish reason, one without (filled from finishReasons). */
const answers = (): ChatMessage[] => [
  { role: 'assistant', parts: [{ type: 'text', content: 'A lighthouse; 21 °C and sunny.' }] },
  {
    role: 'assistant',
    parts: [{ type: 'text', content: 'It is sunny.' }],
    finishReason: 'length',
  },
];

/** Every scenario that carries content, each run once per configuration. */
function workload(handler: TelemetryHandler): void {
  const chat = handler.startLlm({
    provider: 'openai',
    requestModel: 'gpt-4o',
    systemInstructions: [
      { type: 'text', content: 'Answer briefly.' },
      { type: 'blob', modality: 'image', content: PNG },
    ],
    inputMessages: history(),
    toolDefinitions: TOOLS,
  });
  chat.outputMessages = answers();
  chat.finishReasons = ['stop', 'length'];
  handler.stopLlm(chat);

  // No finish reasons at all: the messages still carry one (stop), as the schema requires.
  const bare = handler.startLlm({ provider: 'openai', requestModel: 'gpt-4o' });
  bare.outputMessages = [{ role: 'assistant', parts: [{ type: 'text', content: 'Hi.' }] }];
  handler.stopLlm(bare);

  // A failed call with a partial answer: finish_reason error.
  const failed = handler.startLlm({ provider: 'openai', requestModel: 'gpt-4o' });
  failed.inputMessages = history();
  failed.outputMessages = [{ role: 'assistant', parts: [{ type: 'text', content: 'Partial' }] }];
  handler.failLlm(failed, new Error('connection reset'));

  const agent = handler.startAgent({
    name: 'planner',
    provider: 'openai',
    requestModel: 'gpt-4o',
    systemInstructions: [{ type: 'text', content: 'Plan trips.' }],
    inputMessages: [{ role: 'user', parts: [{ type: 'text', content: 'Plan Paris.' }] }],
    toolDefinitions: TOOLS,
  });
  agent.outputMessages = [{ role: 'assistant', parts: [{ type: 'text', content: 'Day 1: …' }] }];
  handler.stopAgent(agent);

  const workflow = handler.startWorkflow({
    name: 'trip',
    inputMessages: [{ role: 'user', parts: [{ type: 'text', content: 'Paris in May' }] }],
  });
  workflow.outputMessages = [{ role: 'assistant', parts: [{ type: 'text', content: 'Booked.' }] }];
  handler.stopWorkflow(workflow);

  handler.stopRetrieval(
    handler.startRetrieval({
      dataSourceId: 'kb',
      query: 'Paris museums',
      documents: [{ id: 'doc-1', score: 0.92 }, { id: 'doc-2', score: 0.4 }, { id: 'doc-3' }],
    }),
  );
  handler.stopRetrieval(
    handler.startRetrieval({ dataSourceId: 'kb', query: 'q', documents: [{ id: 'unscored' }] }),
  );

  // Long enough that every configuration with a cap cuts it.
  const long = handler.startLlm({
    provider: 'openai',
    requestModel: 'gpt-4o',
    systemInstructions: [{ type: 'text', content: 'rules '.repeat(400) }],
    inputMessages: Array.from({ length: 60 }, (_, i) => ({
      role: i % 2 ? 'assistant' : 'user',
      parts: [
        { type: 'text' as const, content: `turn ${i} `.repeat(20) },
        {
          type: 'tool_call' as const,
          id: `c${i}`,
          name: 'lookup',
          arguments: { q: 'x'.repeat(80) },
        },
      ],
    })),
    toolDefinitions: Array.from({ length: 40 }, (_, i) => ({
      name: `tool_${i}`,
      description: 'does things '.repeat(10),
      parameters: { type: 'object', properties: { a: { type: 'string' } } },
    })),
  });
  long.outputMessages = [
    { role: 'assistant', parts: [{ type: 'text', content: 'answer '.repeat(500) }] },
    { role: 'assistant', parts: [{ type: 'text', content: 'second '.repeat(500) }] },
  ];
  handler.stopLlm(long);
}

/**
 * The 2.x SDK (what the tests run on, API 1.9) drops object-valued span attributes, which only
 * SDK 3.x keeps; for the structured span form this records what the library handed each span.
 */
function recordingSpanAttributes(real: TracerProvider) {
  const recorded: Array<Record<string, unknown>> = [];
  const provider: TracerProvider = {
    getTracer(name, version, options) {
      const tracer = real.getTracer(name, version, options);
      return {
        startSpan(spanName, spanOptions, context) {
          const span = tracer.startSpan(spanName, spanOptions, context);
          const seen: Record<string, unknown> = {};
          recorded.push(seen);
          return new Proxy(span, {
            get(target, key) {
              if (key === 'setAttributes')
                return (attributes: Attributes) => {
                  Object.assign(seen, attributes);
                  return target.setAttributes(attributes);
                };
              if (key === 'setAttribute')
                return (k: string, v: AttributeValue) => {
                  seen[k] = v;
                  return target.setAttribute(k, v);
                };
              const value = Reflect.get(target, key, target) as unknown;
              return typeof value === 'function' ? value.bind(target) : value;
            },
          }) as Span;
        },
        startActiveSpan: tracer.startActiveSpan.bind(tracer),
      };
    },
  };
  return { provider, recorded };
}

function emitted(options: Partial<TelemetryHandlerOptions>) {
  const t = createTestTelemetry();
  const spans = recordingSpanAttributes(t.tracerProvider);
  const handler = new TelemetryHandler({
    ...providers(t),
    tracerProvider: spans.provider,
    captureMessageContent: 'span_and_event',
    ...options,
  });
  workload(handler);
  const format = options.spanContentFormat ?? 'json';
  const documents: ContentDocument[] = [
    ...(format === 'json'
      ? t.spans().flatMap((s) => documentsOf(s.attributes, `span ${s.name} (json)`))
      : spans.recorded.flatMap((a, i) => documentsOf(a, `span #${i} (structured)`))),
    ...t.logs().flatMap((r) => documentsOf(r.attributes, `event ${r.eventName}`)),
  ];
  return { documents, t };
}

const CONFIGURATIONS: Array<[string, Partial<TelemetryHandlerOptions>]> = [
  ['JSON spans and events', {}],
  ['structured spans and events', { spanContentFormat: 'structured' }],
  ['JSON spans, cut to 300 characters', { contentMaxLength: 300 }],
  [
    'structured spans, cut to 2000 characters',
    { spanContentFormat: 'structured', contentMaxLength: 2000 },
  ],
  ['JSON spans, cut to the smallest cap', { contentMaxLength: 64 }],
];

describe('content documents against the official schemas', () => {
  for (const [label, options] of CONFIGURATIONS) {
    it(`${label}: every document validates`, () => {
      const { documents } = emitted(options);
      expect(schemaFailures(documents)).toEqual([]);
      // Every schema was exercised, on spans and in events.
      for (const attribute of SCHEMA_ATTRIBUTES) {
        const sources = documents.filter((d) => d.attribute === attribute).map((d) => d.source);
        expect(
          sources.some((s) => s.startsWith('span')),
          attribute,
        ).toBe(true);
        if (attribute !== 'gen_ai.retrieval.documents')
          expect(
            sources.some((s) => s.startsWith('event')),
            attribute,
          ).toBe(true);
      }
      expect(documents.length).toBeGreaterThan(20);
    });
  }

  it('bytes are carried as base64, on the span and in the event', () => {
    const { documents } = emitted({});
    const chats = documents.filter((d) => d.attribute === 'gen_ai.input.messages');
    for (const { value, source } of chats.slice(0, 2)) {
      const user = (value as Array<{ role: string; parts: Array<Record<string, unknown>> }>)[1]!;
      const blobs = user.parts.filter((p) => p.type === 'blob').map((p) => p.content);
      expect(blobs, source).toEqual([
        Buffer.from(PNG).toString('base64'),
        Buffer.from('RIFF....WAVE').toString('base64'),
        Buffer.from(PNG).toString('base64'),
      ]);
    }
  });

  it('output messages carry finish_reason: their own, the choice’s, or error / stop', () => {
    const { documents } = emitted({});
    const reasons = documents
      .filter((d) => d.attribute === 'gen_ai.output.messages' && d.source.startsWith('span'))
      .map((d) => (d.value as Array<{ finish_reason: string }>).map((m) => m.finish_reason));
    expect(reasons.slice(0, 5)).toEqual([
      ['stop', 'length'],
      ['stop'],
      ['error'],
      ['stop'],
      ['stop'],
    ]);
  });

  it('retrieval documents: the scored ones only; none without a score', () => {
    const { t } = emitted({});
    const [mixed, unscored] = t.spans().filter((s) => s.name === 'retrieval kb');
    expect(JSON.parse(mixed!.attributes['gen_ai.retrieval.documents'] as string)).toEqual([
      { id: 'doc-1', score: 0.92 },
      { id: 'doc-2', score: 0.4 },
    ]);
    expect(unscored!.attributes).not.toHaveProperty('gen_ai.retrieval.documents');
    expect(unscored!.attributes['gen_ai.retrieval.query.text']).toBe('q');
  });

  it('a cut keeps every document parseable, within the cap, and marks the cut', () => {
    const { documents } = emitted({ contentMaxLength: 300 });
    const cut = documents.filter((d) => JSON.stringify(d.value).includes('…[truncated]'));
    expect(cut.length).toBeGreaterThan(4);
    for (const d of documents)
      expect(JSON.stringify(d.value).length, d.source).toBeLessThanOrEqual(300);
  });
});

describe('invalid parts are reported, not emitted as given', () => {
  it('a tool_call_response part with result instead of response is an invalid field', () => {
    const t = createTestTelemetry();
    const handler = new TelemetryHandler({ ...providers(t), strict: true });
    expect(() =>
      handler.startLlm({
        requestModel: 'm',
        inputMessages: [
          { role: 'tool', parts: [{ type: 'tool_call_response', id: 'c1', result: 'x' } as never] },
        ],
      }),
    ).toThrow(/inputMessages\.0\.parts\.0/);
  });
});
