/**
 * Many LangChain runs from one async flow, traced against untraced in the same run:
 * - `chain.batch()` of 2,000 inputs (prompt -> model -> parser), which starts every input's run
 *   from one frame;
 * - a cold fan-out: 2,500 and 10,000 parallel `model.invoke` in a fresh process whose AsyncLocalStorage
 *   was never entered (a batch script's main(), a worker's first job). Each sample is its own
 *   child process of this file, untraced and traced alternating.
 * Reported as ratios against the untraced case; the cost per run must stay constant, so the
 * ratio must not grow with the number of runs.
 */
import { spawnSync } from 'node:child_process';
import { StringOutputParser } from '@langchain/core/output_parsers';
import { ChatPromptTemplate } from '@langchain/core/prompts';
import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { ScriptedChatModel } from '../../test/support/langchain.js';
import { TelemetryHandler } from '../../src/index.js';
import { GenAICallbackHandler } from '../../src/langchain/index.js';
import { discardingSdk } from '../support/sdk.js';

/** Two sizes: a cost per run that stays constant gives the same ratio at both. */
const FANOUTS = [2_500, 10_000];
const BATCH = 2_000;
const SAMPLES = 5;

const model = new ScriptedChatModel(() => ({ content: 'Sunny.', usage: { input: 9, output: 2 } }));
const traced = () => [new GenAICallbackHandler({ handler: new TelemetryHandler(discardingSdk()) })];

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** One cold sample, in this child process: prints its milliseconds. */
async function coldChild(tracedRun: boolean, size: number): Promise<void> {
  const callbacks = tracedRun ? traced() : undefined;
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  const ms = await timed(() =>
    Promise.all(Array.from({ length: size }, (_, i) => model.invoke(`${i}`, { callbacks }))),
  );
  console.log(ms);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function row(name: string, untraced: number[], tracedMs: number[]): string {
  const base = median(untraced);
  const ours = median(tracedMs);
  return `| ${name} | ${base.toFixed(0)} ms | ${ours.toFixed(0)} ms | ${(ours / base).toFixed(2)}x |`;
}

async function main(): Promise<void> {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  const chain = ChatPromptTemplate.fromTemplate('{q}').pipe(model).pipe(new StringOutputParser());
  const inputs = Array.from({ length: BATCH }, (_, i) => ({ q: `${i}` }));
  const batch = { untraced: [] as number[], traced: [] as number[] };
  const cold = FANOUTS.map(() => ({ untraced: [] as number[], traced: [] as number[] }));
  const child = (mode: string, size: number) => {
    const args = [...process.execArgv, process.argv[1]!, mode, String(size)];
    const out = spawnSync(process.execPath, args, { encoding: 'utf8' });
    if (out.status !== 0) throw new Error(`cold sample failed: ${out.stderr}`);
    return Number(out.stdout.trim().split('\n').at(-1));
  };
  await chain.batch(inputs.slice(0, 200)); // warm the JIT for both cases
  for (let i = 0; i < SAMPLES; i++) {
    batch.untraced.push(await timed(() => chain.batch(inputs)));
    const callbacks = traced();
    batch.traced.push(await timed(() => chain.batch(inputs, { callbacks })));
    FANOUTS.forEach((size, j) => {
      cold[j]!.untraced.push(child('cold-untraced', size));
      cold[j]!.traced.push(child('cold-traced', size));
    });
  }
  console.log('\n### LangChain: many runs from one async flow (median of 5)\n');
  console.log('| workload | untraced | traced (all default emitters) | ratio |');
  console.log('|---|---:|---:|---:|');
  console.log(
    row(`chain.batch() of ${BATCH.toLocaleString('en')} inputs`, batch.untraced, batch.traced),
  );
  FANOUTS.forEach((size, j) => {
    const name = `cold fan-out of ${size.toLocaleString('en')} model.invoke`;
    console.log(row(name, cold[j]!.untraced, cold[j]!.traced));
  });
}

const mode = process.argv[2];
if (mode === 'cold-untraced' || mode === 'cold-traced')
  await coldChild(mode === 'cold-traced', Number(process.argv[3]));
else await main();
