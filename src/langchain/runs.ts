/**
 * Live LangChain runs by `runId`. A run that never ends (an abandoned stream, a crashed graph
 * branch) would otherwise pin its invocation and span forever, so the registry is bounded by count
 * and by age: the oldest runs are evicted when a new one starts, counted, and their invocations
 * failed with `AbandonedRunError` so the span still ends and says why.
 */
import { diag, type Context } from '@opentelemetry/api';
import type { TelemetryHandler } from '../handler.js';
import type { Invocation } from '../types.js';
import type { RunScope } from './active-context.js';

export interface RunEntry {
  /** Undefined for a run we pass through (hidden internals): children attach to `parent`. */
  readonly invocation: Invocation | undefined;
  /** The nearest traced ancestor's invocation. */
  readonly parent: Invocation | undefined;
  readonly handler: TelemetryHandler;
  /** Agent identity in force for this run's subtree (see chains.ts). */
  readonly agentName: string | undefined;
  readonly agentKey: string | undefined;
  /** monotonic ms, for age eviction */
  readonly startedAt: number;
  scope?: RunScope;
  /** The context entered for this run (or its nearest traced ancestor): its children's outer. */
  entered?: Context;
}

export interface RunLimits {
  /** In-flight runs kept at most; the oldest is evicted beyond it. Default 10 000. */
  maxRuns?: number;
  /** A run older than this is evicted when the next run starts. Default 1 hour. */
  maxRunAgeMs?: number;
}

export interface RunStats {
  active: number;
  evictedByCount: number;
  evictedByAge: number;
}

export const DEFAULT_MAX_RUNS = 10_000;
export const DEFAULT_MAX_RUN_AGE_MS = 60 * 60 * 1000;

/** The error an evicted run's invocation is failed with; its class name is the `error.type`. */
export class AbandonedRunError extends Error {
  override name = 'AbandonedRunError';
}

export class RunRegistry {
  private readonly runs = new Map<string, RunEntry>();
  private readonly maxRuns: number;
  private readonly maxAgeMs: number;
  private evictedByCount = 0;
  private evictedByAge = 0;

  constructor(
    limits: RunLimits,
    private readonly endRun: (entry: RunEntry, error?: unknown) => void,
  ) {
    this.maxRuns = positive(limits.maxRuns, DEFAULT_MAX_RUNS);
    this.maxAgeMs = positive(limits.maxRunAgeMs, DEFAULT_MAX_RUN_AGE_MS);
  }

  get(runId: string | undefined): RunEntry | undefined {
    return runId === undefined ? undefined : this.runs.get(runId);
  }

  add(runId: string, entry: RunEntry): void {
    this.evict(entry.startedAt);
    this.runs.set(runId, entry);
  }

  /** Removes and returns the run; undefined when it is unknown or was evicted. */
  take(runId: string): RunEntry | undefined {
    const entry = this.runs.get(runId);
    if (entry) this.runs.delete(runId);
    return entry;
  }

  stats(): RunStats {
    const { evictedByCount, evictedByAge } = this;
    return { active: this.runs.size, evictedByCount, evictedByAge };
  }

  // A Map iterates in insertion order, which is start order: the oldest runs come first, so
  // eviction looks only at the head and costs O(1) per start in the steady state.
  private evict(now: number): void {
    for (const [runId, entry] of this.runs) {
      const tooMany = this.runs.size >= this.maxRuns;
      const tooOld = now - entry.startedAt > this.maxAgeMs;
      if (!tooMany && !tooOld) return;
      this.runs.delete(runId);
      if (tooMany) this.evictedByCount++;
      else this.evictedByAge++;
      if (this.evictedByCount + this.evictedByAge === 1)
        diag.warn(
          'genai-telemetry: a LangChain run never ended and was evicted as abandoned (reported once; see GenAICallbackHandler.stats())',
        );
      const reason = tooMany
        ? `more than ${this.maxRuns} runs in flight`
        : 'older than maxRunAgeMs';
      this.endRun(entry, new AbandonedRunError(`LangChain run ${runId} never ended (${reason})`));
    }
  }
}

function positive(value: number | undefined, fallback: number): number {
  return typeof value === 'number' && value > 0 ? value : fallback;
}
