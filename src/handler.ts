/**
 * TelemetryHandler: the lifecycle of invocations. It resolves parents, freezes the snapshot right
 * after the span category, runs the emitters through the composite, and notifies completion and
 * evaluation-result subscribers. Live state (span, contexts) lives in a WeakMap keyed by the
 * invocation, never on it: an invocation dropped without being stopped is collected with its
 * state, and JSON.stringify(invocation) never touches a span.
 */
import {
  context,
  diag,
  ROOT_CONTEXT,
  trace,
  type Context,
  type Span,
  type SpanContext,
} from '@opentelemetry/api';
import {
  parseOptions,
  resolveConfig,
  type ResolvedConfig,
  type TelemetryHandlerOptions,
} from './config.js';
import type { CompositeEmitter } from './emitters/composite.js';
import { errorType } from './emitters/attributes.js';
import { buildEmitters } from './emitters/selection.js';
import { EvaluationManager } from './evaluation/manager.js';
import { GenAITelemetryError, InvalidFieldsError, InvocationStateError } from './errors.js';
import { createReporter, type ProblemReporter } from './report.js';
import { snapshotContext, snapshotFromSpan, synthesizeSnapshot } from './snapshot.js';
import {
  isAsyncIterable,
  wrapAsyncIterable,
  wrapIterable,
  type StreamLifecycle,
} from './stream.js';
import {
  INVOCATION_KINDS,
  type EvaluationResult,
  type Invocation,
  type InvocationInit,
  type SpanContextSnapshot,
} from './types.js';
import { baggageAttributes } from './propagation.js';
import { LiveInvocationState } from './state.js';
import { checkEvaluationResults, validatedView } from './validation.js';
import { errorMessage, isInvocation, isThenable, now, startTimeOf } from './lifecycle-values.js';
import { flushProviders, Subscribers } from './subscribers.js';
import { TypedLifecycle } from './typed-lifecycle.js';
import type {
  CompletionCallback,
  CompletionOutcome,
  CompletionSubscriber,
  EvaluationResultsCallback,
  HandlerStats,
  StartOptions,
} from './handler-types.js';

/** The outcome of every successful end: one shared, frozen object instead of one per stop. */
const SUCCEEDED: CompletionOutcome = Object.freeze({});

export class TelemetryHandler extends TypedLifecycle {
  readonly config: ResolvedConfig;
  /** The evaluation manager (counters: `evaluation.stats()`); undefined when evaluation is off. */
  readonly evaluation: EvaluationManager | undefined;
  private readonly states = new WeakMap<object, LiveInvocationState>();
  private readonly report: ProblemReporter;
  private readonly composite: CompositeEmitter;
  private readonly subscribers = new Subscribers();
  private readonly counts = {
    started: 0,
    stopped: 0,
    failed: 0,
    misuse: 0,
    ignoredAfterShutdown: 0,
  };
  private shutdownPromise: Promise<void> | undefined;
  /** The handler this one was derived from by `forScope` (itself for a constructed handler). */
  private readonly root: TelemetryHandler = this;
  private readonly scoped = new Map<string, TelemetryHandler>();

  constructor(options: TelemetryHandlerOptions = {}) {
    super();
    const report = createReporter(options?.strict === true);
    this.report = (problem) => {
      this.counts.misuse++;
      report(problem);
    };
    this.config = resolveConfig(parseOptions(options, this.report), this.report);
    const { composite, meter } = buildEmitters(this.config, this.report);
    this.composite = composite;
    const evaluation = this.config.evaluation;
    // The manager's results were validated by its runner and are for invocations started here:
    // they go straight to the emitters, without the checks for results from elsewhere.
    this.evaluation = evaluation
      ? new EvaluationManager(
          evaluation,
          (inv, results) =>
            this.guarded('evaluationResults', () => this.sendEvaluationResults(inv, results)),
          meter,
        )
      : undefined;
    if (this.evaluation) this.onCompletion(this.evaluation);
  }

  /**
   * A handler that attributes its telemetry to another instrumentation scope (an integration's)
   * and shares everything else with this one: invocation state (so parents resolve across the
   * two), completion and evaluation subscribers, the evaluation manager, counters, configuration
   * and shutdown. One per scope; only its emitters are its own.
   */
  forScope(scope: { name: string; version?: string }): TelemetryHandler {
    const { root } = this;
    const key = `${scope.name}@${scope.version ?? ''}`;
    let handler = root.scoped.get(key);
    if (!handler) {
      // Derived by prototype: every field but these two is read through to the root's.
      const config: ResolvedConfig = { ...root.config, scope };
      handler = Object.create(root, {
        config: { value: config },
        composite: { value: buildEmitters(config, root.report).composite },
      }) as TelemetryHandler;
      root.scoped.set(key, handler);
    }
    return handler;
  }

  // ---- generic lifecycle ----

  /** Starts `invocation` (by its `kind`) and returns the same object, now carrying its snapshot. */
  // start/stop/fail are the hot path: their guard is an inline try/catch, not a closure per call.
  override start<T extends Invocation>(invocation: T, options?: StartOptions): T {
    try {
      this.startInvocation(invocation, options);
    } catch (err) {
      this.internalFailure('start', err);
    }
    return invocation;
  }

  override stop<T extends Invocation>(invocation: T): T {
    try {
      this.endInvocation(invocation, false, undefined);
    } catch (err) {
      this.internalFailure('stop', err);
    }
    return invocation;
  }

  override fail<T extends Invocation>(invocation: T, error: unknown): T {
    try {
      this.endInvocation(invocation, true, error);
    } catch (err) {
      this.internalFailure('fail', err);
    }
    return invocation;
  }

  /**
   * Starts `invocation`, runs `fn` inside `contextOf(invocation)` (so spans created there are its
   * children), then stops it, or fails it and rethrows fn's error unchanged.
   */
  run<T extends Invocation, R>(invocation: T, fn: (invocation: T) => R, options?: StartOptions): R {
    this.start(invocation, options);
    let result: R;
    try {
      // A refused start (after shutdown, not an invocation) was reported once already; fn then
      // runs in the caller's context rather than reporting again through contextOf.
      const runContext = this.states.get(invocation)?.context ?? context.active();
      result = context.with(runContext, fn, undefined, invocation);
    } catch (err) {
      this.fail(invocation, err);
      throw err;
    }
    if (isThenable(result)) {
      return Promise.resolve(result).then(
        (value) => {
          this.stop(invocation);
          return value;
        },
        (err: unknown) => {
          this.fail(invocation, err);
          throw err;
        },
      ) as R;
    }
    this.stop(invocation);
    return result;
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
    if (!this.states.has(invocation)) this.start(invocation);
    const lifecycle: StreamLifecycle = {
      chunk: () => this.recordChunk(invocation),
      end: () => this.stop(invocation),
      fail: (error) => this.fail(invocation, error),
    };
    return isAsyncIterable(source)
      ? wrapAsyncIterable(source, lifecycle, onChunk)
      : wrapIterable(source, lifecycle, onChunk);
  }

  /**
   * The OTel Context for children and `propagation.inject`: the live span while the invocation
   * runs, otherwise a non-recording span carrying its snapshot (spans off, ended, JSON copies).
   */
  contextOf(invocation: Invocation): Context {
    const state = this.states.get(invocation);
    if (state) return state.context;
    if (invocation?.snapshot) return snapshotContext(invocation.snapshot, context.active());
    this.guarded('contextOf', () =>
      this.report(
        new InvocationStateError(
          'contextOf: the invocation has no snapshot (never started); using the active context',
        ),
      ),
    );
    return context.active();
  }

  /**
   * Sends evaluation results produced outside the manager through the evaluation emitters. The
   * snapshot is all it needs, so a JSON copy of the invocation from another process works.
   */
  evaluationResults(invocation: Invocation, results: readonly EvaluationResult[]): void {
    this.guarded('evaluationResults', () => this.deliverEvaluationResults(invocation, results));
  }

  /** Called after every stop or fail. Returns a function that unsubscribes. */
  onCompletion(callback: CompletionCallback | CompletionSubscriber): () => void {
    return this.subscribers.addCompletion(callback);
  }

  /** Every batch of evaluation results with its invocation, however it arrived. */
  onEvaluationResults(callback: EvaluationResultsCallback): () => void {
    return this.subscribers.addEvaluation(callback);
  }

  /** Drains completion subscribers (queued evaluations), then flushes emitters and given providers. */
  async forceFlush(): Promise<void> {
    await this.subscribers.settle((s) => s.forceFlush?.());
    await Promise.all(this.composites().map((c) => c.forceFlush()));
    await this.flushProviders();
  }

  /** Like forceFlush, then shuts emitters down; later calls are ignored. Idempotent. */
  shutdown(): Promise<void> {
    const { root } = this;
    root.shutdownPromise ??= (async () => {
      await root.subscribers.settle((s) => (s.shutdown ? s.shutdown() : s.forceFlush?.()));
      const composites = root.composites();
      await Promise.all(composites.map((c) => c.forceFlush()));
      await Promise.all(composites.map((c) => c.shutdown()));
      await root.flushProviders();
    })();
    return root.shutdownPromise;
  }

  stats(): HandlerStats {
    const { started, stopped, failed, misuse, ignoredAfterShutdown } = this.counts;
    return {
      started,
      stopped,
      failed,
      inFlight: started - stopped - failed,
      misuse,
      ignoredAfterShutdown,
      emitterFailures: this.emitterFailures(),
    };
  }

  // ---- internals ----

  /** Failures per emitter name, over the emitters of every scope. */
  private emitterFailures(): Record<string, number> {
    const total: Record<string, number> = {};
    for (const composite of this.composites()) {
      for (const [name, count] of Object.entries(composite.failureCounts())) {
        total[name] = (total[name] ?? 0) + count;
      }
    }
    return total;
  }

  /** This handler's emitters and those of every handler derived from its root. */
  private composites(): CompositeEmitter[] {
    const { root } = this;
    return [root.composite, ...[...root.scoped.values()].map((h) => h.composite)];
  }

  private startInvocation(invocation: Invocation, options: StartOptions | undefined): void {
    if (!isInvocation(invocation)) {
      this.report(
        new InvalidFieldsError('invocation', [
          { path: 'kind', message: `expected one of ${INVOCATION_KINDS.join(', ')}` },
        ]),
      );
      return;
    }
    if (this.shutdownPromise) {
      this.ignoreAfterShutdown('start');
      return;
    }
    if (this.states.has(invocation)) {
      this.report(
        new InvocationStateError(`start: this ${invocation.kind} invocation is already running`),
      );
      return;
    }
    const view = this.viewOf(invocation, 'start');
    const parentContext = this.parentContextOf(options);
    invocation.startTime = startTimeOf(options?.startTime);
    if (invocation.endTime !== undefined) delete invocation.endTime;
    if (invocation.error !== undefined) delete invocation.error;
    const state = new LiveInvocationState(parentContext, invocation);
    // Only fields that validated cleanly may be skipped at the end.
    if (!this.composite.isEmpty && view === invocation) state.validatedFields = { ...invocation };
    const { baggageAttributes: allowlist, baggageValueMaxLength } = this.config;
    if (allowlist)
      state.baggageAttributes = baggageAttributes(parentContext, allowlist, baggageValueMaxLength);
    this.states.set(invocation, state);
    this.counts.started++;
    this.composite.onStart(view, state, () => this.freezeSnapshot(invocation, state));
  }

  /** Runs right after the span category: from the span when there is one, synthesised otherwise. */
  private freezeSnapshot(invocation: Invocation, state: LiveInvocationState): void {
    const parent = trace.getSpanContext(state.parentContext);
    invocation.snapshot =
      (state.span && this.spanSnapshot(state.span, parent)) ?? synthesizeSnapshot(parent);
  }

  /**
   * A replacement span emitter may set `state.span` to something that is not a span; the
   * invocation then gets a synthesised snapshot, so its other signals stay correlated.
   */
  private spanSnapshot(
    span: Span,
    parent: SpanContext | undefined,
  ): SpanContextSnapshot | undefined {
    try {
      return snapshotFromSpan(span, parent);
    } catch (err) {
      diag.error(
        'genai-telemetry: state.span is not a usable span; the snapshot is synthesised',
        err,
      );
      return undefined;
    }
  }

  private endInvocation(invocation: Invocation, failed: boolean, error: unknown): void {
    const state = this.states.get(invocation);
    if (!state) {
      if (this.shutdownPromise) return this.ignoreAfterShutdown(failed ? 'fail' : 'stop');
      const ended =
        isInvocation(invocation) && invocation.endTime !== undefined && invocation.snapshot;
      const call = failed ? 'fail' : 'stop';
      this.report(
        new InvocationStateError(
          ended
            ? `${call}: this ${invocation.kind} invocation has already ended`
            : `${call}: the object was not started by this handler`,
        ),
      );
      return;
    }
    // Validated before the state is dropped: a strict-mode error leaves the invocation running,
    // so a corrected stop still ends its span.
    const validView = this.viewOf(invocation, failed ? 'fail' : 'stop', state.validatedFields);
    this.states.delete(invocation);
    const endTime = now();
    const errorInfo = failed ? { type: errorType(error), message: errorMessage(error) } : undefined;
    const view = this.recordEnding(invocation, validView, endTime, errorInfo);
    if (failed) {
      this.counts.failed++;
      this.composite.onError(view, error, state);
    } else {
      this.counts.stopped++;
      this.composite.onEnd(view, state);
    }
    this.subscribers.notifyCompletion(invocation, failed ? { error } : SUCCEEDED);
  }

  /** Validation only matters to emitters: with none configured, the fields are never read. */
  private viewOf(
    invocation: Invocation,
    phase: 'start' | 'stop' | 'fail',
    validatedAtStart?: Readonly<Record<string, unknown>>,
  ): Invocation {
    if (this.composite.isEmpty) return invocation;
    try {
      return validatedView(invocation, phase, this.report, validatedAtStart);
    } catch (err) {
      // A field whose getter throws cannot be validated; the lifecycle goes on and each emitter
      // that trips on it is isolated (and reported) by the composite.
      if (err instanceof GenAITelemetryError) throw err;
      diag.warn(`genai-telemetry: ${phase}: the invocation could not be validated`, err);
      return invocation;
    }
  }

  /**
   * Writes endTime (and error) on the invocation. A frozen one (kept in an immutable store, say)
   * cannot take them: the emitters then read them from a view, so its span still ends.
   */
  private recordEnding(
    invocation: Invocation,
    view: Invocation,
    endTime: number,
    error: Invocation['error'],
  ): Invocation {
    try {
      invocation.endTime = endTime;
      if (error) invocation.error = error;
      return view;
    } catch (err) {
      diag.warn(
        'genai-telemetry: the invocation is not writable; endTime/error not set on it',
        err,
      );
      const ending = Object.create(view) as Invocation;
      ending.endTime = endTime;
      if (error) ending.error = error;
      return ending;
    }
  }

  /**
   * Notes that a chunk of the invocation's streamed response arrived now: the first gives time
   * to first chunk, each later one a time-per-output-chunk point. For integrations that see
   * tokens as callbacks rather than as an iterable (`stream()` calls it for each chunk).
   */
  recordChunk(invocation: Invocation): void {
    const state = this.states.get(invocation);
    if (!state) return;
    const time = now();
    if (state.firstChunkTime === undefined) state.firstChunkTime = time;
    else (state.chunkGaps ??= []).push((time - (state.lastChunkTime as number)) / 1000);
    state.lastChunkTime = time;
  }

  private deliverEvaluationResults(
    invocation: Invocation,
    results: readonly EvaluationResult[],
  ): void {
    // After shutdown, starts are ignored, so results for an invocation never started are too.
    if (this.shutdownPromise && !invocation?.snapshot)
      return this.ignoreAfterShutdown('evaluationResults');
    const valid = checkEvaluationResults(invocation, results, this.report);
    if (valid) this.sendEvaluationResults(invocation, valid);
  }

  /** Results already known to be valid, for an invocation with a snapshot. */
  private sendEvaluationResults(
    invocation: Invocation,
    results: readonly EvaluationResult[],
  ): void {
    if (results.length === 0) return;
    const state = this.states.get(invocation) ?? new LiveInvocationState(ROOT_CONTEXT, invocation);
    this.composite.onEvaluationResults(invocation, results, state);
    this.subscribers.notifyEvaluation(invocation, results);
  }

  private parentContextOf(options: StartOptions | undefined): Context {
    if (options?.parent) {
      const parentState = this.states.get(options.parent);
      if (parentState) return parentState.context;
      if (options.parent.snapshot)
        return snapshotContext(options.parent.snapshot, context.active());
      this.report(
        new InvocationStateError(
          'start: the parent invocation was never started; using the active context',
        ),
      );
    }
    return options?.parentContext ?? context.active();
  }

  protected withKind<T extends Invocation>(invocation: InvocationInit<T>, kind: T['kind']): T {
    if (typeof invocation !== 'object' || invocation === null) return invocation as T;
    if (invocation.kind !== undefined && invocation.kind !== kind) {
      this.report(
        new InvalidFieldsError(`${kind} invocation`, [
          { path: 'kind', message: `expected "${kind}", got "${String(invocation.kind)}"` },
        ]),
      );
    }
    try {
      (invocation as { kind: string }).kind = kind;
    } catch {
      // A frozen object cannot take its kind; start() then reports it, once, without throwing.
    }
    return invocation as T;
  }

  private ignoreAfterShutdown(call: string): void {
    if (this.counts.ignoredAfterShutdown++ === 0) {
      diag.warn(`genai-telemetry: ${call} after shutdown is ignored (reported once)`);
    }
  }

  private guarded(call: string, body: () => void): void {
    try {
      body();
    } catch (err) {
      this.internalFailure(call, err);
    }
  }

  /** Nothing but strict-mode errors escapes a public method; anything else is a diag report. */
  private internalFailure(call: string, err: unknown): void {
    if (err instanceof GenAITelemetryError && this.config?.strict) throw err;
    diag.error(`genai-telemetry: ${call} failed internally`, err);
  }

  private flushProviders(): Promise<void> {
    const { tracerProvider, meterProvider, loggerProvider } = this.config;
    return flushProviders([tracerProvider, meterProvider, loggerProvider]);
  }
}
