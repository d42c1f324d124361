/**
 * LangChain overhead: the same chat-model call, the same prompt -> model -> parser chain and the
 * same tool call (a `tool()` with a zod schema, invoked with a model's tool call), uninstrumented and with each tracer, interleaved in one run. The model answers offline from a
 * script (usage metadata, response metadata), so the figures are the tracers' cost alone.
 *
 * LANGCHAIN_CALLBACKS_BACKGROUND=false makes every handler run inline: LangChain's default
 * background queue would move the peers' work out of the measured call (genai-telemetry always
 * runs inline, see DESIGN.md), so this is the conservative comparison for genai-telemetry.
 */
process.env.LANGCHAIN_CALLBACKS_BACKGROUND = 'false';

import { StringOutputParser } from '@langchain/core/output_parsers';
import { ChatPromptTemplate } from '@langchain/core/prompts';
import { tool } from '@langchain/core/tools';
import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { z } from 'zod';
import { ScriptedChatModel } from '../../test/support/langchain.js';
import { genaiTelemetry, noopHandler, peers, type Tracing } from '../support/langchain-peers.js';
import { measure, printTable, type CaseResult } from '../support/measure.js';

context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());

const model = new ScriptedChatModel(() => ({
  content: 'Sunny and 21°C in Paris.',
  usage: { input: 24, output: 9 },
}));
const chain = ChatPromptTemplate.fromMessages([
  ['system', 'You are a helpful travel assistant.'],
  ['human', 'What is the weather in {city} today?'],
])
  .pipe(model)
  .pipe(new StringOutputParser());

const getWeather = tool(async ({ city }) => `It is sunny in ${city}.`, {
  name: 'get_weather',
  description: 'Current weather for a city',
  schema: z.object({ city: z.string() }),
});
const toolCall = {
  id: 'call_1',
  name: 'get_weather',
  args: { city: 'Paris' },
  type: 'tool_call' as const,
};

const workloads = {
  'chat-model call': (callbacks?: Tracing['callbacks']) =>
    model.invoke('What is the weather in Paris today?', { callbacks }),
  'prompt -> model -> parser chain': (callbacks?: Tracing['callbacks']) =>
    chain.invoke({ city: 'Paris' }, { callbacks }),
  'tool call': (callbacks?: Tracing['callbacks']) => getWeather.invoke(toolCall, { callbacks }),
};

const options = { rounds: 10, iterations: 300, warmupIterations: 300 };
const tracings = [
  genaiTelemetry('all'),
  genaiTelemetry('spans'),
  ...peers(),
  genaiTelemetry('none'),
  noopHandler(),
];

const fmt = (ns: number) => `${(ns / 1000).toFixed(1)} µs`;

function overheadTable(title: string, results: CaseResult[], exported: number[]): void {
  const base = results[0]!;
  console.log(`\n### LangChain: ${title}, overhead over the uninstrumented call\n`);
  console.log('| tracer | median / call | overhead / call | p25–p75 | spans exported¹ |');
  console.log('|---|---:|---:|---:|---:|');
  console.log(
    `| none (baseline) | ${fmt(base.medianNs)} | – | ${fmt(base.p25Ns)}–${fmt(base.p75Ns)} | – |`,
  );
  results.slice(1).forEach((r, i) => {
    const overhead = fmt(r.medianNs - base.medianNs);
    console.log(
      `| ${r.name} | ${fmt(r.medianNs)} | ${overhead} | ${fmt(r.p25Ns)}–${fmt(r.p75Ns)} | ${exported[i]} |`,
    );
  });
}

for (const [title, run] of Object.entries(workloads)) {
  const before = tracings.map((t) => t.exported());
  const results = await measure(
    [
      { name: 'none', fn: () => run() },
      ...tracings.map((t) => ({ name: t.name, fn: () => run(t.callbacks) })),
    ],
    options,
  );
  const exported = tracings.map((t, i) => t.exported() - before[i]!);
  const silent = tracings.filter((_, i) => exported[i] === 0).map((t) => t.name);
  if (silent.length > 0) throw new Error(`exported no spans: ${silent.join(', ')}`);
  overheadTable(title, results, exported);
  console.log(
    '\n¹ for "no emitters": invocations mapped; for the no-op handler: callbacks received (neither exports by design)',
  );
  printTable(`${title} (raw)`, results);
}
