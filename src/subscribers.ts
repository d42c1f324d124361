/**
 * Who hears about completed invocations and evaluation results. Every callback is isolated: one
 * that throws is reported through `diag` and the others still run.
 */
import { diag } from '@opentelemetry/api';
import type {
  CompletionCallback,
  CompletionOutcome,
  CompletionSubscriber,
  EvaluationResultsCallback,
} from './handler-types.js';
import type { EvaluationResult, Invocation } from './types.js';

export class Subscribers {
  private readonly completion: CompletionSubscriber[] = [];
  private readonly evaluation: EvaluationResultsCallback[] = [];
  /** A broken callback fails on every invocation: it is reported once, not once per call. */
  private readonly reported = new WeakSet<object>();

  addCompletion(callback: CompletionCallback | CompletionSubscriber): () => void {
    const subscriber = typeof callback === 'function' ? { onCompletion: callback } : callback;
    this.completion.push(subscriber);
    return () => removeItem(this.completion, subscriber);
  }

  addEvaluation(callback: EvaluationResultsCallback): () => void {
    this.evaluation.push(callback);
    return () => removeItem(this.evaluation, callback);
  }

  notifyCompletion(invocation: Invocation, outcome: CompletionOutcome): void {
    for (const subscriber of this.completion) {
      try {
        subscriber.onCompletion(invocation, outcome);
      } catch (err) {
        this.reportOnce(subscriber, 'a completion callback threw', err);
      }
    }
  }

  notifyEvaluation(invocation: Invocation, results: readonly EvaluationResult[]): void {
    for (const listener of this.evaluation) {
      try {
        listener(invocation, results);
      } catch (err) {
        this.reportOnce(listener, 'an evaluation results callback threw', err);
      }
    }
  }

  private reportOnce(callback: object, problem: string, err: unknown): void {
    if (this.reported.has(callback)) return;
    this.reported.add(callback);
    diag.error(`genai-telemetry: ${problem}; its further failures are not reported`, err);
  }

  /** True when some completion subscriber has work of its own to drain (the evaluation manager). */
  hasWork(): boolean {
    return this.completion.some((s) => s.forceFlush !== undefined || s.shutdown !== undefined);
  }

  /** Runs `hook` on every completion subscriber at once (flush, shutdown) and waits for all. */
  async settle(
    hook: (subscriber: CompletionSubscriber) => Promise<void> | undefined,
  ): Promise<void> {
    await Promise.all(
      this.completion.map(async (subscriber) => {
        try {
          await hook(subscriber);
        } catch (err) {
          diag.error('genai-telemetry: a completion subscriber failed to flush', err);
        }
      }),
    );
  }
}

function removeItem<T>(list: T[], item: T): void {
  const index = list.indexOf(item);
  if (index >= 0) list.splice(index, 1);
}

/** Flushes the providers the user handed to the handler (those that can flush). */
export async function flushProviders(providers: readonly unknown[]): Promise<void> {
  await Promise.all(
    providers.map(async (provider) => {
      const flush = (provider as { forceFlush?: () => Promise<void> } | undefined)?.forceFlush;
      if (typeof flush !== 'function') return;
      try {
        await flush.call(provider);
      } catch (err) {
        diag.error('genai-telemetry: provider forceFlush failed', err);
      }
    }),
  );
}
