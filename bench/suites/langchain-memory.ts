/**
 * Heap after many LangChain runs through GenAICallbackHandler (all emitters, discarding SDK),
 * with every run ending and with half of them abandoned (a stream the consumer stops reading:
 * LangChain never reports its end). Abandoned runs must be evicted, not accumulate.
 *
 * GENAI_BENCH_LANGCHAIN_RUNS sets the number of runs per scenario. The default, 200,000, keeps
 * `npm run bench` within minutes (1,000,000 takes about 15 minutes per scenario on a 2-core
 * machine); memory is already flat once the run cap is reached, after about 20,000 runs.
 * Needs --expose-gc (npm run bench passes it).
 */
import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { ScriptedChatModel } from '../../test/support/langchain.js';
import { TelemetryHandler } from '../../src/index.js';
import { GenAICallbackHandler } from '../../src/langchain/index.js';
import { discardingSdk } from '../support/sdk.js';

context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
const runs = Number(process.env.GENAI_BENCH_LANGCHAIN_RUNS ?? 200_000);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');

const model = new ScriptedChatModel(() => ({
  content: 'Sunny and 21°C in Paris.',
  usage: { input: 24, output: 9 },
}));

const heapMiB = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
};

async function scenario(name: string, abandonEvery: number) {
  const sdk = discardingSdk();
  const handler = new TelemetryHandler(sdk);
  const ours = new GenAICallbackHandler({ handler });
  const callbacks = [ours];
  const run = async (i: number) => {
    if (abandonEvery && i % abandonEvery === 0) {
      // Read once and left, never closed (a consumer that broke off would end its runs).
      await (await model.stream('hi', { callbacks }))[Symbol.asyncIterator]().next();
    } else await model.invoke('hi', { callbacks });
  };
  for (let i = 0; i < 2_000; i++) await run(i);
  await sdk.collectPoints();
  const before = heapMiB();
  const started = performance.now();
  for (let i = 0; i < runs; i++) {
    await run(i);
    if (i % 100_000 === 0) await sdk.collectPoints();
  }
  await sdk.collectPoints();
  const after = heapMiB();
  const seconds = (performance.now() - started) / 1000;
  const { active, evictedByCount, evictedByAge } = ours.stats();
  const row = [
    name,
    runs.toLocaleString('en'),
    (evictedByCount + evictedByAge).toLocaleString('en'),
  ];
  row.push(String(active), before.toFixed(1), after.toFixed(1), (after - before).toFixed(1));
  row.push(sdk.spans.exported.toLocaleString('en'), seconds.toFixed(0));
  console.log(`| ${row.join(' | ')} |`);
}

console.log(
  `\n### LangChain: heap after ${runs.toLocaleString('en')} runs (GenAICallbackHandler)\n`,
);
console.log(
  '| scenario | runs | evicted as abandoned | runs held | heap before (MiB) | heap after (MiB) | growth (MiB) | spans exported | seconds |',
);
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
await scenario('every run ends', 0);
await scenario('every 2nd run abandoned mid-stream', 2);
