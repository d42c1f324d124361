/**
 * Evaluators for the random programs: well-behaved, throwing (one quoting the content it
 * judged), returning garbage, hanging, remote. Every selection but `none` also has the ledger's
 * `run_of`, which checks what it is handed (program-attribution.ts).
 */
import { INVOCATION_KINDS, type Evaluator } from '../../src/index.js';
import type { AttributionLedger } from './program-attribution.js';
import { quotedContent } from './program-content.js';
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

/** A judge whose parse error quotes the answer it could not read. */
const quoting: Evaluator = {
  name: 'json_answer',
  kinds,
  evaluate: (invocation) => {
    throw new SyntaxError(`not JSON: "${quotedContent(invocation) ?? 'nothing'}"`);
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

function ownEvaluators(behaviour: EvaluatorBehaviour, ledger: AttributionLedger): Evaluator[] {
  switch (behaviour) {
    case 'none':
      return [];
    case 'valid':
      return [valid];
    case 'throws':
      return [throwing, quoting];
    case 'garbage':
      return [garbage];
    case 'hangs':
      return [hanging];
    case 'mixed':
      return [valid, throwing, quoting, garbage, hanging];
    case 'remote':
      return ledger.remote();
  }
}

export function programEvaluators(
  behaviour: EvaluatorBehaviour,
  ledger: AttributionLedger,
): Evaluator[] {
  const own = ownEvaluators(behaviour, ledger);
  return own.length ? [...own, ledger.runOf()] : [];
}
