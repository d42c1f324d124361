import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import {
  embedMany,
  generateText,
  Output,
  registerTelemetry,
  rerank,
  stepCountIs,
  tool,
  ToolLoopAgent,
} from 'ai';
import { MockEmbeddingModelV4, MockRerankingModelV4 } from 'ai/test';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Evaluator } from '../../src/index.js';
import { byName, parentOf, tree } from '../support/langchain.js';
import { TEST_SPAN_ID } from '../support/telemetry.js';
import {
  activeSpanId,
  attr,
  BEFORE_NODE_22,
  scriptedModel,
  setup,
  SUITE_NOTE,
  textResult,
  toolCallResult,
  type AiSdkTelemetry,
} from './support.js';

let s: AiSdkTelemetry | undefined;
afterEach(async () => {
  await s?.t.shutdown();
  s = undefined;
  globalThis.AI_SDK_TELEMETRY_INTEGRATIONS = undefined;
});

const weather = (seen?: { span?: string }) =>
  tool({
    description: 'Current weather for a city',
    inputSchema: z.object({ city: z.string() }),
    execute: async ({ city }) => {
      if (seen) seen.span = activeSpanId();
      return { city, forecast: 'sunny' };
    },
  });

describe.skipIf(BEFORE_NODE_22)(
  `AI SDK generateText, agents, embeddings, reranking${SUITE_NOTE}`,
  () => {
    it('maps a tool loop over several steps to one agent with a chat span per model call and a tool span per execution', async () => {
      s = setup({ captureMessageContent: 'span_only' });
      const seen: { span?: string } = {};
      const model = scriptedModel(
        toolCallResult('weather', { city: 'Paris' }, 'call-1'),
        toolCallResult('weather', { city: 'Rome' }, 'call-2'),
        textResult('Sunny in both.'),
      );
      const tracer = s.t.tracerProvider.getTracer('app');
      const result = await tracer.startActiveSpan('request', async (span) => {
        const r = await generateText({
          model,
          instructions: 'You are a weather bot.',
          prompt: 'Weather in Paris and Rome?',
          tools: { weather: weather(seen) },
          stopWhen: stepCountIs(5),
          temperature: 0.2,
          maxOutputTokens: 100,
          telemetry: { functionId: 'weather-agent', integrations: [s!.integration] },
        });
        span.end();
        return r;
      });
      expect(result.text).toBe('Sunny in both.');
      const spans = s.t.spans();
      expect(tree(spans)).toBe(
        [
          'request',
          '  invoke_agent weather-agent',
          '    chat mock-model',
          '    chat mock-model',
          '    chat mock-model',
          '    execute_tool weather',
          '    execute_tool weather',
        ].join('\n'),
      );
      const agent = byName(spans, 'invoke_agent weather-agent');
      expect(agent.kind).toBe(SpanKind.INTERNAL);
      expect(agent.instrumentationScope.name).toBe('genai-telemetry/ai-sdk');
      expect(parentOf(agent)).toBe(byName(spans, 'request').spanContext().spanId);
      expect(agent.attributes).toMatchObject({
        'gen_ai.operation.name': 'invoke_agent',
        'gen_ai.agent.name': 'weather-agent',
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': 'mock-model',
      });
      expect(JSON.parse(attr(agent, 'gen_ai.output.messages') as string)).toEqual([
        {
          role: 'assistant',
          parts: [{ type: 'text', content: 'Sunny in both.' }],
          finish_reason: 'stop',
        },
      ]);
      expect(JSON.parse(attr(agent, 'gen_ai.system_instructions') as string)).toEqual([
        { type: 'text', content: 'You are a weather bot.' },
      ]);

      const chats = spans.filter((x) => x.name === 'chat mock-model');
      const last = chats.find((c) => attr(c, 'gen_ai.response.id') === 'resp-1')!;
      expect(last.kind).toBe(SpanKind.CLIENT);
      expect(last.attributes).toMatchObject({
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'openai',
        'gen_ai.agent.name': 'weather-agent',
        'gen_ai.request.model': 'mock-model',
        'gen_ai.request.temperature': 0.2,
        'gen_ai.request.max_tokens': 100,
        'gen_ai.request.stream': false,
        'gen_ai.response.model': 'mock-model-2026',
        'gen_ai.response.finish_reasons': ['stop'],
        'gen_ai.usage.input_tokens': 12,
        'gen_ai.usage.output_tokens': 4,
        'gen_ai.usage.cache_read.input_tokens': 2,
        'gen_ai.usage.reasoning.output_tokens': 1,
      });
      // The last model call saw the whole conversation: the two tool calls and their results.
      const input = JSON.parse(attr(last, 'gen_ai.input.messages') as string) as Array<{
        role: string;
        parts: Array<{ type: string }>;
      }>;
      expect(input.map((m) => m.role)).toEqual(['user', 'assistant', 'tool', 'assistant', 'tool']);
      expect(input[2]!.parts[0]).toEqual({
        type: 'tool_call_response',
        id: 'call-1',
        response: { city: 'Paris', forecast: 'sunny' },
      });
      expect(JSON.parse(attr(last, 'gen_ai.tool.definitions') as string)).toEqual([
        expect.objectContaining({
          type: 'function',
          name: 'weather',
          description: 'Current weather for a city',
        }),
      ]);
      const first = chats.find((c) => attr(c, 'gen_ai.response.id') === 'resp-call-1')!;
      expect(attr(first, 'gen_ai.response.finish_reasons')).toEqual(['tool_call']);
      expect(JSON.parse(attr(first, 'gen_ai.output.messages') as string)[0].parts).toEqual([
        { type: 'tool_call', id: 'call-1', name: 'weather', arguments: { city: 'Paris' } },
      ]);

      const tools = spans.filter((x) => x.name === 'execute_tool weather');
      expect(tools.map((x) => attr(x, 'gen_ai.tool.call.id')).sort()).toEqual(['call-1', 'call-2']);
      const paris = tools.find((x) => attr(x, 'gen_ai.tool.call.id') === 'call-1')!;
      expect(paris.attributes).toMatchObject({
        'gen_ai.operation.name': 'execute_tool',
        'gen_ai.tool.name': 'weather',
        'gen_ai.tool.type': 'function',
        'gen_ai.tool.description': 'Current weather for a city',
        'gen_ai.agent.name': 'weather-agent',
      });
      expect(JSON.parse(attr(paris, 'gen_ai.tool.call.arguments') as string)).toEqual({
        city: 'Paris',
      });
      expect(JSON.parse(attr(paris, 'gen_ai.tool.call.result') as string)).toEqual({
        city: 'Paris',
        forecast: 'sunny',
      });
      // The tool ran with its own span active, so its spans nest under it.
      expect(tools.map((x) => x.spanContext().spanId)).toContain(seen.span);
    });

    it('records the duration and token histograms of every model call, with bounded attributes', async () => {
      s = setup();
      await generateText({
        model: scriptedModel(
          toolCallResult('weather', { city: 'Oslo' }, 'c1'),
          textResult('Cold.'),
        ),
        prompt: 'Oslo?',
        tools: { weather: weather() },
        stopWhen: stepCountIs(3),
        telemetry: { integrations: [s.integration] },
      });
      const duration = await s.t.points('gen_ai.client.operation.duration');
      // One point per model call: the test view keys each point by the span it was recorded in.
      const chat = duration.filter((p) => p.attributes['gen_ai.operation.name'] === 'chat');
      const chatSpans = s.t.spans().filter((x) => x.name === 'chat mock-model');
      expect(chat.map((p) => p.attributes[TEST_SPAN_ID]).sort()).toEqual(
        chatSpans.map((x) => x.spanContext().spanId).sort(),
      );
      for (const p of chat)
        expect(p.attributes).toMatchObject({
          'gen_ai.provider.name': 'openai',
          'gen_ai.request.model': 'mock-model',
          'gen_ai.response.model': 'mock-model-2026',
        });
      const tokens = await s.t.points('gen_ai.client.token.usage');
      const sum = (type: string) =>
        tokens
          .filter((p) => p.attributes['gen_ai.token.type'] === type)
          .filter((p) => p.attributes['gen_ai.operation.name'] === 'chat')
          .reduce((n, p) => n + (p.value as { sum: number }).sum, 0);
      expect(sum('input')).toBe(20 + 12);
      expect(sum('output')).toBe(6 + 4);
      for (const p of [...duration, ...tokens]) {
        expect(
          Object.keys(p.attributes).filter((k) => k.startsWith('gen_ai') && k.endsWith('.id')),
        ).toEqual([]);
      }
      // Without a capture mode, no content reaches the spans.
      for (const span of s.t.spans()) {
        expect(
          Object.keys(span.attributes).filter((k) =>
            /messages|instructions|arguments|result|definitions/.test(k),
          ),
        ).toEqual([]);
      }
    });

    it('keeps content off every signal when the call does not record inputs and outputs, whatever the capture mode', async () => {
      s = setup({ captureMessageContent: 'span_and_event' });
      await generateText({
        model: scriptedModel(
          toolCallResult('weather', { city: 'Lima' }, 'c1'),
          textResult('Secret answer'),
        ),
        instructions: 'Secret instructions',
        prompt: 'Secret question',
        tools: { weather: weather() },
        stopWhen: stepCountIs(3),
        telemetry: { recordInputs: false, recordOutputs: false, integrations: [s.integration] },
      });
      const exported = JSON.stringify([
        s.t.spans().map((x) => x.attributes),
        s.t.logs().map((l) => [l.body, l.attributes]),
      ]);
      for (const secret of ['Secret', 'Lima', 'sunny']) expect(exported).not.toContain(secret);
      expect(s.t.spans().map((x) => x.name)).toContain('execute_tool weather');
    });

    it('emits the details event and sends evaluation results to the span they evaluate', async () => {
      const judged: string[] = [];
      const answerLength: Evaluator = {
        name: 'answer_length',
        kinds: ['llm', 'agent'],
        evaluate: (inv) => {
          judged.push(inv.kind);
          const text =
            inv.kind === 'llm' || inv.kind === 'agent'
              ? inv.outputMessages?.[0]?.parts[0]
              : undefined;
          const content = text && 'content' in text ? text.content : undefined;
          const length = typeof content === 'string' ? content.length : 0;
          return [
            {
              name: 'answer_length',
              score: length > 3 ? 1 : 0,
              label: length > 3 ? 'pass' : 'fail',
            },
          ];
        },
      };
      s = setup({
        captureMessageContent: 'event_only',
        evaluation: { evaluators: [answerLength] },
      });
      await generateText({
        model: scriptedModel(textResult('Fine weather.')),
        prompt: 'Weather?',
        telemetry: { functionId: 'eval-agent', integrations: [s.integration] },
      });
      await s.handler.forceFlush();
      const spans = s.t.spans();
      const chat = byName(spans, 'chat mock-model');
      const agent = byName(spans, 'invoke_agent eval-agent');
      const details = s.t
        .logs()
        .filter((l) => l.eventName === 'gen_ai.client.inference.operation.details');
      expect(details).toHaveLength(1);
      expect(details[0]!.spanContext?.spanId).toBe(chat.spanContext().spanId);
      expect(details[0]!.attributes['gen_ai.response.id']).toBe('resp-1');
      expect(JSON.stringify(details[0]!.attributes['gen_ai.output.messages'])).toContain(
        'Fine weather.',
      );
      const results = s.t.logs().filter((l) => l.eventName === 'gen_ai.evaluation.result');
      expect(results.map((r) => r.spanContext?.spanId).sort()).toEqual(
        [chat.spanContext().spanId, agent.spanContext().spanId].sort(),
      );
      for (const r of results) expect(r.attributes['gen_ai.evaluation.score.label']).toBe('pass');
      expect(judged.sort()).toEqual(['agent', 'llm']);
      const scores = await s.t.points('gen_ai.evaluation.score');
      expect(scores.reduce((n, p) => n + (p.value as { count: number }).count, 0)).toBe(2);
    });

    it('fails the chat and the agent with error.type when the provider throws, and the caller still gets the error', async () => {
      s = setup();
      class RateLimited extends Error {
        override name = 'RateLimited';
      }
      const model = scriptedModel();
      model.doGenerate = async () => {
        throw new RateLimited('slow down');
      };
      await expect(
        generateText({
          model,
          prompt: 'x',
          maxRetries: 0,
          telemetry: { functionId: 'a', integrations: [s.integration] },
        }),
      ).rejects.toThrow('slow down');
      const spans = s.t.spans();
      for (const name of ['chat mock-model', 'invoke_agent a']) {
        const span = byName(spans, name);
        expect(span.status.code).toBe(SpanStatusCode.ERROR);
        expect(attr(span, 'error.type')).toBe('RateLimited');
      }
      expect(s.handler.stats().inFlight).toBe(0);
      expect(s.integration.stats().active).toBe(0);
    });

    it('ends a generateText aborted by its caller without a false error on the agent', async () => {
      s = setup();
      const model = scriptedModel();
      model.doGenerate = ({ abortSignal }) =>
        new Promise((_, reject) =>
          abortSignal?.addEventListener('abort', () => reject(abortSignal.reason)),
        );
      const controller = new AbortController();
      const call = generateText({
        model,
        prompt: 'x',
        abortSignal: controller.signal,
        telemetry: { functionId: 'a', integrations: [s.integration] },
      });
      setTimeout(() => controller.abort(), 5);
      await expect(call).rejects.toThrow();
      const spans = s.t.spans();
      const chat = byName(spans, 'chat mock-model');
      expect(chat.status.code).toBe(SpanStatusCode.ERROR);
      expect(attr(chat, 'error.type')).toBe('AbortError');
      const agent = byName(spans, 'invoke_agent a');
      expect(agent.status.code).not.toBe(SpanStatusCode.ERROR);
      expect(spans).toHaveLength(2);
    });

    it('runs a ToolLoopAgent as one agent, registered once with registerTelemetry', async () => {
      s = setup();
      registerTelemetry(s.integration);
      const agent = new ToolLoopAgent({
        model: scriptedModel(
          toolCallResult('weather', { city: 'Kyiv' }, 'k1'),
          textResult('Mild.'),
        ),
        instructions: 'Weather agent.',
        tools: { weather: weather() },
        telemetry: { functionId: 'loop-agent' },
      });
      const out = await agent.generate({ prompt: 'Kyiv?' });
      expect(out.text).toBe('Mild.');
      expect(tree(s.t.spans())).toBe(
        [
          'invoke_agent loop-agent',
          '  chat mock-model',
          '  chat mock-model',
          '  execute_tool weather',
        ].join('\n'),
      );
      expect(attr(byName(s.t.spans(), 'execute_tool weather'), 'gen_ai.tool.call.id')).toBe('k1');
    });

    it('maps structured output (Output.object) with the object as the answer', async () => {
      s = setup({ captureMessageContent: 'span_only' });
      const { output } = await generateText({
        model: scriptedModel(textResult('{"city":"Paris","celsius":21}')),
        prompt: 'Paris weather as JSON',
        output: Output.object({ schema: z.object({ city: z.string(), celsius: z.number() }) }),
        telemetry: { functionId: 'structured', integrations: [s.integration] },
      });
      expect(output).toEqual({ city: 'Paris', celsius: 21 });
      const agent = byName(s.t.spans(), 'invoke_agent structured');
      expect(attr(agent, 'gen_ai.output.messages')).toContain('celsius');
      expect(
        attr(byName(s.t.spans(), 'chat mock-model'), 'gen_ai.response.finish_reasons'),
      ).toEqual(['stop']);
    });

    it('maps embedMany to one embedding invocation whose tokens add up over the provider batches', async () => {
      s = setup({ captureMessageContent: 'span_only' });
      const model = new MockEmbeddingModelV4({
        provider: 'openai.embedding',
        modelId: 'embed-small',
        maxEmbeddingsPerCall: 2,
        doEmbed: async ({ values }) => ({
          embeddings: values.map(() => [0.1, 0.2, 0.3]),
          usage: { tokens: values.length * 3 },
          warnings: [],
        }),
      });
      const { embeddings } = await embedMany({
        model,
        values: ['a', 'b', 'c'],
        telemetry: { integrations: [s.integration] },
      });
      expect(embeddings).toHaveLength(3);
      const span = byName(s.t.spans(), 'embeddings embed-small');
      expect(span.kind).toBe(SpanKind.CLIENT);
      expect(span.attributes).toMatchObject({
        'gen_ai.operation.name': 'embeddings',
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': 'embed-small',
        'gen_ai.usage.input_tokens': 9,
        'gen_ai.embeddings.dimension.count': 3,
      });
      expect(s.t.spans()).toHaveLength(1);
      const tokens = await s.t.points('gen_ai.client.token.usage');
      expect(
        tokens.map((p) => [
          p.attributes['gen_ai.operation.name'],
          (p.value as { sum: number }).sum,
        ]),
      ).toEqual([['embeddings', 9]]);
    });

    it('maps rerank to a retrieval with the ranking as scored documents', async () => {
      s = setup({ captureMessageContent: 'span_only' });
      const model = new MockRerankingModelV4({
        provider: 'cohere.reranking',
        modelId: 'rerank-v3',
        doRerank: async () => ({
          ranking: [
            { index: 1, relevanceScore: 0.9 },
            { index: 0, relevanceScore: 0.2 },
          ],
        }),
      });
      await rerank({
        model,
        query: 'sun',
        documents: ['rain', 'sun'],
        topN: 2,
        telemetry: { integrations: [s.integration] },
      });
      const span = byName(s.t.spans(), 'retrieval');
      expect(span.attributes).toMatchObject({
        'gen_ai.operation.name': 'retrieval',
        'gen_ai.provider.name': 'cohere',
        'gen_ai.request.model': 'rerank-v3',
        'gen_ai.request.top_k': 2,
        'gen_ai.retrieval.query.text': 'sun',
      });
      expect(JSON.parse(attr(span, 'gen_ai.retrieval.documents') as string)).toEqual([
        { id: '1', score: 0.9 },
        { id: '0', score: 0.2 },
      ]);
    });

    it('never breaks the call when the handler misbehaves, and evicts calls that never end', async () => {
      s = setup({}, { maxCalls: 2 });
      const broken = s.handler as unknown as { start: () => never };
      const originalStart = s.handler.start.bind(s.handler);
      broken.start = () => {
        throw new Error('handler exploded');
      };
      const result = await generateText({
        model: scriptedModel(textResult('still fine')),
        prompt: 'x',
        telemetry: { integrations: [s.integration] },
      });
      expect(result.text).toBe('still fine');
      (s.handler as unknown as { start: typeof originalStart }).start = originalStart;
      // Three calls that never end (only their start is reported): the oldest is evicted, failed as abandoned.
      for (const callId of ['c1', 'c2', 'c3'])
        s.integration.onStart({
          callId,
          operationId: 'ai.streamText',
          provider: 'openai',
          modelId: 'm',
          functionId: callId,
        });
      expect(s.integration.stats()).toEqual({ active: 2, evictedByCount: 1, evictedByAge: 0 });
      const evicted = byName(s.t.spans(), 'invoke_agent c1');
      expect(attr(evicted, 'error.type')).toBe('AbandonedCallError');
    });
  },
);
