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
import { z } from 'zod';
import {
  InvocationKindSchema,
  SpanContextSnapshotSchema,
  type EvaluationResult,
  type Invocation,
  type InvocationKind,
} from '../types.js';
import type { Evaluator } from './evaluator.js';
import { EVALUATION_DEFAULTS } from './options.js';
import { runEvaluators } from './run.js';

export interface EvaluationPort {
  on(event: 'message', listener: (message: unknown) => void): unknown;
  postMessage(message: unknown): void;
}

/**
 * Only what routing and correlation need is checked: the handler keeps an invocation's invalid
 * fields on the object (lenient mode), and its JSON copy must still be evaluated.
 */
const InvocationCopySchema = z.looseObject({
  kind: InvocationKindSchema,
  snapshot: SpanContextSnapshotSchema.optional(),
});

/** What the main side posts: the invocation as JSON text, and an id to match the reply. */
export const EvaluationRequestSchema = z.object({
  type: z.literal('genai-telemetry/evaluate'),
  id: z.number(),
  invocation: z.string(),
});
export type EvaluationRequest = z.infer<typeof EvaluationRequestSchema>;

/** What the worker posts back: the parsed JSON copy and its results. */
export const EvaluationReplySchema = z.object({
  type: z.literal('genai-telemetry/results'),
  id: z.number(),
  invocation: InvocationCopySchema,
  results: z.array(z.unknown()),
});
export interface EvaluationReply {
  type: 'genai-telemetry/results';
  id: number;
  invocation: Invocation;
  results: EvaluationResult[];
}

/** Worker side: answers every request on `port` with the results of `evaluators`. */
export function serveEvaluations(
  port: EvaluationPort,
  evaluators: readonly Evaluator[],
  options: { timeoutMs?: number } = {},
): void {
  const timeoutMs = options.timeoutMs ?? EVALUATION_DEFAULTS.timeoutMs;
  port.on('message', (message) => {
    const request = EvaluationRequestSchema.safeParse(message);
    if (!request.success) return;
    const { id } = request.data;
    void (async () => {
      let invocation: Invocation = { kind: 'llm' };
      let results: EvaluationResult[];
      try {
        invocation = InvocationCopySchema.parse(JSON.parse(request.data.invocation)) as Invocation;
        results = await runEvaluators(evaluators, invocation, timeoutMs);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        results = [{ name: 'remote', error: { type: 'InvalidEvaluationRequest', message } }];
      }
      const reply: EvaluationReply = { type: 'genai-telemetry/results', id, invocation, results };
      port.postMessage(reply);
    })();
  });
}

/**
 * Main side: an evaluator that hands the invocation's JSON form to `serveEvaluations` on the
 * other end of `port` and returns what comes back. Abort (the manager's timeout) stops waiting.
 */
export function remoteEvaluator(
  port: EvaluationPort,
  options: { name?: string; kinds?: readonly InvocationKind[] } = {},
): Evaluator {
  const waiting = new Map<number, (reply: EvaluationReply) => void>();
  let nextId = 0;
  let listening = false;
  return {
    name: options.name ?? 'remote',
    ...(options.kinds ? { kinds: options.kinds } : {}),
    evaluate(invocation, { signal }) {
      if (!listening) {
        listening = true;
        port.on('message', (message) => {
          const reply = EvaluationReplySchema.safeParse(message);
          if (reply.success) waiting.get(reply.data.id)?.(reply.data as unknown as EvaluationReply);
        });
      }
      const id = nextId++;
      return new Promise<EvaluationResult[]>((resolve, reject) => {
        const onAbort = () => {
          waiting.delete(id);
          reject(signal.reason);
        };
        signal.addEventListener('abort', onAbort, { once: true });
        waiting.set(id, (reply) => {
          waiting.delete(id);
          signal.removeEventListener('abort', onAbort);
          resolve(reply.results);
        });
        const request: EvaluationRequest = {
          type: 'genai-telemetry/evaluate',
          id,
          invocation: JSON.stringify(invocation),
        };
        port.postMessage(request);
      });
    },
  };
}
