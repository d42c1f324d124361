/**
 * Runs a random program (programs.ts) through the interpreter (program-interpreter.ts) against
 * a fresh handler on real SDK providers, then drains it (every invocation stopped once more,
 * evaluations flushed) and checks the invariants: program-invariants.ts, plus the exported
 * times (program-times.ts), where evaluation results landed (program-attribution.ts) and, with
 * capture off, a search of every exported string for the program's content
 * (program-content.ts).
 */
import { TelemetryHandler, type TelemetryHandlerOptions } from '../../src/index.js';
import { AttributionLedger } from './program-attribution.js';
import { contentLeaks } from './program-content.js';
import { captureProgramDiag } from './program-diag.js';
import { programEvaluators } from './program-evaluators.js';
import { macrotask } from './program-flow.js';
import { Interpreter } from './program-interpreter.js';
import { checkInvariants, type Observed, type SignalCounts } from './program-invariants.js';
import { implausibleTimes, programBegins, programEnds } from './program-times.js';
import type { Program } from './programs.js';
import { createTestTelemetry, providers } from './telemetry.js';

export interface ProgramOutcome {
  violations: string[];
  counts: SignalCounts & { starts: number; ops: number };
}

/** Remote evaluation crosses a MessagePort: 1 ms (what makes the hanging evaluator cheap) is too short. */
const timeoutMs = (program: Program) => (program.evaluator === 'remote' ? 10_000 : 1);

/** `overrides` lets a test plant a fault the invariants must catch. */
export async function runProgram(
  program: Program,
  overrides: Partial<TelemetryHandlerOptions> = {},
): Promise<ProgramOutcome> {
  const t = createTestTelemetry();
  const diag = captureProgramDiag();
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);
  const ledger = new AttributionLedger();
  const beganMs = programBegins();
  try {
    const evaluators = programEvaluators(program.evaluator, ledger);
    const handler = new TelemetryHandler({
      ...providers(t),
      ...(program.emitters === 'default' ? {} : { emitters: program.emitters }),
      captureMessageContent: program.captureContent ? 'span_and_event' : 'none',
      ...(evaluators.length
        ? {
            evaluation: {
              evaluators,
              timeoutMs: timeoutMs(program),
              evaluateFailed: program.evaluateFailed,
            },
          }
        : {}),
      ...overrides,
    });
    ledger.watch(handler);
    const interpreter = new Interpreter(handler);
    await Promise.all(
      program.threads.map(async (thread) => {
        for (const op of thread) await interpreter.step(op);
      }),
    );
    interpreter.drain();
    await interpreter.settleCall(() => handler.forceFlush());
    // Let rejections nobody handled surface before the listener goes.
    await macrotask();
    await macrotask();
    const observed: Observed = {
      ...interpreter.observed,
      unhandledRejections: unhandled,
      diagMessages: diag.messages,
      stats: handler.stats(),
    };
    const { violations, counts } = await checkInvariants(
      t,
      observed,
      program.emitters !== 'metric_event',
    );
    violations.push(
      ...(await implausibleTimes(t, { beganMs, endedMs: programEnds() })),
      ...ledger.violations(t),
      ...(program.captureContent ? [] : await contentLeaks(t)),
    );
    return {
      violations,
      counts: { ...counts, starts: observed.snapshots.length, ops: interpreter.ops },
    };
  } finally {
    ledger.close();
    process.off('unhandledRejection', onUnhandled);
    diag.restore();
    await t.shutdown();
  }
}
