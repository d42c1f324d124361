/**
 * Calls emitters in the fixed order: open first, close last.
 * Start: span, metrics, content_events, evaluation, in two calls (`onStartSpan`, then
 * `onStartOthers`) so the handler freezes the snapshot between the span category and the rest.
 * End and error: evaluation, metrics, content_events, span, so the span is still live while the
 * others write and is ended last. One emitter that throws is isolated: the others still run, its
 * first failure is reported through `diag`, and every failure is counted.
 */
import { diag } from '@opentelemetry/api';
import type { EvaluationResult, Invocation } from '../types.js';
import type { Emitter, EmitterCategory, InvocationState } from './emitter.js';

export type EmittersByCategory = Readonly<Record<EmitterCategory, readonly Emitter[]>>;

const START_ORDER: readonly EmitterCategory[] = ['span', 'metrics', 'content_events', 'evaluation'];
const CLOSE_ORDER: readonly EmitterCategory[] = ['evaluation', 'metrics', 'content_events', 'span'];

export class CompositeEmitter {
  private readonly spanStart: readonly Emitter[];
  private readonly otherStart: readonly Emitter[];
  private readonly end: readonly Emitter[];
  private readonly error: readonly Emitter[];
  private readonly evaluation: readonly Emitter[];
  private readonly all: readonly Emitter[];
  private readonly failures = new Map<Emitter, number>();
  /** True when no emitter at all is configured (`emitters: 'none'`). */
  readonly isEmpty: boolean;

  constructor(readonly byCategory: EmittersByCategory) {
    const ordered = (order: readonly EmitterCategory[], hook: keyof Emitter) =>
      order.flatMap((category) =>
        byCategory[category].filter((e) => typeof e[hook] === 'function'),
      );
    this.spanStart = byCategory.span.filter((e) => typeof e.onStart === 'function');
    this.otherStart = ordered(START_ORDER.slice(1), 'onStart');
    this.end = ordered(CLOSE_ORDER, 'onEnd');
    this.error = ordered(CLOSE_ORDER, 'onError');
    this.evaluation = ordered(CLOSE_ORDER, 'onEvaluationResults');
    this.all = START_ORDER.flatMap((category) => byCategory[category]);
    this.isEmpty = this.all.length === 0;
  }

  // The loops below are the hot path: try/catch inline, no closures allocated per call.
  /** Start, first part: the span category, after which the handler freezes the snapshot. */
  onStartSpan(invocation: Invocation, state: InvocationState): void {
    this.start(this.spanStart, invocation, state);
  }

  /** Start, second part: every other category, which may read the frozen snapshot. */
  onStartOthers(invocation: Invocation, state: InvocationState): void {
    this.start(this.otherStart, invocation, state);
  }

  private start(emitters: readonly Emitter[], invocation: Invocation, state: InvocationState) {
    for (const emitter of emitters) {
      try {
        if (!emitter.handles || emitter.handles(invocation)) emitter.onStart!(invocation, state);
      } catch (err) {
        this.recordFailure(emitter, 'onStart', err);
      }
    }
  }

  onEnd(invocation: Invocation, state: InvocationState): void {
    for (const emitter of this.end) {
      try {
        if (!emitter.handles || emitter.handles(invocation)) emitter.onEnd!(invocation, state);
      } catch (err) {
        this.recordFailure(emitter, 'onEnd', err);
      }
    }
  }

  onError(invocation: Invocation, error: unknown, state: InvocationState): void {
    for (const emitter of this.error) {
      try {
        if (!emitter.handles || emitter.handles(invocation))
          emitter.onError!(invocation, error, state);
      } catch (err) {
        this.recordFailure(emitter, 'onError', err);
      }
    }
  }

  onEvaluationResults(
    invocation: Invocation,
    results: readonly EvaluationResult[],
    state: InvocationState,
  ): void {
    for (const emitter of this.evaluation) {
      try {
        if (!emitter.handles || emitter.handles(invocation))
          emitter.onEvaluationResults!(invocation, results, state);
      } catch (err) {
        this.recordFailure(emitter, 'onEvaluationResults', err);
      }
    }
  }

  async forceFlush(): Promise<void> {
    await this.settleAll('forceFlush');
  }

  async shutdown(): Promise<void> {
    await this.settleAll('shutdown');
  }

  /** Failures per emitter name since construction. */
  failureCounts(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const [emitter, count] of this.failures)
      counts[emitter.name] = (counts[emitter.name] ?? 0) + count;
    return counts;
  }

  private recordFailure(emitter: Emitter, hook: string, err: unknown): void {
    const count = (this.failures.get(emitter) ?? 0) + 1;
    this.failures.set(emitter, count);
    if (count === 1) {
      diag.error(
        `genai-telemetry: emitter "${emitter.name}" (${emitter.category}) failed in ${hook}; further failures of this emitter are only counted`,
        err,
      );
    }
  }

  private async settleAll(hook: 'forceFlush' | 'shutdown'): Promise<void> {
    await Promise.all(
      this.all.map(async (emitter) => {
        try {
          await emitter[hook]?.();
        } catch (err) {
          this.recordFailure(emitter, hook, err);
        }
      }),
    );
  }
}
