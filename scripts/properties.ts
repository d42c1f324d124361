/**
 * The reliability properties at scale: `npx tsx scripts/properties.ts` runs 100,000 random
 * programs (GENAI_PROPERTY_RUNS overrides; GENAI_PROPERTY_SEED replays a run) through the same
 * runner and invariants as test/reliability-properties.test.ts, then the focused properties
 * (a twentieth as many each) and the LangChain programs (a fortieth), in the suite's
 * proportions, and prints what they exercised. Exits non-zero with the shrunk counterexample
 * when an invariant fails.
 */
import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import fc from 'fast-check';
import { programArbitrary } from '../test/support/program-arbitraries.js';
import { FOCUSED_PROGRAMS } from '../test/support/program-focus.js';
import {
  langChainProgramArbitrary,
  runLangChainProgram,
  type LangChainProgram,
} from '../test/support/program-langchain.js';
import { runProgram, type ProgramOutcome } from '../test/support/program-runner.js';
import type { Program } from '../test/support/programs.js';

context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());

const numRuns = Number(process.env.GENAI_PROPERTY_RUNS ?? 100_000);
const seed = process.env.GENAI_PROPERTY_SEED ? Number(process.env.GENAI_PROPERTY_SEED) : undefined;
const COUNTED = ['ops', 'starts', 'spans', 'logs', 'points', 'evaluationEvents'] as const;
const totals = {
  programs: 0,
  ops: 0,
  starts: 0,
  spans: 0,
  logs: 0,
  points: 0,
  evaluationEvents: 0,
  langChainPrograms: 0,
  langChainSpans: 0,
  violations: 0,
};

async function check<T>(
  name: string,
  programs: fc.Arbitrary<T>,
  runs: number,
  run: (program: T) => Promise<string[]>,
): Promise<void> {
  const result = await fc.check(
    fc.asyncProperty(programs, async (program) => (await run(program)).length === 0),
    { numRuns: runs, ...(seed === undefined ? {} : { seed }) },
  );
  if (!result.failed) return;
  totals.violations++;
  console.log(
    `\n${name}: seed ${result.seed}, counterexample:\n${fc.stringify(result.counterexample)}`,
  );
  if (result.counterexample) console.log((await run(result.counterexample[0])).join('\n'));
  process.exitCode = 1;
}

async function core(program: Program): Promise<string[]> {
  const outcome: ProgramOutcome = await runProgram(program);
  totals.programs++;
  for (const key of COUNTED) totals[key] += outcome.counts[key];
  if (totals.programs % 10_000 === 0) console.error(`${totals.programs} programs...`);
  return outcome.violations;
}

async function langChain(program: LangChainProgram): Promise<string[]> {
  const outcome = await runLangChainProgram(program);
  totals.langChainPrograms++;
  totals.langChainSpans += outcome.spans;
  return outcome.violations;
}

// Evaluation timeouts are unref'd timers: with a hanging evaluator and nothing else pending, Node
// would exit in the middle of forceFlush. The test runner keeps the loop alive; here, this does.
const keepAlive = setInterval(() => {}, 60_000);
const began = performance.now();
await check('random programs', programArbitrary, numRuns, core);
for (const [focus, programs] of Object.entries(FOCUSED_PROGRAMS))
  await check(`programs focused on ${focus}`, programs, Math.ceil(numRuns / 20), core);
await check('LangChain programs', langChainProgramArbitrary, Math.ceil(numRuns / 40), langChain);
const seconds = ((performance.now() - began) / 1000).toFixed(0);
clearInterval(keepAlive);

const n = (value: number) => value.toLocaleString('en');
console.log(
  '| programs | operations | invocations started | spans | log records | histogram points | evaluation events | LangChain programs | LangChain spans | violations | seconds |',
);
console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
console.log(
  `| ${n(totals.programs)} | ${n(totals.ops)} | ${n(totals.starts)} | ${n(totals.spans)} | ${n(totals.logs)} | ${n(totals.points)} | ${n(totals.evaluationEvents)} | ${n(totals.langChainPrograms)} | ${n(totals.langChainSpans)} | ${totals.violations} | ${seconds} |`,
);
