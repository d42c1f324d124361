/**
 * The AI SDK calls in flight, by `callId`. A `streamText` whose consumer stops reading, or never
 * starts, gets no end event at all: its invocations would stay open, and their spans unexported,
 * for the life of the process. So the registry is bounded by count and by age: when a new call
 * starts, the oldest calls beyond `maxCalls`, or older than `maxCallAgeMs`, are evicted, counted,
 * and their invocations failed with `AbandonedCallError`, so their spans end and say why.
 */
import { diag } from '@opentelemetry/api';
import type { Invocation, LlmInvocation, TelemetryHandler, ToolCallInvocation } from '../index.js';
import type { Parameters } from './parameters.js';

/** What the AI SDK lets telemetry see of one call (`telemetry.recordInputs` / `recordOutputs`). */
export interface Recording {
  readonly inputs: boolean;
  readonly outputs: boolean;
}

export interface CallEntry {
  readonly handler: TelemetryHandler;
  /** The call's own invocation: the agent run, the embedding or the rerank. */
  readonly root: Invocation;
  readonly recording: Recording;
  /** Streamed calls (`streamText`, `streamObject`): chunks are observed, `gen_ai.request.stream`. */
  readonly streaming: boolean;
  /** The agent name its model calls and tools carry. */
  readonly agentName: string | undefined;
  /** `generateObject`'s request parameters, which its model-call event does not repeat. */
  readonly objectParameters: Parameters | undefined;
  /** Tool descriptions by name, from the call's tool set. */
  readonly toolDescriptions: ReadonlyMap<string, string> | undefined;
  /** The model call in progress (one at a time: steps are sequential). */
  llm?: LlmInvocation;
  /** Tool executions in progress, by tool call id (a step may run several at once). */
  readonly tools: Map<string, ToolCallInvocation>;
  /** Monotonic ms, for age eviction. */
  readonly startedAt: number;
}

export interface CallLimits {
  /** Calls in flight kept at most; the oldest is evicted beyond it. Default 10 000. */
  maxCalls?: number;
  /** A call older than this is evicted when the next call starts. Default 1 hour. */
  maxCallAgeMs?: number;
}

export interface CallStats {
  active: number;
  evictedByCount: number;
  evictedByAge: number;
}

export const DEFAULT_MAX_CALLS = 10_000;
export const DEFAULT_MAX_CALL_AGE_MS = 60 * 60 * 1000;

/** The error an evicted call's invocations are failed with; its class name is the `error.type`. */
export class AbandonedCallError extends Error {
  override name = 'AbandonedCallError';
}

export class CallRegistry {
  private readonly calls = new Map<string, CallEntry>();
  private readonly maxCalls: number;
  private readonly maxAgeMs: number;
  private evictedByCount = 0;
  private evictedByAge = 0;

  constructor(
    limits: CallLimits,
    private readonly abandon: (entry: CallEntry, error: AbandonedCallError) => void,
  ) {
    this.maxCalls = positive(limits.maxCalls, DEFAULT_MAX_CALLS);
    this.maxAgeMs = positive(limits.maxCallAgeMs, DEFAULT_MAX_CALL_AGE_MS);
  }

  get(callId: string | undefined): CallEntry | undefined {
    return callId === undefined ? undefined : this.calls.get(callId);
  }

  add(callId: string, entry: CallEntry): void {
    this.evict(entry.startedAt);
    this.calls.set(callId, entry);
  }

  /** Removes and returns the call; undefined when it is unknown, ended or evicted. */
  take(callId: string | undefined): CallEntry | undefined {
    const entry = this.get(callId);
    if (entry) this.calls.delete(callId as string);
    return entry;
  }

  stats(): CallStats {
    const { evictedByCount, evictedByAge } = this;
    return { active: this.calls.size, evictedByCount, evictedByAge };
  }

  // Insertion order is start order: only the head is ever looked at, O(1) per start when steady.
  private evict(now: number): void {
    for (const [callId, entry] of this.calls) {
      const tooMany = this.calls.size >= this.maxCalls;
      if (!tooMany && now - entry.startedAt <= this.maxAgeMs) return;
      this.calls.delete(callId);
      if (tooMany) this.evictedByCount++;
      else this.evictedByAge++;
      if (this.evictedByCount + this.evictedByAge === 1)
        diag.warn(
          'genai-telemetry: an AI SDK call never ended (a stream nobody read to its end?) and was evicted as abandoned (reported once; see GenAITelemetry.stats())',
        );
      const reason = tooMany
        ? `more than ${this.maxCalls} calls in flight`
        : 'older than maxCallAgeMs';
      this.abandon(entry, new AbandonedCallError(`AI SDK call ${callId} never ended (${reason})`));
    }
  }
}

function positive(value: number | undefined, fallback: number): number {
  return typeof value === 'number' && value > 0 ? value : fallback;
}
