import { ChatPromptTemplate } from '@langchain/core/prompts';
import { StringOutputParser } from '@langchain/core/output_parsers';
import { Document } from '@langchain/core/documents';
import { BaseRetriever } from '@langchain/core/retrievers';
import { FakeLLM } from '@langchain/core/utils/testing';
import { SpanKind } from '@opentelemetry/api';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TelemetryHandler } from '../src/index.js';
import { GenAICallbackHandler } from '../src/langchain/index.js';
import {
  createTestTelemetry,
  providers,
  TEST_SPAN_ID,
  type TestTelemetry,
} from './support/telemetry.js';
import {
  byName,
  parentOf,
  ScriptedChatModel,
  tree,
  useAsyncLocalStorageContext,
} from './support/langchain.js';

let t: TestTelemetry;
beforeAll(useAsyncLocalStorageContext);
afterEach(() => t?.shutdown());

function setup(captureMessageContent: 'none' | 'span_and_event' = 'span_and_event') {
  t = createTestTelemetry();
  const handler = new TelemetryHandler({ ...providers(t), captureMessageContent });
  return { handler, callbacks: [new GenAICallbackHandler({ handler })] };
}

const model = () =>
  new ScriptedChatModel(() => ({
    content: 'Sunny in Paris.',
    usage: { input: 12, output: 4, cacheRead: 2 },
  }));

const prompt = () =>
  ChatPromptTemplate.fromMessages([
    ['system', 'You are a weather bot.'],
    ['human', 'Weather in {city}?'],
  ]);

describe('LangChain chains', () => {
  it('maps prompt -> model -> parser to a workflow with steps under the caller span', async () => {
    const { callbacks } = setup();
    const chain = prompt().pipe(model()).pipe(new StringOutputParser());
    const tracer = t.tracerProvider.getTracer('app');
    const out = await tracer.startActiveSpan('request', async (span) => {
      const result = await chain.invoke({ city: 'Paris' }, { callbacks });
      span.end();
      return result;
    });
    expect(out).toBe('Sunny in Paris.');
    const spans = t.spans();
    expect(tree(spans)).toBe(
      [
        'request',
        '  invoke_workflow RunnableSequence',
        '    chat gpt-4o-mini',
        '    ChatPromptTemplate',
        '    StrOutputParser',
      ].join('\n'),
    );
    const step = byName(spans, 'ChatPromptTemplate');
    expect(step.kind).toBe(SpanKind.INTERNAL);
    expect(step.attributes['genai_telemetry.step.name']).toBe('ChatPromptTemplate');
    expect(step.attributes['genai_telemetry.step.type']).toBe('ChatPromptTemplate');
    const workflow = byName(spans, 'invoke_workflow RunnableSequence');
    expect(workflow.attributes['gen_ai.workflow.name']).toBe('RunnableSequence');
  });

  it('reads provider, model, parameters, usage, finish reasons and messages', async () => {
    const { callbacks } = setup();
    await prompt()
      .pipe(model())
      .invoke({ city: 'Paris' }, { callbacks, stop: ['\n'] } as never);
    const chat = byName(t.spans(), 'chat gpt-4o-mini');
    expect(chat.kind).toBe(SpanKind.CLIENT);
    expect(chat.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.request.temperature': 0.2,
      'gen_ai.request.top_p': 0.9,
      'gen_ai.request.max_tokens': 256,
      'gen_ai.response.id': expect.stringMatching(/^chatcmpl-\d+$/),
      'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
      'gen_ai.response.finish_reasons': ['stop'],
      'gen_ai.usage.input_tokens': 12,
      'gen_ai.usage.output_tokens': 4,
      'gen_ai.usage.cache_read.input_tokens': 2,
    });
    expect(JSON.parse(chat.attributes['gen_ai.input.messages'] as string)).toEqual([
      { role: 'system', parts: [{ type: 'text', content: 'You are a weather bot.' }] },
      { role: 'user', parts: [{ type: 'text', content: 'Weather in Paris?' }] },
    ]);
    // The system message is part of the history: recorded there, not twice.
    expect(chat.attributes).not.toHaveProperty('gen_ai.system_instructions');
    expect(JSON.parse(chat.attributes['gen_ai.output.messages'] as string)).toEqual([
      {
        role: 'assistant',
        parts: [{ type: 'text', content: 'Sunny in Paris.' }],
        finish_reason: 'stop',
      },
    ]);
  });

  it('captures no content by default', async () => {
    const { callbacks } = setup('none');
    await prompt().pipe(model()).invoke({ city: 'Paris' }, { callbacks });
    const chat = byName(t.spans(), 'chat gpt-4o-mini');
    expect(chat.attributes['gen_ai.input.messages']).toBeUndefined();
    expect(chat.attributes['gen_ai.usage.input_tokens']).toBe(12);
  });

  it('correlates the details event and the metrics with the LangChain chat span', async () => {
    const { callbacks } = setup();
    await prompt().pipe(model()).invoke({ city: 'Paris' }, { callbacks });
    const chat = byName(t.spans(), 'chat gpt-4o-mini');
    const events = t
      .logs()
      .filter((l) => l.eventName === 'gen_ai.client.inference.operation.details');
    expect(events).toHaveLength(1);
    expect(events[0]!.spanContext?.spanId).toBe(chat.spanContext().spanId);
    expect(events[0]!.spanContext?.traceId).toBe(chat.spanContext().traceId);
    const points = await t.points('gen_ai.client.token.usage');
    expect(points.length).toBeGreaterThan(0);
    for (const p of points) expect(p.attributes[TEST_SPAN_ID]).toBe(chat.spanContext().spanId);
  });

  it('correlates evaluation results with the LangChain chat span', async () => {
    t = createTestTelemetry();
    const handler = new TelemetryHandler({
      ...providers(t),
      evaluation: { evaluators: 'keywords(paris)' },
    });
    await prompt()
      .pipe(model())
      .invoke({ city: 'Paris' }, { callbacks: [new GenAICallbackHandler({ handler })] });
    await handler.forceFlush();
    const chat = byName(t.spans(), 'chat gpt-4o-mini');
    const results = t.logs().filter((l) => l.eventName === 'gen_ai.evaluation.result');
    expect(results).toHaveLength(1);
    expect(results[0]!.attributes['gen_ai.evaluation.name']).toBe('keywords');
    expect(results[0]!.spanContext?.spanId).toBe(chat.spanContext().spanId);
  });

  it('streams: time to first chunk from the first token, usage from the last chunk', async () => {
    const { callbacks } = setup();
    const chunks: string[] = [];
    const stream = await prompt()
      .pipe(model())
      .pipe(new StringOutputParser())
      .stream({ city: 'Paris' }, { callbacks });
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.join('')).toBe('Sunny in Paris.');
    const chat = byName(t.spans(), 'chat gpt-4o-mini');
    expect(chat.attributes['gen_ai.response.time_to_first_chunk']).toBeGreaterThanOrEqual(0);
    expect(chat.attributes['gen_ai.usage.output_tokens']).toBe(4);
    expect(await t.points('gen_ai.client.operation.time_to_first_chunk')).toHaveLength(1);
  });

  it('maps text-completion LLMs through handleLLMStart', async () => {
    const { callbacks } = setup();
    const llm = new FakeLLM({});
    expect(await llm.invoke('Capital of France?', { callbacks })).toBe('Capital of France?');
    const span = t.spans().find((s) => s.attributes['gen_ai.operation.name'] === 'text_completion');
    expect(span).toBeDefined();
    expect(JSON.parse(span!.attributes['gen_ai.input.messages'] as string)).toEqual([
      { role: 'user', parts: [{ type: 'text', content: 'Capital of France?' }] },
    ]);
  });

  it('maps retrievers to retrieval with document ids and scores', async () => {
    const { callbacks } = setup();
    class Kb extends BaseRetriever {
      override lc_namespace = ['test'];
      override async _getRelevantDocuments(): Promise<Document[]> {
        return [
          new Document({ id: 'doc-1', pageContent: 'a', metadata: { score: 0.9 } }),
          new Document({ pageContent: 'b', metadata: { id: 'doc-2' } }),
        ];
      }
    }
    await new Kb().invoke('paris weather', { callbacks, runName: 'kb' });
    const span = byName(t.spans(), 'retrieval kb');
    expect(span.attributes['gen_ai.data_source.id']).toBe('kb');
    // doc-2 has no score: the conventions' document has no form for that, so it is left out.
    expect(JSON.parse(span.attributes['gen_ai.retrieval.documents'] as string)).toEqual([
      { id: 'doc-1', score: 0.9 },
    ]);
    expect(span.attributes['gen_ai.retrieval.query.text']).toBe('paris weather');
    expect(parentOf(span)).toBeUndefined();
  });
});
