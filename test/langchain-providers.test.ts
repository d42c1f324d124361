/**
 * The LangChain path with the real provider packages (`@langchain/openai`, `@langchain/anthropic`)
 * against loopback OpenAI- and Anthropic-compatible servers: what the conventions require of the
 * spans (issue 11: system prompt once, server address and port, streaming flag, response model
 * and finish reasons of streams, the agent's provider, no span for retry / fallback / agent
 * plumbing).
 */
import { ChatAnthropic } from '@langchain/anthropic';
import { StringOutputParser } from '@langchain/core/output_parsers';
import { ChatPromptTemplate } from '@langchain/core/prompts';
import { tool } from '@langchain/core/tools';
import { ChatOpenAI } from '@langchain/openai';
import { createAgent } from 'langchain';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { TelemetryHandler } from '../src/index.js';
import { GenAICallbackHandler } from '../src/langchain/index.js';
import { startAnthropicServer, type AnthropicServer } from './support/anthropic-server.js';
import { startOpenAIServer, type OpenAIServer } from './support/openai-server.js';
import { createTestTelemetry, providers, type TestTelemetry } from './support/telemetry.js';
import { byName, parentOf, tree, useAsyncLocalStorageContext } from './support/langchain.js';

let t: TestTelemetry;
let openaiServer: OpenAIServer;
let anthropicServer: AnthropicServer;
beforeAll(async () => {
  useAsyncLocalStorageContext();
  openaiServer = await startOpenAIServer({
    fallback: { text: 'Sunny in Paris.', model: 'gpt-4o-mini-2024-07-18' },
  });
  anthropicServer = await startAnthropicServer();
});
afterAll(async () => {
  await openaiServer.close();
  await anthropicServer.close();
});
afterEach(() => t?.shutdown());

function setup() {
  t = createTestTelemetry();
  const handler = new TelemetryHandler({ ...providers(t), captureMessageContent: 'span_only' });
  return [new GenAICallbackHandler({ handler })];
}

const openai = (fields: { model?: string } = {}) =>
  new ChatOpenAI({
    model: fields.model ?? 'gpt-4o-mini',
    apiKey: 'test',
    maxRetries: 0,
    configuration: { baseURL: openaiServer.baseURL },
  });
const claude = () =>
  new ChatAnthropic({
    model: 'claude-3-5-haiku-latest',
    apiKey: 'test',
    maxRetries: 0,
    anthropicApiUrl: anthropicServer.url,
  });
const CLAUDE_REPLY = { text: 'Bonjour.', model: 'claude-3-5-haiku-20241022' } as const;

const chat = (name = 'chat gpt-4o-mini') => byName(t.spans(), name).attributes;

describe('LangChain with the real provider packages', () => {
  it('records the system prompt once, in the messages (item 6)', async () => {
    const callbacks = setup();
    await openai().invoke(
      [
        ['system', 'Be brief.'],
        ['human', 'Weather?'],
      ],
      { callbacks },
    );
    const attributes = chat();
    expect(attributes).not.toHaveProperty('gen_ai.system_instructions');
    expect(JSON.parse(attributes['gen_ai.input.messages'] as string)).toEqual([
      { role: 'system', parts: [{ type: 'text', content: 'Be brief.' }] },
      { role: 'user', parts: [{ type: 'text', content: 'Weather?' }] },
    ]);
  });

  it("takes server.address and server.port from the model's base URL (item 17)", async () => {
    const callbacks = setup();
    await openai().invoke('x', { callbacks });
    anthropicServer.reply(CLAUDE_REPLY);
    await claude().invoke('x', { callbacks });
    for (const [name, port] of [
      ['chat gpt-4o-mini', openaiServer.port],
      ['chat claude-3-5-haiku-latest', anthropicServer.port],
    ] as const) {
      expect(chat(name)['server.address']).toBe('127.0.0.1');
      expect(chat(name)['server.port']).toBe(port);
    }
  });

  it('marks .stream(), streamEvents() and Anthropic streams as streaming (item 19)', async () => {
    const callbacks = setup();
    await openai().invoke('not streamed', { callbacks });
    for await (const _ of await openai().stream('x', { callbacks }));
    for await (const _ of openai().streamEvents('x', { callbacks, version: 'v2' }));
    anthropicServer.reply(CLAUDE_REPLY);
    for await (const _ of await claude().stream('x', { callbacks }));
    const flags = t.spans().map((s) => [s.name, s.attributes['gen_ai.request.stream']]);
    expect(flags).toEqual([
      ['chat gpt-4o-mini', false],
      ['chat gpt-4o-mini', true],
      ['chat gpt-4o-mini', true],
      ['chat claude-3-5-haiku-latest', true],
    ]);
  });

  it('keeps the response model and finish reasons of streamed calls (item 20)', async () => {
    const callbacks = setup();
    anthropicServer.reply({ ...CLAUDE_REPLY, stopReason: 'max_tokens' });
    for await (const _ of await claude().stream('x', { callbacks }));
    const streamed = chat('chat claude-3-5-haiku-latest');
    expect(streamed['gen_ai.response.model']).toBe('claude-3-5-haiku-20241022');
    expect(streamed['gen_ai.response.finish_reasons']).toEqual(['length']);

    const agent = createAgent({ model: openai(), tools: [], name: 'assistant' });
    const input = { messages: [{ role: 'user', content: 'Hi' }] };
    for await (const _ of await agent.stream(input, { callbacks, streamMode: 'messages' }));
    expect(chat()['gen_ai.response.model']).toBe('gpt-4o-mini-2024-07-18');
    expect(chat()['gen_ai.response.finish_reasons']).toEqual(['stop']);
  });

  it("gives invoke_agent its chat model's provider and model (item 10)", async () => {
    const callbacks = setup();
    const agent = createAgent({ model: openai(), tools: [], name: 'assistant' });
    await agent.invoke({ messages: [{ role: 'user', content: 'Hi' }] }, { callbacks });
    const attributes = byName(t.spans(), 'invoke_agent assistant').attributes;
    expect(attributes['gen_ai.provider.name']).toBe('openai');
    expect(attributes['gen_ai.request.model']).toBe('gpt-4o-mini');
    const durations = await t.points('gen_ai.client.operation.duration');
    const agentPoint = durations.find(
      (p) => p.attributes['gen_ai.operation.name'] === 'invoke_agent',
    );
    expect(agentPoint?.attributes['gen_ai.provider.name']).toBe('openai');
  });

  it('hides retry, fallback and agent plumbing; one model span per attempt (item 21)', async () => {
    const callbacks = setup();
    const prompt = ChatPromptTemplate.fromTemplate('{q}');
    openaiServer.reply({ error: { status: 500, message: 'try again' } });
    await prompt
      .pipe(openai().withRetry({ stopAfterAttempt: 2 }))
      .pipe(new StringOutputParser())
      .invoke({ q: 'x' }, { callbacks });
    expect(tree(t.spans())).toBe(
      [
        'invoke_workflow RunnableSequence',
        '  chat gpt-4o-mini',
        '  chat gpt-4o-mini',
        '  ChatPromptTemplate',
        '  StrOutputParser',
      ].join('\n'),
    );
    const attempts = t.spans().filter((s) => s.name === 'chat gpt-4o-mini');
    expect(attempts.map((s) => s.attributes['error.type'])).toEqual([
      'InternalServerError',
      undefined,
    ]);
    t.spanExporter.reset();

    openaiServer.reply({ error: { status: 400, message: 'no' } });
    anthropicServer.reply(CLAUDE_REPLY);
    await prompt
      .pipe(openai({ model: 'gpt-4o' }).withFallbacks([claude()]))
      .invoke({ q: 'x' }, { callbacks });
    const workflow = byName(t.spans(), 'invoke_workflow RunnableSequence');
    for (const name of ['chat gpt-4o', 'chat claude-3-5-haiku-latest'])
      expect(parentOf(byName(t.spans(), name))).toBe(workflow.spanContext().spanId);
    expect(t.spans().map((s) => s.name)).not.toContain('invoke_workflow RunnableWithFallbacks');
    t.spanExporter.reset();

    const getWeather = tool(async ({ city }) => `Sunny in ${city}.`, {
      name: 'get_weather',
      description: 'weather',
      schema: z.object({ city: z.string() }),
    });
    openaiServer.reply({ toolCalls: [{ name: 'get_weather', arguments: { city: 'Paris' } }] });
    const agent = createAgent({ model: openai(), tools: [getWeather], name: 'weather' });
    await agent.invoke({ messages: [{ role: 'user', content: 'Weather?' }] }, { callbacks });
    expect(t.spans().map((s) => s.name)).not.toContain('RunnableLambda');
  });
});
