/** Redaction applied once before every emitter, and a size cap that keeps JSON valid. */
import { describe, expect, it } from 'vitest';
import { TelemetryHandler, type ContentRecord, type PlainValue } from '../src/index.js';
import { TRUNCATION_MARK } from '../src/content-policy.js';
import { captureDiag } from './support/diag.js';
import { createTestTelemetry, providers } from './support/telemetry.js';

const scrub = (value: PlainValue): PlainValue =>
  typeof value === 'string'
    ? value.replace(/[\w.]+@[\w.]+/g, '[email]')
    : Array.isArray(value)
      ? value.map(scrub)
      : value && typeof value === 'object'
        ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrub(v)]))
        : value;

describe('content safety', () => {
  it('the redaction hook runs once per invocation and both span and event see its result', () => {
    const t = createTestTelemetry();
    let calls = 0;
    const handler = new TelemetryHandler({
      ...providers(t),
      captureMessageContent: 'span_and_event',
      redactContent: (content: ContentRecord) => {
        calls++;
        return scrub(content) as ContentRecord;
      },
    });
    const inv = handler.startLlm({
      requestModel: 'm',
      inputMessages: [
        { role: 'user', parts: [{ type: 'text', content: 'mail me at jane.doe@example.com' }] },
      ],
    });
    handler.stopLlm(inv);
    expect(calls).toBe(1);
    const spanJson = t.spans()[0]!.attributes['gen_ai.input.messages'] as string;
    const eventValue = JSON.stringify(t.logs()[0]!.attributes['gen_ai.input.messages']);
    for (const text of [spanJson, eventValue]) {
      expect(text).toContain('[email]');
      expect(text).not.toContain('jane.doe@example.com');
    }
    // The caller's object still holds what it was given.
    expect(inv.inputMessages![0]!.parts[0]).toEqual({
      type: 'text',
      content: 'mail me at jane.doe@example.com',
    });
  });

  it('a redaction hook that throws records no content at all (fails closed), reported once', () => {
    const t = createTestTelemetry();
    const diag = captureDiag();
    try {
      const handler = new TelemetryHandler({
        ...providers(t),
        captureMessageContent: 'span_and_event',
        redactContent: () => {
          throw new Error('redactor bug');
        },
      });
      handler.stopToolCall(handler.startToolCall({ name: 't', arguments: { secret: 's3cr3t' } }));
      expect(JSON.stringify(t.spans()[0]!.attributes)).not.toContain('s3cr3t');
      expect(t.spans()[0]!.attributes['gen_ai.tool.name']).toBe('t');
      expect(diag.reports()).toEqual([expect.stringContaining('redactContent threw')]);
    } finally {
      diag.restore();
    }
  });

  it('caps each content attribute: the JSON stays valid, fits the cap and marks the cut', () => {
    const t = createTestTelemetry();
    const handler = new TelemetryHandler({
      ...providers(t),
      captureMessageContent: 'span_and_event',
      contentMaxLength: 500,
    });
    const long = 'x'.repeat(5000);
    const many = Array.from({ length: 200 }, (_, i) => ({
      role: 'user',
      parts: [{ type: 'text' as const, content: `m${i}` }],
    }));
    handler.stopLlm(
      handler.startLlm({
        requestModel: 'm',
        inputMessages: many,
        systemInstructions: [{ type: 'text', content: long }],
      }),
    );
    const attributes = t.spans()[0]!.attributes;
    for (const key of ['gen_ai.input.messages', 'gen_ai.system_instructions']) {
      const json = attributes[key] as string;
      expect(json.length, key).toBeLessThanOrEqual(500);
      expect(json, key).toContain(TRUNCATION_MARK);
      expect(() => JSON.parse(json), key).not.toThrow();
    }
    const system = JSON.parse(attributes['gen_ai.system_instructions'] as string) as Array<{
      content: string;
    }>;
    expect(system[0]!.content.startsWith('xxxx')).toBe(true);
    // The cut keeps the conventions' shape: whole messages are dropped (no marker strings in
    // their place), and the last text kept carries the mark.
    const event = t.logs()[0]!.attributes['gen_ai.input.messages'] as Array<{
      role: string;
      parts: Array<{ type: string; content: string }>;
    }>;
    expect(JSON.stringify(event).length).toBeLessThanOrEqual(500);
    expect(event.length).toBeLessThan(200);
    for (const message of event)
      expect(message).toMatchObject({ role: 'user', parts: [{ type: 'text' }] });
    expect(event.at(-1)!.parts[0]!.content).toMatch(/^(m\d+)?…\[truncated\]$/);
  });

  it('content under the cap is recorded unchanged', () => {
    const t = createTestTelemetry();
    const handler = new TelemetryHandler({
      ...providers(t),
      captureMessageContent: 'span_only',
      contentMaxLength: 500,
    });
    handler.stopToolCall(
      handler.startToolCall({ name: 't', arguments: { city: 'Paris' }, result: 'sunny' }),
    );
    expect(t.spans()[0]!.attributes).toMatchObject({
      'gen_ai.tool.call.arguments': '{"city":"Paris"}',
      'gen_ai.tool.call.result': 'sunny',
    });
  });
});
