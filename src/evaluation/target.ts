/**
 * Where a sampled, selected invocation goes instead of the in-process evaluators: a job queue
 * (BullMQ, say), another process, a batch file. The manager keeps its sampling, kind selection
 * and bounded queue and hands each accepted job to the target; what runs the evaluators, and
 * how their results come back (`handler.evaluationResults`), is the target's business.
 */
import type { Invocation } from '../types.js';
import type { Evaluator } from './evaluator.js';

/** The instrumentation scope an invocation was started under (`handler.forScope`). */
export interface EvaluationScope {
  readonly name: string;
  readonly version?: string;
}

export interface EvaluationJob {
  /** A frozen copy of the invocation taken at completion (its validated fields + snapshot); never the live object. */
  readonly invocation: Invocation;
  /** The instrumentation scope the invocation was started under. */
  readonly scope: EvaluationScope;
  readonly evaluators: readonly Evaluator[];
}

export interface EvaluationTarget {
  /** Takes a sampled, selected job instead of running its evaluators in process. Must not block; may return a promise the manager tracks for flush. */
  submit(job: EvaluationJob): void | Promise<void>;
  forceFlush?(): Promise<void>;
  shutdown?(): Promise<void>;
}

/**
 * Hands `job` over; resolves with why it was not taken (a throw, a rejection, or no answer
 * within `timeoutMs`: a queue waiting for a connection that never comes must not hold a flush
 * for ever), or undefined when it was.
 */
export async function submitJob(
  target: EvaluationTarget,
  job: EvaluationJob,
  timeoutMs: number,
): Promise<unknown> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<unknown>((resolve) => {
    timer = setTimeout(
      () => resolve(new Error(`the evaluation target did not take a job within ${timeoutMs} ms`)),
      timeoutMs,
    );
    timer.unref?.();
  });
  const submitted = (async () => {
    try {
      await target.submit(job);
      return undefined;
    } catch (error) {
      return error ?? new Error('the evaluation target rejected a job');
    }
  })();
  try {
    return await Promise.race([submitted, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}
