/**
 * Runs LangChain will never report the end of, ended by us with a cancellation outcome (status
 * unset, `genai_telemetry.cancellation.reason` saying why), never as errors:
 * - a stream whose consumer broke off, threw into it, cancelled it or aborted it (see
 *   stream-watch.ts): the stream's root run and its open descendants, at once;
 * - on the telemetry handler's `forceFlush()`: run trees in which no run started and no chunk
 *   streamed for `heldRunIdleMs` (a consumer that silently stopped reading, without closing the
 *   stream: nothing tells that apart from a slow one but time. LangChain reports a chunk only
 *   after the consumer took it, so a stream left after its first chunk may show none);
 * - on its `shutdown()`: every run still in flight.
 * The flush hook is one completion subscriber per telemetry handler, holding the callback handlers
 * weakly, so that handlers made per request do not accumulate.
 */
import type { TelemetryHandler } from '../handler.js';
import type { RunRegistry } from './runs.js';
import type { RunStarter } from './run-starter.js';
import type { CancelReason } from './stream-watch.js';

export const DEFAULT_HELD_RUN_IDLE_MS = 5 * 60_000;

export class HeldRuns {
  constructor(
    private readonly runs: RunRegistry,
    private readonly starter: RunStarter,
    private readonly idleMs: number,
  ) {}

  /** Ends the run and its open descendants, deepest first. */
  cancel(runId: string, reason: CancelReason): void {
    for (const id of this.runs.subtree(runId)) {
      const entry = this.runs.take(id);
      if (entry) this.starter.cancel(entry, reason);
    }
  }

  /** Ends the run trees in which nothing started or streamed for `idleMs`. */
  endIdle(now = performance.now()): void {
    const lastActivity = new Map<string, number>();
    for (const [id, entry] of this.runs.entries()) {
      const root = this.rootOf(id);
      const at = Math.max(entry.lastChunkAt ?? entry.startedAt, lastActivity.get(root) ?? 0);
      lastActivity.set(root, at);
    }
    for (const [root, at] of lastActivity) if (now - at >= this.idleMs) this.cancel(root, 'idle');
  }

  endAll(reason: CancelReason): void {
    for (const id of this.runs.filter((e) => !this.runs.get(e.parentRunId)))
      this.cancel(id, reason);
  }

  private rootOf(runId: string): string {
    let id = runId;
    for (let up = this.runs.get(id)?.parentRunId; up && this.runs.get(up);) {
      id = up;
      up = this.runs.get(id)?.parentRunId;
    }
    return id;
  }
}

interface Flushable {
  heldRuns(): HeldRuns;
}

const subscribed = new WeakMap<TelemetryHandler, Set<WeakRef<Flushable>>>();
const collected = new FinalizationRegistry<() => void>((forget) => forget());

/** Makes `handler.forceFlush()` / `shutdown()` end the held runs of `owner`; once per pair. */
export function endHeldRunsOnFlush(handler: TelemetryHandler, owner: Flushable): void {
  let owners = subscribed.get(handler);
  if (!owners) {
    const set = (owners = new Set());
    subscribed.set(handler, set);
    const each = (end: (held: HeldRuns) => void) => {
      for (const ref of set) {
        const live = ref.deref();
        if (live) end(live.heldRuns());
        else set.delete(ref);
      }
    };
    // Synchronous before the first await: the handler still accepts the stops then.
    handler.onCompletion({
      onCompletion() {},
      forceFlush: () => Promise.resolve(each((held) => held.endIdle())),
      shutdown: () => Promise.resolve(each((held) => held.endAll('shutdown'))),
    });
  }
  const ref = new WeakRef(owner);
  owners.add(ref);
  const set = owners;
  collected.register(owner, () => set.delete(ref));
}
