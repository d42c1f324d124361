/** Content capture: off by default on every signal; each mode puts content exactly where it says. */
import { describe, expect, it } from 'vitest';
import { TelemetryHandler, type CaptureMode, type TelemetryHandlerOptions } from '../src/index.js';
import { captureDiag } from './support/diag.js';
import { createTestTelemetry, providers, twoMessages } from './support/telemetry.js';

const CONTENT_KEYS = [
  'gen_ai.input.messages',
  'gen_ai.output.messages',
  'gen_ai.system_instructions',
  'gen_ai.tool.definitions',
];

function runChat(options: Partial<TelemetryHandlerOptions>) {
  const t = createTestTelemetry();
  const handler = new TelemetryHandler({ ...providers(t), ...options });
  const inv = handler.startLlm({
    provider: 'openai',
    requestModel: 'gpt-4o',
    systemInstructions: [{ type: 'text', content: 'Be brief.' }],
    inputMessages: twoMessages(),
    toolDefinitions: [
      { name: 'get_weather', description: 'Weather', parameters: { type: 'object' } },
    ],
  });
  inv.outputMessages = [
    {
      role: 'assistant',
      parts: [{ type: 'tool_call', id: 'c1', name: 'get_weather', arguments: '{"city":"Paris"}' }],
      finishReason: 'tool_call',
    },
  ];
  handler.stopLlm(inv);
  const span = t.spans()[0];
  const event = t.logs().find((l) => l.eventName === 'gen_ai.client.inference.operation.details');
  return { span, event, t };
}

const present = (attributes: object | undefined) =>
  CONTENT_KEYS.filter((k) => attributes && k in attributes);

describe('content capture', () => {
  it('is off by default: no content on the span, the event or any metric', async () => {
    // The default selection emits no (opt-in) details event without event capture; asked for
    // explicitly, the event is there, without content.
    for (const options of [{}, { emitters: 'span_metric_event' }]) {
      const { span, event, t } = runChat(options);
      expect(present(span!.attributes)).toEqual([]);
      expect(event === undefined).toBe(options.emitters === undefined);
      expect(present(event?.attributes)).toEqual([]);
      for (const metric of await t.metrics()) {
        for (const point of metric.dataPoints) expect(present(point.attributes)).toEqual([]);
      }
    }
  });

  const expectations: Array<[CaptureMode, boolean, boolean]> = [
    ['none', false, false],
    ['span_only', true, false],
    ['event_only', false, true],
    ['span_and_event', true, true],
  ];
  for (const [mode, onSpan, onEvent] of expectations) {
    it(`${mode}: span ${onSpan ? 'has' : 'lacks'} content, event ${onEvent ? 'has' : 'lacks'} it`, () => {
      const { span, event } = runChat({ captureMessageContent: mode });
      expect(present(span!.attributes)).toEqual(onSpan ? CONTENT_KEYS : []);
      // The default selection emits the details event exactly when content goes to events.
      expect(event !== undefined).toBe(onEvent);
      expect(present(event?.attributes)).toEqual(onEvent ? CONTENT_KEYS : []);
      const explicit = runChat({ captureMessageContent: mode, emitters: 'span_metric_event' });
      expect(present(explicit.event!.attributes)).toEqual(onEvent ? CONTENT_KEYS : []);
    });
  }

  it('span content is a JSON string by default and structured data in the event', () => {
    const { span, event } = runChat({ captureMessageContent: 'span_and_event' });
    const expectedOutput = [
      {
        role: 'assistant',
        parts: [{ type: 'tool_call', name: 'get_weather', id: 'c1', arguments: { city: 'Paris' } }],
        finish_reason: 'tool_call',
      },
    ];
    expect(JSON.parse(span!.attributes['gen_ai.output.messages'] as string)).toEqual(
      expectedOutput,
    );
    expect(event!.attributes['gen_ai.output.messages']).toEqual(expectedOutput);
    expect(event!.attributes['gen_ai.system_instructions']).toEqual([
      { type: 'text', content: 'Be brief.' },
    ]);
    expect(event!.attributes['gen_ai.tool.definitions']).toEqual([
      {
        type: 'function',
        name: 'get_weather',
        description: 'Weather',
        parameters: { type: 'object' },
      },
    ]);
  });

  it('non-plain values (Date, repeated and cyclic objects) become plain data the logs SDK keeps', () => {
    const t = createTestTelemetry();
    const handler = new TelemetryHandler({
      ...providers(t),
      captureMessageContent: 'span_and_event',
      emitters: 'span_metric_event',
    });
    const shared = { unit: 'celsius' };
    const cyclic: Record<string, unknown> = {
      city: 'Paris',
      at: new Date(0),
      a: shared,
      b: shared,
    };
    cyclic.self = cyclic;
    const tool = handler.startToolCall({ name: 'get_weather', arguments: cyclic });
    tool.result = { temperature: 21, observed: new Date(1000) };
    handler.stopToolCall(tool);
    expect(JSON.parse(t.spans()[0]!.attributes['gen_ai.tool.call.arguments'] as string)).toEqual({
      city: 'Paris',
      at: '1970-01-01T00:00:00.000Z',
      a: { unit: 'celsius' },
      b: { unit: 'celsius' },
      self: '[Circular]',
    });
    expect(JSON.parse(t.spans()[0]!.attributes['gen_ai.tool.call.result'] as string)).toEqual({
      temperature: 21,
      observed: '1970-01-01T00:00:01.000Z',
    });
  });

  it('reads OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT; the option wins; an invalid value warns once', () => {
    const env = (value: string) => ({
      environment: { OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: value },
    });
    expect(new TelemetryHandler(env('SPAN_ONLY')).config.captureMode).toBe('span_only');
    expect(new TelemetryHandler(env('event_only')).config.captureMode).toBe('event_only');
    expect(new TelemetryHandler(env('true')).config.captureMode).toBe('span_and_event');
    expect(new TelemetryHandler(env('False')).config.captureMode).toBe('none');
    expect(
      new TelemetryHandler({ ...env('true'), captureMessageContent: 'none' }).config.captureMode,
    ).toBe('none');
    const diag = captureDiag();
    try {
      expect(new TelemetryHandler(env('yes please')).config.captureMode).toBe('none');
      expect(diag.reports()).toEqual([
        expect.stringContaining('OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT'),
      ]);
    } finally {
      diag.restore();
    }
  });
});
