/**
 * Telemetry never breaks the application: random programs of lifecycle calls, with nesting,
 * parents of every kind, async interleavings and bad inputs, checked against what the SDK
 * exported. `npx tsx scripts/properties.ts` runs the same property 100,000 times.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runProgram } from './support/program-runner.js';
import { programArbitrary } from './support/programs.js';

const NUM_RUNS = Number(process.env.GENAI_PROPERTY_RUNS ?? 2000);

describe('reliability: random programs', () => {
  it(`${NUM_RUNS} programs: nothing throws, every span ends once, every signal correlates, counters reconcile`, async () => {
    let starts = 0;
    await fc.assert(
      fc.asyncProperty(programArbitrary, async (program) => {
        const outcome = await runProgram(program);
        starts += outcome.counts.starts;
        expect(outcome.violations).toEqual([]);
      }),
      { numRuns: NUM_RUNS },
    );
    // The generator really exercises the handler (a property over empty programs proves nothing).
    expect(starts).toBeGreaterThan(NUM_RUNS);
  }, 120_000);
});
