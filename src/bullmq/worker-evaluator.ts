/**
 * The application's side of an evaluator that runs on BullMQ workers: the manager selects
 * evaluators by kind and the job carries their names, so the application needs the names (and
 * kinds) only, not the evaluators themselves (a judge and its model live on the workers).
 */
import type { Evaluator } from '../evaluation/evaluator.js';
import type { InvocationKind } from '../types.js';

export const NOT_EVALUATED_HERE = 'NotEvaluatedHere';

/**
 * Names `name` for `evaluation: { evaluators: [...], target }`. Should it ever be run in process
 * (evaluation configured without the target), it yields an error result saying so.
 */
export function workerEvaluator(
  name: string,
  options: { kinds?: readonly InvocationKind[] } = {},
): Evaluator {
  return {
    name,
    ...(options.kinds ? { kinds: options.kinds } : {}),
    evaluate: () => [
      {
        name,
        error: {
          type: NOT_EVALUATED_HERE,
          message: `${name} runs on evaluation workers: configure evaluation.target (bullmqEvaluationTarget)`,
        },
      },
    ],
  };
}
