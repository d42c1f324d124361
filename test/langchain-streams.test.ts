/**
 * Streams whose consumer breaks off or aborts: LangChain sends no end callback, so the
 * integration notices the end itself (instrumentLangChain) or at the latest on the telemetry
 * handler's forceFlush()/shutdown() (a handler passed per run). Such runs end with a
 * cancellation outcome, never ERROR; held runs keep only what the configured signals need.
 */
import { StringOutputParser } from '@langchain/core/output_parsers';
import { ChatPromptTemplate } from '@langchain/core/prompts';
import { tool } from '@langchain/core/tools';
import { createAgent } from 'langchain';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { TelemetryHandler, type TelemetryHandlerOptions } from '../src/index.js';
import { instrumentLangChain } from '../src/langchain/index.js';
import { createTestTelemetry, providers, type TestTelemetry } from './support/telemetry.js';
import {
  cancellations,
  chainLeft,
  ScriptedChatModel,
  useAsyncLocalStorageContext,
  type Script,
} from './support/langchain.js';

let t: TestTelemetry;
let undo: (() => void) | undefined;
beforeAll(useAsyncLocalStorageContext);
afterEach(async () => {
  undo?.();
  undo = undefined;
  await t?.shutdown();
});

function instrumented(options: TelemetryHandlerOptions = {}) {
  t = createTestTelemetry();
  const handler = new TelemetryHandler({ ...providers(t), ...options });
  undo = instrumentLangChain({ handler });
  return handler;
}

const model = () => new ScriptedChatModel(() => ({ content: 'one two three four five' }));
const chain = () =>
  ChatPromptTemplate.fromTemplate('{q}').pipe(model()).pipe(new StringOutputParser());
const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('under instrumentLangChain()', () => {
  it('ends a chat run when the consumer breaks out of model.stream()', async () => {
    instrumented();
    for await (const _ of await model().stream('hello')) break;
    expect(cancellations(t.spans())).toEqual({ 'chat gpt-4o-mini': 'consumer_stopped' });
  });

  it('ends every run of a chain.stream() broken off after the first chunk', async () => {
    instrumented();
    for await (const _ of await chain().stream({ q: 'x' })) break;
    await tick();
    expect(cancellations(t.spans())).toEqual(chainLeft('consumer_stopped'));
  });

  it('ends a stream aborted with its AbortSignal as aborted, not as an error', async () => {
    instrumented();
    const abort = new AbortController();
    const consume = async () => {
      for await (const _ of await chain().stream({ q: 'x' }, { signal: abort.signal }))
        abort.abort();
    };
    await expect(consume()).rejects.toThrow();
    await tick();
    expect(cancellations(t.spans())).toEqual(chainLeft('aborted'));
  });

  it('does not mark a broken-off or aborted agent stream as an error', async () => {
    instrumented();
    const script: Script = (messages) =>
      messages.some((m) => m.type === 'tool')
        ? { content: 'Sunny in Paris.' }
        : { toolCalls: [{ id: 'c1', name: 'get_weather', args: { city: 'Paris' } }] };
    const getWeather = tool(async ({ city }) => `Sunny in ${city}.`, {
      name: 'get_weather',
      description: 'weather',
      schema: z.object({ city: z.string() }),
    });
    const agent = createAgent({ model: new ScriptedChatModel(script), tools: [getWeather] });
    const input = { messages: [{ role: 'user', content: 'Weather in Paris?' }] };
    for await (const _ of await agent.stream(input, { streamMode: 'messages' })) break;
    const abort = new AbortController();
    await expect(
      (async () => {
        for await (const _ of await agent.stream(input, { signal: abort.signal })) abort.abort();
      })(),
    ).rejects.toThrow();
    await tick();
    const spans = t.spans();
    expect(spans.filter((s) => s.name.startsWith('invoke_agent'))).toHaveLength(2);
    expect(spans.flatMap((s) => Object.values(cancellations([s])))).not.toContain('ERROR');
  });

  it('leaves a stream read to its end alone', async () => {
    instrumented();
    for await (const _ of await chain().stream({ q: 'x' }));
    expect(t.spans()).toHaveLength(4);
    expect(new Set(Object.values(cancellations(t.spans())))).toEqual(new Set(['-']));
  });
});
