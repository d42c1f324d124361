import { createOpenAI } from '@ai-sdk/openai';
import { context, SpanKind, SpanStatusCode, trace, type Tracer } from '@opentelemetry/api';
import { embedMany, generateText, stepCountIs, streamText, tool } from 'ai';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { byName, parentOf, tree } from '../support/langchain.js';
import {
  startOpenAIServer,
  type OpenAIServer,
  type OpenAIServerOptions,
} from '../support/openai-server.js';
import { attr, BEFORE_NODE_22, setup, SUITE_NOTE, type AiSdkTelemetry } from './support.js';

let s: AiSdkTelemetry | undefined;
let server: OpenAIServer | undefined;
afterEach(async () => {
  await server?.close();
  await s?.t.shutdown();
  s = undefined;
  server = undefined;
});

/**
 * `@ai-sdk/openai` against the loopback server, its fetch wrapped in a CLIENT span of its own:
 * what an HTTP instrumentation would record, so the test sees where the request ran.
 */
async function openAI(tracer: Tracer, options: OpenAIServerOptions) {
  server = await startOpenAIServer(options);
  return createOpenAI({
    baseURL: server.baseURL,
    apiKey: 'test-key',
    fetch: (input, init) =>
      tracer.startActiveSpan('POST', { kind: SpanKind.CLIENT }, async (span) => {
        try {
          return await fetch(input, init);
        } finally {
          span.end();
        }
      }),
  });
}

const lookup = tool({
  description: 'Looks a city up',
  inputSchema: z.object({ city: z.string() }),
  execute: async ({ city }) => ({ city, population: city.length * 1000 }),
});

describe.skipIf(BEFORE_NODE_22)(`AI SDK with @ai-sdk/openai over HTTP${SUITE_NOTE}`, () => {
  it('nests each HTTP request under its chat span, with the endpoint, usage and tool calls of a multi-step run', async () => {
    s = setup({ captureMessageContent: 'span_only' });
    const tracer = s.t.tracerProvider.getTracer('http');
    const openai = await openAI(tracer, {
      replies: [
        {
          toolCalls: [{ id: 'call_a', name: 'lookup', arguments: { city: 'Paris' } }],
          usage: { promptTokens: 30, completionTokens: 7 },
        },
        {
          text: 'Paris has 5000 people.',
          usage: { promptTokens: 50, completionTokens: 9, cachedTokens: 20, reasoningTokens: 3 },
          model: 'gpt-4o-mini-2024-07-18',
        },
      ],
    });
    const result = await generateText({
      model: openai.chat('gpt-4o-mini'),
      prompt: 'How many people live in Paris?',
      tools: { lookup },
      stopWhen: stepCountIs(3),
      telemetry: { functionId: 'cities', integrations: [s.integration] },
    });
    expect(result.text).toBe('Paris has 5000 people.');
    const spans = s.t.spans();
    expect(tree(spans)).toBe(
      [
        'invoke_agent cities',
        '  chat gpt-4o-mini',
        '    POST',
        '  chat gpt-4o-mini',
        '    POST',
        '  execute_tool lookup',
      ].join('\n'),
    );
    const chats = spans.filter((x) => x.name === 'chat gpt-4o-mini');
    const final = chats.find((c) => attr(c, 'gen_ai.response.model') === 'gpt-4o-mini-2024-07-18')!;
    expect(final.attributes).toMatchObject({
      'gen_ai.provider.name': 'openai',
      'gen_ai.response.id': 'chatcmpl-2',
      'gen_ai.usage.input_tokens': 50,
      'gen_ai.usage.output_tokens': 9,
      'gen_ai.usage.cache_read.input_tokens': 20,
      'gen_ai.usage.reasoning.output_tokens': 3,
      'gen_ai.response.finish_reasons': ['stop'],
    });
    expect(attr(byName(spans, 'execute_tool lookup'), 'gen_ai.tool.call.id')).toBe('call_a');
    // The AI SDK reports the endpoint when the call ends: the handler writes it on the span then,
    // and on its metric points.
    for (const chat of chats)
      expect(chat.attributes).toMatchObject({
        'server.address': '127.0.0.1',
        'server.port': server!.port,
      });
    const duration = await s.t.points('gen_ai.client.operation.duration');
    const chatPoints = duration.filter((p) => p.attributes['gen_ai.operation.name'] === 'chat');
    expect(chatPoints).toHaveLength(2);
    for (const p of chatPoints)
      expect(p.attributes).toMatchObject({
        'server.address': '127.0.0.1',
        'server.port': server!.port,
      });
    // The model saw the tool definition the span reports.
    expect(JSON.stringify(server!.requests[0]!.body.tools)).toContain('Looks a city up');
    expect(JSON.parse(attr(chats[0]!, 'gen_ai.tool.definitions') as string)[0]).toMatchObject({
      name: 'lookup',
      description: 'Looks a city up',
    });
  });

  it('streams over SSE with usage: time to first chunk, the HTTP span under the chat span, tools and a second step', async () => {
    s = setup();
    const tracer = s.t.tracerProvider.getTracer('http');
    const openai = await openAI(tracer, {
      chunkDelayMs: 2,
      replies: [
        { toolCalls: [{ id: 'call_s', name: 'lookup', arguments: { city: 'Oslo' } }] },
        { text: 'Oslo is a small big city.', usage: { promptTokens: 40, completionTokens: 8 } },
      ],
    });
    const result = streamText({
      model: openai.chat('gpt-4o-mini'),
      prompt: 'Oslo?',
      tools: { lookup },
      stopWhen: stepCountIs(3),
      telemetry: { functionId: 'streaming-cities', integrations: [s.integration] },
    });
    let text = '';
    for await (const delta of result.textStream) text += delta;
    expect(text).toBe('Oslo is a small big city.');
    expect(server!.requests.every((r) => r.body.stream === true)).toBe(true);
    const spans = s.t.spans();
    expect(tree(spans)).toBe(
      [
        'invoke_agent streaming-cities',
        '  chat gpt-4o-mini',
        '    POST',
        '  chat gpt-4o-mini',
        '    POST',
        '  execute_tool lookup',
      ].join('\n'),
    );
    const final = s.t.spans().find((x) => attr(x, 'gen_ai.usage.input_tokens') === 40)!;
    expect(final.attributes).toMatchObject({
      'gen_ai.request.stream': true,
      'gen_ai.usage.output_tokens': 8,
    });
    expect(attr(final, 'gen_ai.response.time_to_first_chunk')).toBeGreaterThan(0);
    const ttfc = await s.t.points('gen_ai.client.operation.time_to_first_chunk');
    expect(ttfc.reduce((n, p) => n + (p.value as { count: number }).count, 0)).toBe(2);
  });

  it('fails the chat and the run with the provider error type when the server answers 500', async () => {
    s = setup();
    const openai = await openAI(s.t.tracerProvider.getTracer('http'), {
      replies: [{ error: { status: 500, message: 'upstream exploded' } }],
    });
    await expect(
      generateText({
        model: openai.chat('gpt-4o-mini'),
        prompt: 'x',
        maxRetries: 0,
        telemetry: { functionId: 'e', integrations: [s.integration] },
      }),
    ).rejects.toThrow('upstream exploded');
    for (const name of ['chat gpt-4o-mini', 'invoke_agent e']) {
      const span = byName(s.t.spans(), name);
      expect(span.status.code).toBe(SpanStatusCode.ERROR);
      expect(attr(span, 'error.type')).toBe('APICallError');
    }
    const duration = await s.t.points('gen_ai.client.operation.duration');
    expect(
      duration.find((p) => p.attributes['gen_ai.operation.name'] === 'chat')?.attributes[
        'error.type'
      ],
    ).toBe('APICallError');
  });

  it('embeds over HTTP: one embedding span with the tokens of every batch', async () => {
    s = setup();
    const openai = await openAI(s.t.tracerProvider.getTracer('http'), { embeddingDimensions: 4 });
    const { embeddings } = await embedMany({
      model: openai.embedding('text-embedding-3-small'),
      values: ['sunny day', 'rainy night out'],
      telemetry: { integrations: [s.integration] },
    });
    expect(embeddings[0]).toHaveLength(4);
    expect(byName(s.t.spans(), 'embeddings text-embedding-3-small').attributes).toMatchObject({
      'gen_ai.provider.name': 'openai',
      'gen_ai.usage.input_tokens': 5,
      'gen_ai.embeddings.dimension.count': 4,
    });
  });

  it('gives 50 concurrent streamText requests, each under its own request span, 50 separate complete trees', async () => {
    s = setup();
    const tracer = s.t.tracerProvider.getTracer('app');
    const openai = await openAI(tracer, {
      chunkDelayMs: 1,
      fallback: (request) => {
        const question = JSON.stringify(request.messages);
        const id = /request (\d+)/.exec(question)?.[1];
        return {
          text: `answer ${id} in several words`,
          usage: { promptTokens: 5, completionTokens: 5 },
        };
      },
    });
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        tracer.startActiveSpan(`request ${i}`, async (span) => {
          const result = streamText({
            model: openai.chat('gpt-4o-mini'),
            prompt: `request ${i}`,
            telemetry: { functionId: `agent ${i}`, integrations: [s!.integration] },
          });
          let text = '';
          for await (const delta of result.textStream) text += delta;
          span.end();
          return text;
        }),
      ),
    );
    expect(answers.map((a) => a.split(' ')[1])).toEqual(
      Array.from({ length: 50 }, (_, i) => String(i)),
    );
    const spans = s.t.spans();
    expect(spans).toHaveLength(50 * 4);
    const traces = new Set(spans.map((x) => x.spanContext().traceId));
    expect(traces.size).toBe(50);
    for (let i = 0; i < 50; i++) {
      const request = byName(spans, `request ${i}`);
      const agent = byName(spans, `invoke_agent agent ${i}`);
      const chat = spans.find(
        (x) => x.name === 'chat gpt-4o-mini' && parentOf(x) === agent.spanContext().spanId,
      );
      expect(parentOf(agent)).toBe(request.spanContext().spanId);
      expect(chat).toBeDefined();
      expect(
        spans.filter((x) => x.name === 'POST' && parentOf(x) === chat!.spanContext().spanId),
      ).toHaveLength(1);
      expect(new Set([request, agent, chat!].map((x) => x.spanContext().traceId)).size).toBe(1);
    }
    expect(s.integration.stats().active).toBe(0);
    expect(trace.getActiveSpan()).toBeUndefined();
    expect(context.active()).toBeDefined();
  });
});
