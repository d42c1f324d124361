/**
 * Out-of-process evaluation over a message port: a worker thread's `parentPort`, a `Worker`, a
 * `MessageChannel` port, or a child process wrapped as `{ on, postMessage: process.send }`.
 * Only the JSON form of an invocation crosses: its snapshot is all the correlation needs, so the
 * results become events parented to the evaluated span although the span lives elsewhere.
 *
 * Worker side: `serveEvaluations(parentPort, evaluators)`. Main side, either
 * - `remoteEvaluator(worker)` in the `evaluators` option: the manager keeps sampling, queueing,
 *   timeouts and flushing, and the worker does the evaluating; or
 * - by hand, for transports of your own: post `JSON.stringify(invocation)`, and on the reply call
 *   `handler.evaluationResults(reply.invocation, reply.results)` with the JSON copy it carries.
 */
import { diag } from '@opentelemetry/api';
import type { EvaluationResult, Invocation, InvocationKind } from '../types.js';
import type { Evaluator } from './evaluator.js';
import { issuesText, jsonErrorText } from './issues.js';
import { EVALUATION_DEFAULTS } from './options.js';
import { channelOf } from './remote-channel.js';
import {
  EvaluationRequestSchema,
  InvocationCopySchema,
  type EvaluationPort,
  type EvaluationReply,
} from './remote-protocol.js';
import { runEvaluators } from './run.js';

const invalidRequest = (message: string): EvaluationResult[] => [
  { name: 'remote', error: { type: 'InvalidEvaluationRequest', message } },
];

/** The request's invocation, or why it cannot be evaluated (never quoting its text). */
function parseRequest(text: string): Invocation | EvaluationResult[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return invalidRequest(jsonErrorText(error));
  }
  const copy = InvocationCopySchema.safeParse(parsed);
  return copy.success ? (copy.data as Invocation) : invalidRequest(issuesText(copy.error));
}

/** Worker side: answers every request on `port` with the results of `evaluators`. */
export function serveEvaluations(
  port: EvaluationPort,
  evaluators: readonly Evaluator[],
  options: { timeoutMs?: number; maxResultsPerCall?: number } = {},
): void {
  const timeoutMs = options.timeoutMs ?? EVALUATION_DEFAULTS.timeoutMs;
  const maxResults = options.maxResultsPerCall ?? EVALUATION_DEFAULTS.maxResultsPerCall;
  port.on('message', (message) => {
    const request = EvaluationRequestSchema.safeParse(message);
    if (!request.success) return;
    const { id } = request.data;
    const parsed = parseRequest(request.data.invocation);
    const invocation = Array.isArray(parsed) ? { kind: 'llm' as const } : parsed;
    const evaluated = Array.isArray(parsed)
      ? Promise.resolve(parsed)
      : runEvaluators(evaluators, parsed, timeoutMs, maxResults);
    void evaluated.then((results) => {
      const reply: EvaluationReply = { type: 'genai-telemetry/results', id, invocation, results };
      try {
        port.postMessage(reply);
      } catch (error) {
        // The main side is gone; nobody is left to tell, and the worker must not crash over it.
        diag.debug('genai-telemetry: an evaluation reply could not be posted', error);
      }
    });
  });
}

/**
 * Main side: an evaluator that hands the invocation's JSON form to `serveEvaluations` on the
 * other end of `port` and returns what comes back. Abort (the manager's timeout) stops waiting;
 * several of them may share a port (remote-channel.ts).
 */
export function remoteEvaluator(
  port: EvaluationPort,
  options: { name?: string; kinds?: readonly InvocationKind[] } = {},
): Evaluator {
  const name = options.name ?? 'remote';
  return {
    name,
    ...(options.kinds ? { kinds: options.kinds } : {}),
    evaluate: (invocation, { signal }) => channelOf(port).request(invocation, name, signal),
  };
}
