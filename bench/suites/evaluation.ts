/**
 * Evaluation: (1) what `stop` costs the caller with evaluation on (sample rate 1, one trivial
 * evaluator) against the same handler without evaluation, in the same run; (2) how many results
 * per second the manager turns into correlated events with a trivial evaluator.
 *
 * Stop latency times `stop` alone: every operation stops an invocation started beforehand,
 * outside the timed loop. The measure runner never yields to the event loop, so evaluations
 * queued by the timed stops run after the measurement; the queue is sized to hold them all and
 * the suite checks that nothing was dropped, so the "on" case paid for queueing every invocation.
 * The third row times the manager's completion callback alone: its absolute share of a stop.
 * (3) The longest event-loop stall one evaluator call returning 200,000 results causes.
 */
import { TelemetryHandler, type Evaluator, type TelemetryHandlerOptions } from '../../src/index.js';
import { EVALUATION_DEFAULTS } from '../../src/evaluation/index.js';
import { measure, printTable, type MeasureOptions } from '../support/measure.js';
import { discardingProviders, startAnsweredLlm } from '../support/invocations.js';

const trivial = (name = 'trivial'): Evaluator => ({
  name,
  evaluate: () => [{ name, score: 1, label: 'pass' }],
});

function options(evaluation?: TelemetryHandlerOptions['evaluation']): TelemetryHandlerOptions {
  return { ...discardingProviders(), ...(evaluation ? { evaluation } : {}) };
}

/** A stop per operation, of invocations started before the measurement began. */
function stopsOf(handler: TelemetryHandler, count: number): () => void {
  const started = Array.from({ length: count }, () => startAnsweredLlm(handler));
  let next = 0;
  return () => {
    handler.stopLlm(started[next++]!);
  };
}

/** The manager's own share of a stop: its completion callback on already stopped invocations. */
function managerOnly(handler: TelemetryHandler, count: number): () => void {
  const manager = new TelemetryHandler(
    options({ evaluators: [trivial()], sampleRate: 1, maxQueueSize: count }),
  ).evaluation!;
  const stopped = Array.from({ length: count }, () => handler.stopLlm(startAnsweredLlm(handler)));
  let next = 0;
  return () => manager.onCompletion(stopped[next++]!, {});
}

const plan: Required<MeasureOptions> = { rounds: 15, iterations: 1000, warmupIterations: 1000 };
const operations = plan.warmupIterations + plan.rounds * plan.iterations;
const off = new TelemetryHandler(options());
const on = new TelemetryHandler(
  options({ evaluators: [trivial()], sampleRate: 1, maxQueueSize: operations }),
);
printTable(
  'Evaluation: stop latency, evaluation off vs on (sample rate 1, one trivial evaluator)',
  await measure(
    [
      { name: 'stop, evaluation off', fn: stopsOf(off, operations) },
      { name: 'stop, evaluation on', fn: stopsOf(on, operations) },
      { name: 'of which the evaluation manager', fn: managerOnly(off, operations) },
    ],
    plan,
  ),
);
await on.forceFlush();
const stats = on.evaluation!.stats();
if (stats.dropped !== 0 || stats.completed !== operations) {
  throw new Error(`expected ${operations} evaluations and no drop, got ${JSON.stringify(stats)}`);
}
console.log(
  `\n${stats.queued} invocations queued, ${stats.dropped} dropped, ${stats.completed} evaluated`,
);

/** Results per second from the first evaluator call to the last event, over `runs` runs. */
async function throughput(evaluators: number, concurrency: number, invocations: number) {
  const runs: number[] = [];
  for (let run = 0; run < 5; run++) {
    const handler = new TelemetryHandler(
      options({
        evaluators: Array.from({ length: evaluators }, (_, i) => trivial(`trivial_${i}`)),
        concurrency,
        maxQueueSize: invocations,
      }),
    );
    let results = 0;
    handler.onEvaluationResults((_inv, batch) => (results += batch.length));
    for (let i = 0; i < invocations; i++) handler.stopLlm(startAnsweredLlm(handler));
    const start = process.hrtime.bigint();
    await handler.forceFlush();
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    if (results !== invocations * evaluators) throw new Error(`lost results: ${results}`);
    runs.push(results / seconds);
    await handler.shutdown();
  }
  runs.sort((a, b) => a - b);
  return { median: runs[2]!, low: runs[0]!, high: runs[4]! };
}

console.log(
  '\n### Evaluation: throughput with trivial evaluators (5 runs, results become events)\n',
);
console.log('| invocations | evaluators | concurrency | results / s (median) | min–max |');
console.log('|---:|---:|---:|---:|---:|');
for (const [evaluators, concurrency] of [
  [1, 4],
  [3, 4],
  [1, 64],
] as const) {
  const invocations = 10_000;
  const { median, low, high } = await throughput(evaluators, concurrency, invocations);
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
  console.log(
    `| ${invocations} | ${evaluators} | ${concurrency} | ${fmt(median)} | ${fmt(low)}–${fmt(high)} |`,
  );
}

/**
 * The longest event-loop stall while the manager handles one evaluator call returning 200,000
 * results (built beforehand, so only the library's work is timed): with the default
 * maxResultsPerCall against the cap lifted to hold them all (what every call cost before the cap).
 */
async function longestStall(maxResultsPerCall: number): Promise<{ ms: number; results: number }> {
  const flood = Array.from({ length: 200_000 }, (_, i) => ({ name: 'flood', score: i / 200_000 }));
  const handler = new TelemetryHandler(
    options({ evaluators: [{ name: 'flood', evaluate: () => flood }], maxResultsPerCall }),
  );
  let results = 0;
  handler.onEvaluationResults((_inv, batch) => (results += batch.length));
  // A ticker on every turn of the event loop: the longest gap between two ticks is the stall.
  let last = performance.now();
  let longest = 0;
  let ticking = true;
  const tick = () => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
    if (ticking) setImmediate(tick);
  };
  setImmediate(tick);
  handler.stopLlm(startAnsweredLlm(handler));
  await handler.forceFlush();
  // The work may all run in one turn: the next tick measures its gap.
  await new Promise((resolve) => setImmediate(resolve));
  ticking = false;
  await handler.shutdown();
  return { ms: longest, results };
}

console.log('\n### Evaluation: one call returning 200,000 results (5 runs, longest stall)\n');
console.log(
  '| maxResultsPerCall | results delivered | longest event-loop stall, ms (median) | ratio |',
);
console.log('|---:|---:|---:|---:|');
const stalls: Array<[number, number, number]> = [];
for (const cap of [200_000, EVALUATION_DEFAULTS.maxResultsPerCall]) {
  const runs: Array<{ ms: number; results: number }> = [];
  for (let run = 0; run < 5; run++) runs.push(await longestStall(cap));
  runs.sort((a, b) => a.ms - b.ms);
  stalls.push([cap, runs[2]!.results, runs[2]!.ms]);
}
for (const [cap, results, ms] of stalls) {
  console.log(`| ${cap} | ${results} | ${ms.toFixed(1)} | ${(ms / stalls[0]![2]).toFixed(3)} |`);
}
