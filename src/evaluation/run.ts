/**
 * Runs one evaluator on one invocation and always settles with results: an evaluator that throws,
 * times out or returns something malformed yields a result with `error` set, so one bad evaluator
 * never costs the others theirs. The manager and the out-of-process server share this.
 */
// errorType is to move beside the errors (../errors.js) so that evaluation stops importing emitters.
import { errorMessage, errorType } from '../errors.js';
import { EvaluationResultSchema, type EvaluationResult, type Invocation } from '../types.js';
import { appliesTo, type EvaluateContext, type Evaluator } from './evaluator.js';
import { issuesText } from './issues.js';

export const EVALUATION_ERROR_TYPES = {
  timeout: 'TimeoutError',
  malformed: 'InvalidEvaluationResult',
  /** remoteEvaluator: the invocation could not be turned into JSON. */
  unserialisable: 'UnserialisableInvocation',
  /** remoteEvaluator: posting the request threw. */
  transport: 'EvaluationTransportError',
  /** remoteEvaluator: the other end of the port closed or exited. */
  workerGone: 'EvaluationWorkerGone',
} as const;

/** Results kept per evaluator call unless configured (`maxResultsPerCall`). */
export const DEFAULT_MAX_RESULTS = 100;

export interface EvaluatorOutcome {
  results: EvaluationResult[];
  /** True when any result carries an error (thrown, timed out or malformed). */
  failed: boolean;
  /** Results past `maxResults`, not validated and not delivered. */
  dropped: number;
}

function failure(name: string, type: string, message: string): EvaluatorOutcome {
  return { results: [{ name, error: { type, message } }], failed: true, dropped: 0 };
}

/**
 * Validates each item on its own, so the valid results of a partly malformed answer survive.
 * Only the first `maxResults` are looked at: the work of one call, and so the longest slice of
 * the event loop it takes, stays bounded whatever the evaluator returns.
 */
function validate(evaluator: Evaluator, value: unknown, maxResults: number): EvaluatorOutcome {
  if (!Array.isArray(value)) {
    return failure(
      evaluator.name,
      EVALUATION_ERROR_TYPES.malformed,
      'expected an array of results',
    );
  }
  const items = value as unknown[];
  const kept = items.length > maxResults ? items.slice(0, maxResults) : items;
  const outcome: EvaluatorOutcome = {
    results: [],
    failed: false,
    dropped: items.length - kept.length,
  };
  for (const [index, item] of kept.entries()) {
    const named =
      typeof item === 'object' && item !== null && !('name' in item)
        ? { name: evaluator.name, ...item }
        : item;
    const parsed = EvaluationResultSchema.safeParse(named);
    if (parsed.success) {
      outcome.results.push(parsed.data);
      outcome.failed ||= parsed.data.error !== undefined;
      continue;
    }
    const name = (named as { name?: unknown })?.name;
    outcome.results.push({
      name: typeof name === 'string' && name.length > 0 ? name : evaluator.name,
      error: {
        type: EVALUATION_ERROR_TYPES.malformed,
        message: `result #${index}: ${issuesText(parsed.error)}`,
      },
    });
    outcome.failed = true;
  }
  return outcome;
}

/** Settles within `timeoutMs`; the evaluator's signal is aborted when time is up. */
export async function runEvaluator(
  evaluator: Evaluator,
  invocation: Invocation,
  timeoutMs: number,
  maxResults: number = DEFAULT_MAX_RESULTS,
): Promise<EvaluatorOutcome> {
  // Most evaluators never look at the signal and an AbortController is costly to create: it is
  // made when first read, already aborted if the time is up by then.
  let controller: AbortController | undefined;
  let reason: DOMException | undefined;
  const context: EvaluateContext = {
    get signal() {
      controller ??= new AbortController();
      if (reason) controller.abort(reason);
      return controller.signal;
    },
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<EvaluatorOutcome>((resolve) => {
    timer = setTimeout(() => {
      const message = `${evaluator.name} did not finish within ${timeoutMs} ms`;
      reason = new DOMException(message, 'TimeoutError');
      controller?.abort(reason);
      resolve(failure(evaluator.name, EVALUATION_ERROR_TYPES.timeout, message));
    }, timeoutMs);
    // A pending evaluation must not keep the process alive by its timer alone.
    timer.unref?.();
  });
  const evaluated = (async () => {
    try {
      return validate(evaluator, await evaluator.evaluate(invocation, context), maxResults);
    } catch (error) {
      return failure(evaluator.name, errorType(error), errorMessage(error));
    }
  })();
  try {
    return await Promise.race([evaluated, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

/** Every applicable evaluator, side by side; one batch of results in evaluator order. */
export async function runEvaluators(
  evaluators: readonly Evaluator[],
  invocation: Invocation,
  timeoutMs: number,
  maxResults: number = DEFAULT_MAX_RESULTS,
): Promise<EvaluationResult[]> {
  const applicable = evaluators.filter((e) => appliesTo(e, invocation.kind));
  const outcomes = await Promise.all(
    applicable.map((e) => runEvaluator(e, invocation, timeoutMs, maxResults)),
  );
  return outcomes.flatMap((o) => o.results);
}
