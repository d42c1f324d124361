/**
 * TelemetryHandler: the facade users see. Each method is a few lines over the shared core
 * (handler/core.ts) and the lifecycle functions (handler/start.ts, end.ts, run.ts, flush.ts).
 * Live state (span, contexts) lives in the core's WeakMap keyed by the invocation, never on it:
 * an invocation dropped without being stopped is collected with its state, and
 * JSON.stringify(invocation) never touches a span. `forScope` returns another facade over the
 * same core, whose telemetry is attributed to another instrumentation scope.
 */
import { context, diag, type Context } from '@opentelemetry/api';
import type { ResolvedConfig, TelemetryHandlerOptions } from './config.js';
import { GenAITelemetryError, InvalidFieldsError, InvocationStateError } from './errors.js';
import type { EvaluationManager } from './evaluation/manager.js';
import { composeHandler } from './handler/compose.js';
import type { HandlerCore } from './handler/core.js';
import { endInvocation } from './handler/end.js';
import { forceFlush, shutdown } from './handler/flush.js';
import { deliverEvaluationResults } from './handler/results.js';
import { runInvocation } from './handler/run.js';
import type { HandlerScope, ScopeName } from './handler/scope.js';
import { startInvocation } from './handler/start.js';
import { observeStream } from './handler/stream.js';
import { now } from './lifecycle-values.js';
import { snapshotContext } from './snapshot.js';
import { TypedLifecycle } from './typed-lifecycle.js';
import type { EvaluationResult, Invocation, InvocationInit } from './types.js';
import type {
  CompletionCallback,
  CompletionSubscriber,
  EvaluationResultsCallback,
  HandlerStats,
  StartOptions,
} from './handler-types.js';

/** How `forScope` hands a facade its core and scope (not constructible from outside). */
class FacadeOf {
  constructor(
    readonly core: HandlerCore,
    readonly scope: HandlerScope,
    readonly evaluation: EvaluationManager | undefined,
  ) {}
}

/** One facade per scope, so `forScope` with the same scope returns the same handler. */
const facades = new WeakMap<HandlerScope, TelemetryHandler>();

export class TelemetryHandler extends TypedLifecycle {
  /** The evaluation manager (counters: `evaluation.stats()`); undefined when evaluation is off. */
  readonly evaluation: EvaluationManager | undefined;
  readonly #core: HandlerCore;
  readonly #scope: HandlerScope;

  constructor(options: TelemetryHandlerOptions = {}) {
    super();
    if (options instanceof FacadeOf) {
      this.#core = options.core;
      this.#scope = options.scope;
      this.evaluation = options.evaluation;
      return;
    }
    const { core, evaluation } = composeHandler(options);
    this.#core = core;
    this.#scope = core.root;
    this.evaluation = evaluation;
  }

  /** The configuration this facade emits under, parsed once at construction. */
  get config(): ResolvedConfig {
    return this.#scope.config;
  }

  /**
   * A handler that attributes its telemetry to another instrumentation scope (an integration's)
   * and shares everything else with this one: invocation state (so parents resolve across the
   * two), completion and evaluation subscribers, the evaluation manager, counters,
   * configuration and shutdown. Invocations keep the scope they were started in, also for
   * their evaluation results.
   */
  forScope(scope: ScopeName): TelemetryHandler {
    const handlerScope = this.#core.scope(scope);
    let facade = facades.get(handlerScope);
    if (!facade) {
      const seed = new FacadeOf(this.#core, handlerScope, this.evaluation);
      facade = new TelemetryHandler(seed as TelemetryHandlerOptions);
      facades.set(handlerScope, facade);
    }
    return facade;
  }

  // start/stop/fail are the hot path: their guard is an inline try/catch, not a closure per call.
  /** Starts `invocation` (by its `kind`) and returns the same object, now carrying its snapshot. */
  override start<T extends Invocation>(invocation: T, options?: StartOptions): T {
    try {
      startInvocation(this.#core, this.#scope, invocation, options);
    } catch (err) {
      this.internalFailure('start', err);
    }
    return invocation;
  }

  override stop<T extends Invocation>(invocation: T): T {
    try {
      endInvocation(this.#core, invocation, false, undefined);
    } catch (err) {
      this.internalFailure('stop', err);
    }
    return invocation;
  }

  override fail<T extends Invocation>(invocation: T, error: unknown): T {
    try {
      endInvocation(this.#core, invocation, true, error);
    } catch (err) {
      this.internalFailure('fail', err);
    }
    return invocation;
  }

  /**
   * Starts `invocation`, runs `fn` inside `contextOf(invocation)` (so spans created there are its
   * children), then stops it, or fails it and rethrows fn's error unchanged. Returns fn's own
   * result (a promise is observed, not replaced).
   */
  run<T extends Invocation, R>(invocation: T, fn: (invocation: T) => R, options?: StartOptions): R {
    return runInvocation(this.#core, this, invocation, fn, options);
  }

  /**
   * Observes a stream of chunks: the first chunk gives time to first chunk, later ones time per
   * output chunk. The invocation (started here if it was not yet) stays open until the stream
   * ends, throws, or the consumer stops early, and then ends exactly once.
   */
  stream<T>(
    invocation: Invocation,
    source: AsyncIterable<T>,
    onChunk?: (chunk: T) => void,
  ): AsyncIterableIterator<T>;
  stream<T>(
    invocation: Invocation,
    source: Iterable<T>,
    onChunk?: (chunk: T) => void,
  ): IterableIterator<T>;
  stream<T>(
    invocation: Invocation,
    source: Iterable<T> | AsyncIterable<T>,
    onChunk?: (chunk: T) => void,
  ): AsyncIterableIterator<T> | IterableIterator<T> {
    if (!this.#core.states.has(invocation)) this.start(invocation);
    return observeStream(this, invocation, source, onChunk);
  }

  /**
   * Notes that a chunk of the invocation's streamed response arrived now: the first gives time
   * to first chunk, each later one a time-per-output-chunk point. For integrations that see
   * tokens as callbacks rather than as an iterable (`stream()` calls it for each chunk).
   */
  recordChunk(invocation: Invocation): void {
    const state = this.#core.states.get(invocation);
    if (!state) return;
    const time = now();
    if (state.firstChunkTime === undefined) state.firstChunkTime = time;
    else (state.chunkGaps ??= []).push((time - (state.lastChunkTime as number)) / 1000);
    state.lastChunkTime = time;
  }

  /**
   * The OTel Context for children and `propagation.inject`: the live span while the invocation
   * runs, otherwise a non-recording span carrying its snapshot (spans off, ended, JSON copies).
   */
  contextOf(invocation: Invocation): Context {
    const state = this.#core.states.get(invocation);
    if (state) return state.context;
    try {
      if (invocation?.snapshot) return snapshotContext(invocation.snapshot, context.active());
      this.#core.report(
        new InvocationStateError(
          'contextOf: the invocation has no snapshot (never started); using the active context',
        ),
      );
    } catch (err) {
      this.internalFailure('contextOf', err);
    }
    return context.active();
  }

  /**
   * Sends evaluation results produced outside the manager through the evaluation emitters. The
   * snapshot is all it needs, so a JSON copy of the invocation from another process works.
   */
  evaluationResults(invocation: Invocation, results: readonly EvaluationResult[]): void {
    try {
      deliverEvaluationResults(this.#core, this.#scope, invocation, results);
    } catch (err) {
      this.internalFailure('evaluationResults', err);
    }
  }

  /** Called after every stop or fail. Returns a function that unsubscribes. */
  onCompletion(callback: CompletionCallback | CompletionSubscriber): () => void {
    return this.#core.subscribers.addCompletion(callback);
  }

  /** Every batch of evaluation results with its invocation, however it arrived. */
  onEvaluationResults(callback: EvaluationResultsCallback): () => void {
    return this.#core.subscribers.addEvaluation(callback);
  }

  /**
   * Flushes what is ready, waits for queued evaluations, flushes again; within `flushTimeoutMs`.
   */
  forceFlush(): Promise<void> {
    return forceFlush(this.#core);
  }

  /** Like forceFlush, then shuts emitters down; later starts are ignored. Idempotent. */
  shutdown(): Promise<void> {
    return shutdown(this.#core);
  }

  stats(): HandlerStats {
    return this.#core.stats();
  }

  protected withKind<T extends Invocation>(invocation: InvocationInit<T>, kind: T['kind']): T {
    if (typeof invocation !== 'object' || invocation === null) return invocation as T;
    try {
      if (invocation.kind !== undefined && invocation.kind !== kind) {
        this.#core.report(
          new InvalidFieldsError(`${kind} invocation`, [
            { path: 'kind', message: `expected "${kind}", got "${String(invocation.kind)}"` },
          ]),
        );
      }
      if (invocation.kind !== kind) (invocation as { kind: string }).kind = kind;
    } catch (err) {
      // A frozen object cannot take its kind; start() then reports it, once, without throwing.
      if (err instanceof GenAITelemetryError) throw err;
    }
    return invocation as T;
  }

  /** Nothing but strict-mode errors escapes a public method; anything else is a diag report. */
  private internalFailure(call: string, err: unknown): void {
    if (err instanceof GenAITelemetryError && this.#core.strict) throw err;
    diag.error(`genai-telemetry: ${call} failed internally`, err);
  }
}
