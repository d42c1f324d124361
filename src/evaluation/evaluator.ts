/**
 * The evaluator plug-in contract (DESIGN.md "Evaluation"). An evaluator is a plain object, so a
 * user's own evaluator, a built-in and an adapter around another evaluation library all plug in
 * the same way: in the `evaluation.evaluators` option or by name through the registry.
 */
import { z } from 'zod';
import type { EvaluationResult, Invocation, InvocationKind } from '../types.js';

export interface EvaluateContext {
  /** Aborted when the evaluator's time is up or the manager gives up on it; pass it on to I/O. */
  readonly signal: AbortSignal;
}

export interface Evaluator {
  /** Names the results when they carry none, and the evaluator in counters and reports. */
  readonly name: string;
  /** The invocation kinds this evaluator applies to; defaults to `DEFAULT_EVALUATED_KINDS`. */
  readonly kinds?: readonly InvocationKind[];
  /** Treat `invocation` as read-only: it is the caller's object (or a JSON copy of it). */
  evaluate(
    invocation: Invocation,
    context: EvaluateContext,
  ): readonly EvaluationResult[] | Promise<readonly EvaluationResult[]>;
}

/** Kinds whose output is worth judging by default: model answers and what agents deliver. */
export const DEFAULT_EVALUATED_KINDS: readonly InvocationKind[] = ['llm', 'agent', 'workflow'];

export const EvaluatorSchema = z.custom<Evaluator>(
  (value) =>
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Evaluator).name === 'string' &&
    (value as Evaluator).name.length > 0 &&
    typeof (value as Evaluator).evaluate === 'function',
  {
    message:
      'expected an evaluator name or an object { name, kinds?, evaluate(invocation, { signal }) }',
  },
);

export function appliesTo(evaluator: Evaluator, kind: InvocationKind): boolean {
  return (evaluator.kinds ?? DEFAULT_EVALUATED_KINDS).includes(kind);
}
