import { ChatPromptTemplate } from '@langchain/core/prompts';
import { StringOutputParser } from '@langchain/core/output_parsers';
import { trace } from '@opentelemetry/api';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TelemetryHandler } from '../src/index.js';
import { GenAICallbackHandler } from '../src/langchain/index.js';
import { createTestTelemetry, providers, type TestTelemetry } from './support/telemetry.js';
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

describe('LangChain chains', () => {
  it('maps prompt -> model -> parser to a workflow with steps and a chat span', async () => {
    const { callbacks } = setup();
    const prompt = ChatPromptTemplate.fromMessages([
      ['system', 'You are a weather bot.'],
      ['human', 'Weather in {city}?'],
    ]);
    const chain = prompt.pipe(model()).pipe(new StringOutputParser());
    const tracer = t.tracerProvider.getTracer('app');
    const out = await tracer.startActiveSpan('request', async (span) => {
      const result = await chain.invoke({ city: 'Paris' }, { callbacks });
      span.end();
      return result;
    });
    expect(out).toBe('Sunny in Paris.');
    const spans = t.spans();
    console.log(tree(spans));
    const chat = byName(spans, 'chat gpt-4o-mini');
    console.log(chat.attributes);
  });
});
