/**
 * Live LangChain runs by `runId`. A run that never ends (an abandoned stream, a crashed graph
 * branch) would otherwise pin its invocation and span forever, so the registry is bounded by
 * count, by the approximate bytes of what the runs hold, and by age: the oldest runs are evicted
 * when a new one starts, counted, and their invocations failed with `AbandonedRunError` so the
 * span still ends and says why.
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
  readonly parentRunId?: string;
  readonly handler: TelemetryHandler;
  /** Agent identity in force for this run's subtree (see chains.ts). */
  readonly agentName: string | undefined;
  readonly agentKey: string | undefined;
  /** The agent run this run is part of (or is). */
  readonly agent?: Invocation;
  /** monotonic ms, for age eviction */
  readonly startedAt: number;
  /** Approximate bytes the run holds (its retained content plus a fixed share for its state). */
  readonly bytes: number;
  scope?: RunScope;
  /** The context entered for this run (or its nearest traced ancestor): its children's outer. */
  entered?: Context;
  /** monotonic ms of the last streamed chunk, for runs whose response streams */
  lastChunkAt?: number;
  /** Whether the content fields were dropped at start (see retention.ts). */
  contentDropped?: boolean;
  /** A root run with a conversation (thread) id: what a LangGraph resume links to. */
  threadRoot?: boolean;
  /** Set when a run under it was interrupted (pause-resume.ts). */
  paused?: boolean;
}

export interface RunLimits {
  /** In-flight runs kept at most; the oldest is evicted beyond it. Default 10 000. */
  maxRuns?: number;
  /** Approximate bytes in-flight runs may hold; the oldest is evicted beyond it. Default 64 MiB. */
  maxRunBytes?: number;
  /** A run older than this is evicted when the next run starts. Default 1 hour. */
  maxRunAgeMs?: number;
}

export interface RunStats {
  active: number;
  /** Approximate bytes held by the in-flight runs. */
  bytes: number;
  evictedByCount: number;
  evictedByBytes: number;
  evictedByAge: number;
}

export const DEFAULT_MAX_RUNS = 10_000;
export const DEFAULT_MAX_RUN_BYTES = 64 * 2 ** 20;
export const DEFAULT_MAX_RUN_AGE_MS = 60 * 60 * 1000;

/** The error an evicted run's invocation is failed with; its class name is the `error.type`. */
export class AbandonedRunError extends Error {
  override name = 'AbandonedRunError';
}

type Eviction = 'count' | 'bytes' | 'age';

const REASONS: Readonly<Record<Eviction, (registry: RunRegistry) => string>> = {
  count: (r) => `more than ${r.maxRuns} runs in flight`,
  bytes: (r) => `in-flight runs hold more than ${r.maxBytes} bytes`,
  age: () => 'older than maxRunAgeMs',
};

export class RunRegistry {
  private readonly runs = new Map<string, RunEntry>();
  maxRuns = DEFAULT_MAX_RUNS;
  maxBytes = DEFAULT_MAX_RUN_BYTES;
  private maxAgeMs = DEFAULT_MAX_RUN_AGE_MS;
  private bytes = 0;
  private readonly evicted: Record<Eviction, number> = { count: 0, bytes: 0, age: 0 };

  constructor(
    limits: RunLimits,
    private readonly endRun: (entry: RunEntry, error?: unknown) => void,
  ) {
    this.setLimits(limits);
  }

  setLimits(limits: RunLimits): void {
    this.maxRuns = positive(limits.maxRuns, DEFAULT_MAX_RUNS);
    this.maxBytes = positive(limits.maxRunBytes, DEFAULT_MAX_RUN_BYTES);
    this.maxAgeMs = positive(limits.maxRunAgeMs, DEFAULT_MAX_RUN_AGE_MS);
  }

  get(runId: string | undefined): RunEntry | undefined {
    return runId === undefined ? undefined : this.runs.get(runId);
  }

  add(runId: string, entry: RunEntry): void {
    this.evict(entry.startedAt, entry.bytes);
    this.runs.set(runId, entry);
    this.bytes += entry.bytes;
  }

  /** Removes and returns the run; undefined when it is unknown or was evicted. */
  take(runId: string): RunEntry | undefined {
    const entry = this.runs.get(runId);
    if (entry) {
      this.runs.delete(runId);
      this.bytes -= entry.bytes;
    }
    return entry;
  }

  /** The run and its open descendants, deepest first, so children end before their parents. */
  subtree(runId: string): string[] {
    if (!this.runs.has(runId)) return [];
    const depthOf = new Map<string, number>([[runId, 0]]);
    const depth = (id: string): number | undefined => {
      const known = depthOf.get(id);
      if (known !== undefined) return known;
      const up = this.runs.get(id)?.parentRunId;
      const d = up === undefined ? undefined : depth(up);
      if (d !== undefined) depthOf.set(id, d + 1);
      return d === undefined ? undefined : d + 1;
    };
    const ids = [...this.runs.keys()].filter((id) => depth(id) !== undefined);
    return ids.sort((a, b) => depthOf.get(b)! - depthOf.get(a)!);
  }

  entries(): IterableIterator<[string, RunEntry]> {
    return this.runs.entries();
  }

  /** Every run whose entry matches, oldest first. */
  filter(match: (entry: RunEntry) => boolean): string[] {
    const ids: string[] = [];
    for (const [id, entry] of this.runs) if (match(entry)) ids.push(id);
    return ids;
  }

  stats(): RunStats {
    const { count, bytes, age } = this.evicted;
    return {
      active: this.runs.size,
      bytes: this.bytes,
      evictedByCount: count,
      evictedByBytes: bytes,
      evictedByAge: age,
    };
  }

  // A Map iterates in insertion order, which is start order: the oldest runs come first, so
  // eviction looks only at the head and costs O(1) per start in the steady state.
  private evict(now: number, incoming: number): void {
    for (const [runId, entry] of this.runs) {
      const cause: Eviction | undefined =
        this.runs.size >= this.maxRuns
          ? 'count'
          : this.bytes + incoming > this.maxBytes
            ? 'bytes'
            : now - entry.startedAt > this.maxAgeMs
              ? 'age'
              : undefined;
      if (!cause) return;
      this.take(runId);
      if (this.evicted.count + this.evicted.bytes + this.evicted.age === 0)
        diag.warn(
          'genai-telemetry: a LangChain run never ended and was evicted as abandoned (reported once; see GenAICallbackHandler.stats())',
        );
      this.evicted[cause]++;
      const reason = REASONS[cause](this);
      this.endRun(entry, new AbandonedRunError(`LangChain run ${runId} never ended (${reason})`));
    }
  }
}

function positive(value: number | undefined, fallback: number): number {
  return typeof value === 'number' && value > 0 ? value : fallback;
}
