/**
 * A small interleaved benchmark runner: every round runs each case for the same number of
 * iterations, cases alternating, so machine drift hits them alike. Figures are per-operation
 * medians over rounds, with the inter-quartile spread, and ratios against the first (baseline)
 * case of the same run.
 */
export interface BenchCase {
  name: string;
  /** One operation. May return a promise; then operations run sequentially. */
  fn: () => unknown;
}

export interface CaseResult {
  name: string;
  medianNs: number;
  p25Ns: number;
  p75Ns: number;
  ratio: number;
  /** Per-operation time of each round, in round order (rounds alternate the case order). */
  samplesNs: readonly number[];
}

export interface MeasureOptions {
  rounds?: number;
  iterations?: number;
  warmupIterations?: number;
}

function quantile(sorted: number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

async function runBatch(fn: () => unknown, iterations: number): Promise<number> {
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) {
    const r = fn();
    if (r instanceof Promise) await r;
  }
  return Number(process.hrtime.bigint() - start) / iterations;
}

export async function measure(
  cases: BenchCase[],
  options: MeasureOptions = {},
): Promise<CaseResult[]> {
  const { rounds = 15, iterations = 2000, warmupIterations = 2000 } = options;
  for (const c of cases) await runBatch(c.fn, warmupIterations);
  const samples = cases.map(() => [] as number[]);
  for (let round = 0; round < rounds; round++) {
    // Alternate the order every round so no case always runs right after another one's garbage.
    const order =
      round % 2 === 0 ? cases.map((_, i) => i) : cases.map((_, i) => cases.length - 1 - i);
    for (const i of order) samples[i]!.push(await runBatch(cases[i]!.fn, iterations));
  }
  const medians = samples.map((s) =>
    quantile(
      [...s].sort((a, b) => a - b),
      0.5,
    ),
  );
  return cases.map((c, i) => {
    const sorted = [...samples[i]!].sort((a, b) => a - b);
    return {
      name: c.name,
      medianNs: medians[i]!,
      p25Ns: quantile(sorted, 0.25),
      p75Ns: quantile(sorted, 0.75),
      ratio: medians[i]! / medians[0]!,
      samplesNs: samples[i]!,
    };
  });
}

/**
 * The median and range over rounds of `of`'s time minus `baseline`'s, each round's pair measured
 * next to each other: machine drift between rounds cancels out of the difference.
 */
export function pairedDifference(
  of: CaseResult,
  baseline: CaseResult,
): { medianNs: number; minNs: number; maxNs: number } {
  const differences = of.samplesNs.map((ns, round) => ns - baseline.samplesNs[round]!);
  const sorted = differences.sort((a, b) => a - b);
  return { medianNs: quantile(sorted, 0.5), minNs: sorted[0]!, maxNs: sorted[sorted.length - 1]! };
}

const fmt = (ns: number) => (ns >= 1000 ? `${(ns / 1000).toFixed(2)} µs` : `${ns.toFixed(0)} ns`);

export function printTable(title: string, results: CaseResult[]): void {
  console.log(`\n### ${title}\n`);
  console.log('| case | median / op | p25–p75 | ratio vs first row |');
  console.log('|---|---:|---:|---:|');
  for (const r of results) {
    console.log(
      `| ${r.name} | ${fmt(r.medianNs)} | ${fmt(r.p25Ns)}–${fmt(r.p75Ns)} | ${r.ratio.toFixed(2)}x |`,
    );
  }
}
