import { describe, expect, it } from 'vitest';
import { TelemetryHandler } from '../src/index.js';
import { createTestTelemetry, providers, twoMessages } from './support/telemetry.js';

describe('smoke', () => {
  it('emits a span, metrics and an event', async () => {
    const t = createTestTelemetry();
    const handler = new TelemetryHandler({
      ...providers(t),
      captureMessageContent: 'span_and_event',
    });
    const inv = handler.startLlm({
      provider: 'openai',
      requestModel: 'gpt-4o',
      inputMessages: twoMessages(),
    });
    inv.outputMessages = [
      { role: 'assistant', parts: [{ type: 'text', content: 'Sunny' }], finishReason: 'stop' },
    ];
    inv.inputTokens = 10;
    inv.outputTokens = 2;
    handler.stopLlm(inv);
    console.log(
      t.spans()[0]?.name,
      t.spans()[0]?.attributes,
      t.logs()[0]?.attributes,
      JSON.stringify(await t.points('gen_ai.client.token.usage')),
    );
    expect(t.spans()).toHaveLength(1);
  });
});
