/**
 * The gateway's LangChain agent: `createAgent` with two zod-typed tools and a scripted model that
 * asks for both tools at once, then answers from their results.
 */
import type { BaseMessage } from '@langchain/core/messages';
import { tool } from '@langchain/core/tools';
import { createAgent } from 'langchain';
import { z } from 'zod';
import { ScriptedChatModel, sleep, type Script } from './model.js';

export const AGENT_NAME = 'travel_agent';

const getWeather = tool(
  async ({ city }) => {
    await sleep(25);
    return JSON.stringify({ city, condition: 'sunny', temperatureC: 21 });
  },
  {
    name: 'get_weather',
    description: 'Current weather for a city',
    schema: z.object({ city: z.string().describe('City name, e.g. Paris') }),
  },
);

const getLocalTime = tool(
  async ({ city }) => {
    await sleep(15);
    return JSON.stringify({ city, localTime: '14:05', timezone: 'Europe/Paris' });
  },
  {
    name: 'get_local_time',
    description: 'Current local time in a city',
    schema: z.object({ city: z.string() }),
  },
);

function toolResults(messages: readonly BaseMessage[]): Record<string, unknown>[] {
  return messages
    .filter((m) => m.type === 'tool')
    .map((m) => JSON.parse(String(m.content)) as Record<string, unknown>);
}

/** First turn: call both tools in parallel. After they answered: a final answer built from them. */
const travelScript: Script = (messages) => {
  const results = toolResults(messages);
  if (results.length === 0) {
    return {
      toolCalls: [
        { id: 'call_weather', name: 'get_weather', args: { city: 'Paris' } },
        { id: 'call_time', name: 'get_local_time', args: { city: 'Paris' } },
      ],
      usage: { input: 182, output: 41 },
      latencyMs: 40,
    };
  }
  const facts = Object.assign({}, ...results) as Record<string, unknown>;
  return {
    content: `It is ${String(facts.condition)} and ${String(facts.temperatureC)} °C in Paris right now, local time ${String(facts.localTime)}. A good afternoon for a walk along the Seine.`,
    usage: { input: 263, output: 38 },
    latencyMs: 55,
  };
};

export function createTravelAgent() {
  return createAgent({
    model: new ScriptedChatModel(
      { provider: 'scripted', model: 'scripted-travel-1' },
      travelScript,
    ),
    tools: [getWeather, getLocalTime],
    name: AGENT_NAME,
    systemPrompt: 'You are a concise travel assistant. Use the tools; never guess.',
  });
}
