/** The types of the handler's public surface: start options, callbacks, counters. */
import type { Context } from '@opentelemetry/api';
import type { EvaluationResult, Invocation } from './types.js';

export interface StartOptions {
  /** Another started invocation: the new one becomes its child. Wins over the active context. */
  parent?: Invocation;
  /** An OTel Context to start in, e.g. one extracted from incoming headers. */
  parentContext?: Context;
  /** Epoch milliseconds or a Date; defaults to now. */
  startTime?: number | Date;
}

export interface CompletionOutcome {
  /** Set when the invocation failed. */
  readonly error?: unknown;
  /** The instrumentation scope the invocation was started in. */
  readonly scope?: { readonly name: string; readonly version?: string };
}

export type CompletionCallback = (invocation: Invocation, outcome: CompletionOutcome) => void;

/** A completion subscriber with work of its own to drain (the evaluation manager is one). */
export interface CompletionSubscriber {
  onCompletion(invocation: Invocation, outcome: CompletionOutcome): void;
  forceFlush?(): Promise<void>;
  shutdown?(): Promise<void>;
}

export type EvaluationResultsCallback = (
  invocation: Invocation,
  results: readonly EvaluationResult[],
) => void;

export interface HandlerStats {
  started: number;
  stopped: number;
  failed: number;
  /** started - stopped - failed */
  inFlight: number;
  /** Lifecycle misuse reported (double stop, unknown invocation, invalid fields...). */
  misuse: number;
  /** Calls ignored because the handler was shut down. */
  ignoredAfterShutdown: number;
  /** Emitter failures by emitter name. */
  emitterFailures: Record<string, number>;
}
