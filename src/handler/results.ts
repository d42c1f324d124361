/**
 * Evaluation results into telemetry: through the evaluation emitters of the scope the
 * invocation was started in, then to the `onEvaluationResults` subscribers.
 */
import { ROOT_CONTEXT } from '@opentelemetry/api';
import { LiveInvocationState } from '../state.js';
import type { EvaluationResult, Invocation } from '../types.js';
import { checkEvaluationResults } from '../validation.js';
import type { HandlerCore } from './core.js';
import type { HandlerScope } from './scope.js';

/** Results from outside the evaluation manager: checked first (a JSON copy of the invocation is fine). */
export function deliverEvaluationResults(
  core: HandlerCore,
  scope: HandlerScope,
  invocation: Invocation,
  results: readonly EvaluationResult[],
): void {
  // After shutdown, starts are ignored, so results for an invocation never started are too.
  if (core.shutdownPromise && !invocation?.snapshot)
    return core.ignoreAfterShutdown('evaluationResults');
  const valid = checkEvaluationResults(invocation, results, core.report);
  if (valid) sendEvaluationResults(core, scope, invocation, valid);
}

/** Results already known to be valid, for an invocation with a snapshot. */
export function sendEvaluationResults(
  core: HandlerCore,
  scope: HandlerScope,
  invocation: Invocation,
  results: readonly EvaluationResult[],
): void {
  if (results.length === 0) return;
  const live = core.states.get(invocation);
  const state = live ?? new LiveInvocationState(ROOT_CONTEXT, invocation, scope);
  // A live invocation's results go out under the scope it was started in.
  state.scope.composite.onEvaluationResults(invocation, results, state);
  core.subscribers.notifyEvaluation(invocation, results);
}
