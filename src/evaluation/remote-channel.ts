/**
 * The main side of one evaluation port, shared by every `remoteEvaluator` on it: one message
 * listener, request ids unique on the port, each reply matched to its request by id and by the
 * evaluated span. A request that cannot be sent, or is pending when the other end goes away,
 * settles at once with an error result, so nothing waits for a timeout or stays referenced.
 */
import { errorMessage } from '../errors.js';
import type { EvaluationResult, Invocation } from '../types.js';
import {
  EvaluationReplySchema,
  type EvaluationPort,
  type EvaluationRequest,
} from './remote-protocol.js';
import { EVALUATION_ERROR_TYPES } from './run.js';
import { serialiseInvocation } from './serialise.js';

interface Pending {
  readonly spanId: string | undefined;
  readonly evaluator: string;
  settle(results: EvaluationResult[]): void;
}

/**
 * How the ends of the supported transports report that the other side is gone: a MessagePort
 * 'close', a Worker or ChildProcess 'exit', a ChildProcess 'disconnect'. Not 'error': listening
 * for it would change whether a worker's uncaught exception crashes the application, and
 * 'exit' follows it anyway.
 */
const GONE_EVENTS = ['close', 'exit', 'disconnect'] as const;

const failed = (evaluator: string, type: string, message: string): EvaluationResult[] => [
  { name: evaluator, error: { type, message } },
];

class PortChannel {
  // A random start keeps the ids of two copies of this module (ESM and CJS) on one port apart.
  private nextId = Math.floor(Math.random() * 2 ** 40);
  private readonly pending = new Map<number, Pending>();
  private gone: string | undefined;

  constructor(private readonly port: EvaluationPort) {
    port.on('message', (message) => this.receive(message));
    const on = port.on as (event: string, listener: () => void) => unknown;
    for (const event of GONE_EVENTS) {
      try {
        on.call(port, event, () => this.close(event));
      } catch {
        // A hand-made port that knows only 'message': nothing to notice a closing by.
      }
    }
  }

  request(
    invocation: Invocation,
    evaluator: string,
    signal: AbortSignal,
  ): EvaluationResult[] | Promise<EvaluationResult[]> {
    if (this.gone) return failed(evaluator, EVALUATION_ERROR_TYPES.workerGone, this.gone);
    const text = serialiseInvocation(invocation);
    if (text === undefined) {
      return failed(
        evaluator,
        EVALUATION_ERROR_TYPES.unserialisable,
        'the invocation cannot be serialised to JSON',
      );
    }
    const id = this.nextId++;
    const request: EvaluationRequest = { type: 'genai-telemetry/evaluate', id, invocation: text };
    try {
      this.port.postMessage(request);
    } catch (error) {
      return failed(evaluator, EVALUATION_ERROR_TYPES.transport, errorMessage(error));
    }
    return new Promise<EvaluationResult[]>((resolve, reject) => {
      const onAbort = () => {
        this.pending.delete(id);
        reject(signal.reason);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.pending.set(id, {
        spanId: invocation.snapshot?.spanId,
        evaluator,
        settle: (results) => {
          this.pending.delete(id);
          signal.removeEventListener('abort', onAbort);
          resolve(results);
        },
      });
    });
  }

  private receive(message: unknown): void {
    const reply = EvaluationReplySchema.safeParse(message);
    if (!reply.success) return;
    const pending = this.pending.get(reply.data.id);
    // Another channel's id on the same port (a second copy of this module) names another span.
    if (!pending || pending.spanId !== reply.data.invocation.snapshot?.spanId) return;
    pending.settle(reply.data.results as EvaluationResult[]);
  }

  private close(event: string): void {
    this.gone ??= `the evaluation worker is gone (${event})`;
    for (const pending of [...this.pending.values()])
      pending.settle(failed(pending.evaluator, EVALUATION_ERROR_TYPES.workerGone, this.gone));
  }
}

const channels = new WeakMap<EvaluationPort, PortChannel>();

/** The port's channel, created on first use: a port nobody evaluates through is not listened on. */
export function channelOf(port: EvaluationPort): PortChannel {
  let channel = channels.get(port);
  if (!channel) channels.set(port, (channel = new PortChannel(port)));
  return channel;
}
