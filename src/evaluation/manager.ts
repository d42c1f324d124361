/**
 * The evaluation manager: a completion subscriber of the handler. On stop it decides in O(1),
 * without awaiting anything, whether the invocation is evaluated (kind, failure, trace-id
 * sampling, queue room) and queues a frozen copy of it with its scope; evaluator calls then run
 * on later turns of the event loop, at most `concurrency` at a time, each with its own timeout.
 * The results of one invocation are handed over as one batch. With a target configured, each
 * accepted job is submitted to it instead. `forceFlush` waits for the work accepted before it
 * was called; `shutdown` refuses new work and waits for all of it.
 */
import { diag, type Meter } from '@opentelemetry/api';
import type { CompletionOutcome, CompletionSubscriber } from '../handler-types.js';
import type { EvaluationResult, Invocation, InvocationKind } from '../types.js';
import { INVOCATION_KINDS } from '../types.js';
import { PACKAGE_NAME, PACKAGE_VERSION } from '../version.js';
import { captureInvocation, freezeCapture } from './capture.js';
import { EvaluationCounters, type EvaluationStats } from './counters.js';
import { appliesTo, type Evaluator } from './evaluator.js';
import type { EvaluationSettings } from './options.js';
import { runEvaluator } from './run.js';
import { isSampled, samplingBound } from './sampling.js';
import { submitJob, type EvaluationJob, type EvaluationScope } from './target.js';

export type EvaluationDelivery = (
  invocation: Invocation,
  results: readonly EvaluationResult[],
  scope: EvaluationScope | undefined,
) => void;

interface Job extends EvaluationJob {
  /** As the handler told it; undefined when it did not (delivered under the root scope). */
  readonly toldScope: EvaluationScope | undefined;
  /** Index of the next evaluator to start. */
  next: number;
  /** Evaluators not yet settled. */
  remaining: number;
  readonly results: EvaluationResult[][];
  /** Created only when a flush waits for this job. */
  waiters?: Array<() => void>;
}

const ROOT_SCOPE: EvaluationScope = Object.freeze({ name: PACKAGE_NAME, version: PACKAGE_VERSION });

export class EvaluationManager implements CompletionSubscriber {
  private readonly byKind: ReadonlyMap<InvocationKind, readonly Evaluator[]>;
  private readonly bound: bigint;
  private readonly counters: EvaluationCounters;
  /** Jobs with evaluators not yet started (or not yet submitted), oldest first; `head` avoids O(n) shifts. */
  private pending: Array<Job | undefined> = [];
  private head = 0;
  private readonly outstanding = new Set<Job>();
  private running = 0;
  private scheduled = false;
  private closed = false;
  private shutdownPromise: Promise<void> | undefined;

  constructor(
    readonly settings: EvaluationSettings,
    private readonly deliver: EvaluationDelivery,
    meter: Meter,
  ) {
    this.byKind = new Map(
      INVOCATION_KINDS.map((kind) => [kind, settings.evaluators.filter((e) => appliesTo(e, kind))]),
    );
    this.bound = samplingBound(settings.sampleRate);
    this.counters = new EvaluationCounters(meter);
  }

  onCompletion(invocation: Invocation, outcome: CompletionOutcome): void {
    if (this.closed) return;
    if ('error' in outcome && !this.settings.evaluateFailed) return;
    const evaluators = this.byKind.get(invocation.kind);
    const traceId = invocation.snapshot?.traceId;
    if (!evaluators?.length || !traceId || !isSampled(traceId, this.bound)) return;
    if (this.queued() >= this.settings.maxQueueSize) {
      if (this.counters.totals.dropped === 0) {
        diag.warn(
          `genai-telemetry: the evaluation queue is full (maxQueueSize ${this.settings.maxQueueSize}); invocations are dropped and counted (reported once)`,
        );
      }
      this.counters.count('dropped');
      return;
    }
    const toldScope = (outcome as { readonly scope?: EvaluationScope }).scope;
    const job: Job = {
      invocation: captureInvocation(invocation),
      scope: toldScope ?? ROOT_SCOPE,
      toldScope,
      evaluators,
      next: 0,
      remaining: evaluators.length,
      results: [],
    };
    this.pending.push(job);
    this.outstanding.add(job);
    this.counters.count('queued');
    this.schedule();
  }

  stats(): EvaluationStats {
    return {
      ...this.counters.totals,
      pending: this.pending.length - this.head,
      running: this.running,
    };
  }

  /** Resolves when every invocation accepted so far has been evaluated and handed over. */
  forceFlush(): Promise<void> {
    return this.drain().then(() => this.settleTarget('forceFlush'));
  }

  /** Stops accepting invocations and waits for all accepted ones. Idempotent. */
  shutdown(): Promise<void> {
    this.closed = true;
    this.shutdownPromise ??= this.drain().then(() => this.settleTarget('shutdown'));
    return this.shutdownPromise;
  }

  /** Jobs counted against maxQueueSize: waiting ones, and with a target those submitted too. */
  private queued(): number {
    return this.settings.target ? this.outstanding.size : this.pending.length - this.head;
  }

  private drain(): Promise<void> {
    const jobs = [...this.outstanding];
    if (jobs.length === 0) return Promise.resolve();
    // Evaluator timeouts are unref'd so that evaluation never holds a process open by itself;
    // a flush is an explicit request to wait, so it holds the process open until it settles
    // (otherwise a script awaiting shutdown with a hung evaluator would exit before its timeout).
    const keepAlive = setInterval(() => undefined, 60_000);
    return Promise.all(
      jobs.map((job) => new Promise<void>((r) => (job.waiters ??= []).push(r))),
    ).then(() => clearInterval(keepAlive));
  }

  private async settleTarget(call: 'forceFlush' | 'shutdown'): Promise<void> {
    try {
      await this.settings.target?.[call]?.();
    } catch (error) {
      diag.error(`genai-telemetry: the evaluation target's ${call} failed`, error);
    }
  }

  /** Evaluators never start inside `stop`: the caller's turn of the event loop stays short. */
  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      if (this.settings.target) this.submitPending();
      else this.pump();
    });
  }

  private pump(): void {
    while (this.running < this.settings.concurrency && this.head < this.pending.length) {
      const job = this.pending[this.head]!;
      if (job.next === 0) freezeCapture(job.invocation);
      const index = job.next++;
      if (job.next === job.evaluators.length) this.dequeue();
      this.running++;
      void this.runOne(job, index);
    }
  }

  private dequeue(): void {
    this.pending[this.head++] = undefined;
    // Compact once the consumed prefix dominates, keeping both push and take O(1) amortised.
    if (this.head > 1024 && this.head * 2 > this.pending.length) {
      this.pending = this.pending.slice(this.head);
      this.head = 0;
    }
  }

  /** Submits are cheap hand-overs: all waiting jobs go at once; maxQueueSize bounds those in flight. */
  private submitPending(): void {
    while (this.head < this.pending.length) {
      const job = this.pending[this.head]!;
      this.dequeue();
      void this.submitOne(job);
    }
  }

  private async submitOne(job: Job): Promise<void> {
    const { scope, evaluators } = job;
    const invocation = freezeCapture(job.invocation);
    const target = this.settings.target!;
    const refusal = await submitJob(
      target,
      { invocation, scope, evaluators },
      this.settings.timeoutMs,
    );
    if (refusal === undefined) this.counters.count('submitted');
    else {
      if (this.counters.totals.submitFailed === 0) {
        diag.error(
          'genai-telemetry: the evaluation target refused a job; such jobs are counted (reported once)',
          refusal,
        );
      }
      this.counters.count('submitFailed');
    }
    this.settle(job);
  }

  private async runOne(job: Job, index: number): Promise<void> {
    const evaluator = job.evaluators[index]!;
    try {
      const { timeoutMs, maxResultsPerCall } = this.settings;
      const outcome = await runEvaluator(evaluator, job.invocation, timeoutMs, maxResultsPerCall);
      this.counters.outcome(outcome.failed ? 'failed' : 'completed', evaluator.name);
      if (outcome.dropped > 0) this.countDroppedResults(evaluator, outcome.dropped);
      job.results[index] = outcome.results;
    } catch (error) {
      // runEvaluator settles every evaluator problem itself; this guards the slot accounting.
      diag.error('genai-telemetry: evaluation failed internally', error);
    } finally {
      this.running--;
      if (--job.remaining === 0) this.finish(job);
      this.pump();
    }
  }

  private countDroppedResults(evaluator: Evaluator, dropped: number): void {
    if (this.counters.totals.resultsDropped === 0) {
      diag.warn(
        `genai-telemetry: evaluator ${evaluator.name} returned more than ${this.settings.maxResultsPerCall} results (maxResultsPerCall); the rest are dropped and counted (reported once)`,
      );
    }
    this.counters.count('resultsDropped', dropped);
  }

  private finish(job: Job): void {
    const results = job.results.flat();
    try {
      if (results.length > 0) this.deliver(job.invocation, results, job.toldScope);
    } catch (error) {
      diag.error('genai-telemetry: delivering evaluation results failed', error);
    }
    this.settle(job);
  }

  private settle(job: Job): void {
    this.outstanding.delete(job);
    for (const resolve of job.waiters ?? []) resolve();
  }
}
