import { SpanStatusCode } from '@opentelemetry/api';
import { streamText } from 'ai';
import { MockLanguageModelV4, simulateReadableStream } from 'ai/test';
import { afterEach, describe, expect, it } from 'vitest';
import { byName } from '../support/langchain.js';
import {
  attr,
  BEFORE_NODE_22,
  setup,
  streamingModel,
  SUITE_NOTE,
  textChunks,
  type AiSdkTelemetry,
} from './support.js';

let s: AiSdkTelemetry | undefined;
afterEach(async () => {
  await s?.t.shutdown();
  s = undefined;
});

const count = async (name: string, operation = 'chat') =>
  (await s!.t.points(name))
    .filter((p) => p.attributes['gen_ai.operation.name'] === operation)
    .reduce((n, p) => n + (p.value as { count: number }).count, 0);

/** Every span ended exactly once: the in-memory exporter receives a span when it ends. */
function endedOnce(): void {
  const ids = s!.t.spans().map((x) => x.spanContext().spanId);
  expect(new Set(ids).size).toBe(ids.length);
}

describe.skipIf(BEFORE_NODE_22)(`AI SDK streamText${SUITE_NOTE}`, () => {
  it('records time to first chunk and per-chunk times for a stream consumed to its end', async () => {
    s = setup();
    const result = streamText({
      model: streamingModel(['Hello', ' there', ' friend'], 5),
      prompt: 'hi',
      telemetry: { functionId: 'streamer', integrations: [s.integration] },
    });
    let text = '';
    for await (const delta of result.textStream) text += delta;
    expect(text).toBe('Hello there friend');
    await result.consumeStream();
    const chat = byName(s.t.spans(), 'chat mock-stream');
    expect(chat.attributes).toMatchObject({
      'gen_ai.provider.name': 'anthropic',
      'gen_ai.request.stream': true,
      'gen_ai.response.id': 'stream-1',
      'gen_ai.response.model': 'mock-model-2026',
      'gen_ai.usage.input_tokens': 9,
      'gen_ai.usage.output_tokens': 3,
      'gen_ai.response.finish_reasons': ['stop'],
    });
    const ttfc = attr(chat, 'gen_ai.response.time_to_first_chunk') as number;
    expect(ttfc).toBeGreaterThan(0);
    expect(await count('gen_ai.client.operation.time_to_first_chunk')).toBe(1);
    expect(await count('gen_ai.client.operation.time_per_output_chunk')).toBe(2);
    expect(await count('gen_ai.client.operation.duration')).toBe(1);
    expect(byName(s.t.spans(), 'invoke_agent streamer').status.code).toBe(SpanStatusCode.UNSET);
    endedOnce();
  });

  it('ends an aborted stream once: the cut-off chat fails as AbortError, the agent is not an error', async () => {
    s = setup();
    const controller = new AbortController();
    const result = streamText({
      model: streamingModel(['a', 'b', 'c', 'd', 'e'], 10),
      prompt: 'hi',
      abortSignal: controller.signal,
      telemetry: { functionId: 'aborted', integrations: [s.integration] },
    });
    for await (const _ of result.textStream) controller.abort();
    const spans = s.t.spans();
    const chat = byName(spans, 'chat mock-stream');
    expect(chat.status.code).toBe(SpanStatusCode.ERROR);
    expect(attr(chat, 'error.type')).toBe('AbortError');
    const agent = byName(spans, 'invoke_agent aborted');
    expect(agent.status.code).toBe(SpanStatusCode.UNSET);
    expect(spans).toHaveLength(2);
    endedOnce();
    const duration = await s.t.points('gen_ai.client.operation.duration');
    const errorTypes = Object.fromEntries(
      duration.map((p) => [p.attributes['gen_ai.operation.name'], p.attributes['error.type']]),
    );
    expect(errorTypes).toEqual({ chat: 'AbortError', invoke_agent: undefined });
    expect(s.integration.stats().active).toBe(0);
  });

  it('does not leave the run of a stream broken off by its consumer open forever', async () => {
    s = setup({}, { maxCallAgeMs: 1 });
    const result = streamText({
      model: streamingModel(['x', 'y', 'z'], 2),
      prompt: 'hi',
      telemetry: { functionId: 'broken-off', integrations: [s.integration] },
    });
    for await (const _ of result.textStream) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
    // The AI SDK reports no end for this run; the next call evicts it.
    expect(s.t.spans().map((x) => x.name)).not.toContain('invoke_agent broken-off');
    const next = streamText({
      model: streamingModel(['ok']),
      prompt: 'again',
      telemetry: { functionId: 'next', integrations: [s.integration] },
    });
    await next.consumeStream();
    const agent = byName(s.t.spans(), 'invoke_agent broken-off');
    expect(agent.status.code).toBe(SpanStatusCode.ERROR);
    expect(attr(agent, 'error.type')).toBe('AbandonedCallError');
    expect(s.integration.stats()).toMatchObject({ active: 0, evictedByAge: 1 });
    expect(s.t.spans().filter((x) => x.name === 'chat mock-stream')).toHaveLength(2);
    endedOnce();
  });

  it('fails the chat and the run when the provider stream errors', async () => {
    s = setup();
    class StreamBroke extends Error {
      override name = 'StreamBroke';
    }
    const model = new MockLanguageModelV4({
      provider: 'openai.chat',
      modelId: 'mock-stream',
      doStream: async () => {
        throw new StreamBroke('connection reset');
      },
    });
    const errors: unknown[] = [];
    const result = streamText({
      model,
      prompt: 'hi',
      maxRetries: 0,
      onError: ({ error }) => void errors.push(error),
      telemetry: { functionId: 'failing', integrations: [s.integration] },
    });
    await result.consumeStream();
    expect(errors).toHaveLength(1);
    for (const name of ['chat mock-stream', 'invoke_agent failing']) {
      const span = byName(s.t.spans(), name);
      expect(span.status.code).toBe(SpanStatusCode.ERROR);
      expect(attr(span, 'error.type')).toBe('StreamBroke');
    }
    endedOnce();
  });

  it('marks a model call whose stream finished with reason "error" as failed', async () => {
    s = setup();
    const chunks = textChunks(['partial']);
    chunks.splice(
      chunks.length - 1,
      1,
      { type: 'error', error: 'overloaded' },
      {
        type: 'finish',
        finishReason: { unified: 'error', raw: 'error' },
        usage: {
          inputTokens: { total: 1, noCache: 1, cacheRead: undefined, cacheWrite: undefined },
          outputTokens: { total: 1, text: 1, reasoning: undefined },
        },
      },
    );
    const model = new MockLanguageModelV4({
      provider: 'openai.chat',
      modelId: 'mock-stream',
      doStream: async () => ({ stream: simulateReadableStream({ chunks }) }),
    });
    const result = streamText({
      model,
      prompt: 'hi',
      onError: () => {},
      telemetry: { integrations: [s.integration] },
    });
    await result.consumeStream();
    const chat = byName(s.t.spans(), 'chat mock-stream');
    expect(chat.status.code).toBe(SpanStatusCode.ERROR);
    expect(attr(chat, 'error.type')).toBe('_OTHER');
    expect(attr(chat, 'gen_ai.response.finish_reasons')).toEqual(['error']);
    endedOnce();
  });
});
