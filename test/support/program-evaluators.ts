/** Evaluators for the random programs: well-behaved, throwing, returning garbage, hanging. */
import { INVOCATION_KINDS, type Evaluator } from '../../src/index.js';
import type { EvaluatorBehaviour } from './programs.js';

const kinds = INVOCATION_KINDS;

const valid: Evaluator = {
  name: 'relevance',
  kinds,
  evaluate: () => [{ name: 'relevance', score: 0.9, label: 'relevant' }],
};

const throwing: Evaluator = {
  name: 'judge_down',
  kinds,
  evaluate: () => {
    throw new Error('judge service unavailable');
  },
};

const garbage: Evaluator = {
  name: 'garbage',
  kinds,
  // What a buggy adapter returns: not an array, or items of the wrong shape.
  evaluate: (invocation) =>
    (invocation.kind === 'llm'
      ? 'not a list'
      : [null, { score: 'high' }, { name: 7 }]) as unknown as ReturnType<Evaluator['evaluate']>,
};

/** Never answers; honours the abort signal the timeout fires, as a well-written evaluator does. */
const hanging: Evaluator = {
  name: 'hangs',
  kinds,
  evaluate: (_invocation, { signal }) =>
    new Promise((_resolve, reject) =>
      signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true }),
    ),
};

export function programEvaluators(behaviour: EvaluatorBehaviour): Evaluator[] {
  switch (behaviour) {
    case 'none':
      return [];
    case 'valid':
      return [valid];
    case 'throws':
      return [throwing];
    case 'garbage':
      return [garbage];
    case 'hangs':
      return [hanging];
    case 'mixed':
      return [valid, throwing, garbage, hanging];
  }
}
