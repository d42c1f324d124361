/**
 * The reliability property at scale: `npx tsx scripts/properties.ts` runs 100,000 random
 * programs (GENAI_PROPERTY_RUNS overrides; GENAI_PROPERTY_SEED replays a run) through the same
 * runner and invariants as test/reliability-properties.test.ts and prints what they exercised.
 * Exits non-zero with the shrunk counterexample when an invariant fails.
 */
import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import fc from 'fast-check';
import { runProgram, type ProgramOutcome } from '../test/support/program-runner.js';
import { programArbitrary } from '../test/support/program-arbitraries.js';

context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());

const numRuns = Number(process.env.GENAI_PROPERTY_RUNS ?? 100_000);
const seed = process.env.GENAI_PROPERTY_SEED ? Number(process.env.GENAI_PROPERTY_SEED) : undefined;
const totals = {
  programs: 0,
  ops: 0,
  starts: 0,
  spans: 0,
  logs: 0,
  points: 0,
  evaluationEvents: 0,
};

// Evaluation timeouts are unref'd timers: with a hanging evaluator and nothing else pending, Node
// would exit in the middle of forceFlush. The test runner keeps the loop alive; here, this does.
const keepAlive = setInterval(() => {}, 60_000);
const began = performance.now();
const result = await fc.check(
  fc.asyncProperty(programArbitrary, async (program) => {
    const outcome: ProgramOutcome = await runProgram(program);
    totals.programs++;
    for (const key of ['ops', 'starts', 'spans', 'logs', 'points', 'evaluationEvents'] as const)
      totals[key] += outcome.counts[key];
    if (totals.programs % 10_000 === 0) console.error(`${totals.programs} programs...`);
    return outcome.violations.length === 0;
  }),
  { numRuns, ...(seed === undefined ? {} : { seed }) },
);
const seconds = ((performance.now() - began) / 1000).toFixed(0);
clearInterval(keepAlive);

const n = (value: number) => value.toLocaleString('en');
console.log(
  '| programs | operations | invocations started | spans | log records | histogram points | evaluation events | violations | seconds |',
);
console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
console.log(
  `| ${n(totals.programs)} | ${n(totals.ops)} | ${n(totals.starts)} | ${n(totals.spans)} | ${n(totals.logs)} | ${n(totals.points)} | ${n(totals.evaluationEvents)} | ${result.failed ? 1 : 0} | ${seconds} |`,
);
if (result.failed) {
  console.log(`\nseed ${result.seed}, counterexample:\n${fc.stringify(result.counterexample)}`);
  if (result.counterexample) {
    const [program] = result.counterexample;
    console.log((await runProgram(program)).violations.join('\n'));
  }
  process.exitCode = 1;
}
