/**
 * The shape every offline check reports: score 1 or 0 with a `pass` / `fail` label (a bounded
 * label keeps the score histogram's cardinality low) and, when it failed, why.
 */
import type { EvaluationResult, Invocation, InvocationKind } from '../../types.js';
import type { Evaluator } from '../evaluator.js';
import { outputText } from '../text.js';

export function verdict(name: string, passed: boolean, explanation?: string): EvaluationResult {
  const result: EvaluationResult = { name, score: passed ? 1 : 0, label: passed ? 'pass' : 'fail' };
  if (explanation !== undefined) result.explanation = explanation;
  return result;
}

export interface CheckOptions {
  /** The result name; defaults to the check's own. */
  name?: string;
  kinds?: readonly InvocationKind[];
}

/**
 * An evaluator that checks the answer's text; invocations without an answer yield no result
 * (there is nothing to judge, which is not a failure).
 */
export function textCheck(
  defaultName: string,
  options: CheckOptions,
  check: (text: string, invocation: Invocation) => { passed: boolean; explanation?: string },
): Evaluator {
  const name = options.name ?? defaultName;
  return {
    name,
    ...(options.kinds ? { kinds: options.kinds } : {}),
    evaluate(invocation) {
      const text = outputText(invocation);
      if (text === undefined) return [];
      const { passed, explanation } = check(text, invocation);
      return [verdict(name, passed, explanation)];
    },
  };
}
