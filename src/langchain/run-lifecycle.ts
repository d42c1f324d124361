/**
 * The lifecycle of LangChain runs behind a GenAICallbackHandler: the registry, starting and
 * ending (with LangGraph's control flow, cancellations and interrupts told apart), the held runs
 * ended when their stream's consumer stops or on the telemetry handler's flush, and the options
 * that can change when `instrumentLangChain` registers again. Every entry point is guarded:
 * nothing here throws into the chain.
 */
import { diag, type Context } from '@opentelemetry/api';
import { getTelemetryHandler } from '../global.js';
import type { TelemetryHandler } from '../handler.js';
import type { Invocation } from '../types.js';
import { PACKAGE_NAME, PACKAGE_VERSION } from '../version.js';
import { warmUp } from './active-context.js';
import { isCancellation, isControlFlow, isInterrupt } from './control-flow.js';
import { DEFAULT_HELD_RUN_IDLE_MS, endHeldRunsOnFlush, HeldRuns } from './held-runs.js';
import { RunRegistry, type RunLimits, type RunStats } from './runs.js';
import { RunStarter, type ParentInfo, type RunInit } from './run-starter.js';
import { onStreamEnd, watchLangChainStreams, type CancelReason } from './stream-watch.js';
import type { Loose } from './values.js';

export interface GenAICallbackHandlerOptions extends RunLimits {
  /** Where the telemetry goes; defaults to the process-wide `getTelemetryHandler()`. */
  handler?: TelemetryHandler;
  /**
   * On the telemetry handler's `forceFlush()`, a run tree in which no run started and no chunk
   * streamed for this long is taken as abandoned (a stream its consumer left) and ended as
   * cancelled. Default 300 000 (5 minutes).
   */
  heldRunIdleMs?: number;
}

const LANGCHAIN_SCOPE = { name: `${PACKAGE_NAME}/langchain`, version: PACKAGE_VERSION };

/** Per telemetry handler, the one its LangChain runs go to: looked up once, not per run. */
const attributed = new WeakMap<TelemetryHandler, TelemetryHandler>();

/**
 * LangChain runs are attributed to this integration's instrumentation scope, unless the handler
 * was given a scope of its own; everything else is the handler's (see `forScope`).
 */
function attributedToLangChain(handler: TelemetryHandler): TelemetryHandler {
  let target = attributed.get(handler);
  if (!target) {
    target =
      handler.config.scope.name === PACKAGE_NAME ? handler.forScope(LANGCHAIN_SCOPE) : handler;
    attributed.set(handler, target);
  }
  return target;
}

export class RunLifecycle {
  private readonly runs: RunRegistry;
  private readonly starter: RunStarter;
  private held!: HeldRuns;
  private target: TelemetryHandler | undefined;
  private readonly flushHooked = new WeakSet<TelemetryHandler>();

  constructor(options: GenAICallbackHandlerOptions) {
    warmUp();
    this.runs = new RunRegistry(options, (entry, error) => this.starter.end(entry, true, error));
    this.starter = new RunStarter(this.runs, () =>
      attributedToLangChain(this.target ?? getTelemetryHandler()),
    );
    this.reconfigure(options);
    // Streams are watched wherever a handler exists, so a handler passed per run hears of a
    // consumer that broke off too; only a consumer that silently stops reading waits for a flush.
    watchLangChainStreams();
    onStreamEnd(this);
  }

  /** New options for runs started from now on; runs in flight keep their telemetry handler. */
  reconfigure(options: GenAICallbackHandlerOptions): void {
    this.target = options.handler;
    this.runs.setLimits(options);
    const idle = options.heldRunIdleMs;
    const idleMs = typeof idle === 'number' && idle >= 0 ? idle : DEFAULT_HELD_RUN_IDLE_MS;
    this.held = new HeldRuns(this.runs, this.starter, idleMs);
  }

  /** A watched stream's consumer stopped or aborted (stream-watch.ts). */
  streamEnded(rootRunId: string, reason: CancelReason): void {
    this.guard('streamEnded', () => this.held.cancel(rootRunId, reason));
  }

  /** For the flush hook (held-runs.ts). */
  heldRuns(): HeldRuns {
    return this.held;
  }

  stats(): RunStats {
    return this.runs.stats();
  }

  contextOfRun(runId: string): Context | undefined {
    const entry = this.runs.get(runId);
    const invocation = entry?.invocation ?? entry?.parent;
    return entry && invocation ? entry.handler.contextOf(invocation) : undefined;
  }

  chunk(runId: string): void {
    this.guard('handleLLMNewToken', () => {
      const entry = this.runs.get(runId);
      if (!entry?.invocation) return;
      entry.lastChunkAt = performance.now();
      entry.handler.recordChunk(entry.invocation);
    });
  }

  /** A graph interrupted by `interrupt()` returns normally, its answer carrying the interrupt. */
  notePaused(runId: string, outputs: unknown): void {
    const entry = this.runs.get(runId);
    if (entry && typeof outputs === 'object' && outputs !== null && '__interrupt__' in outputs)
      entry.paused = true;
  }

  start(
    runId: string,
    parentRunId: string | undefined,
    metadata: Loose | undefined,
    describe: (parent: ParentInfo) => RunInit | undefined,
  ): void {
    this.guard('start', () => {
      const handler = this.starter.start(runId, parentRunId, metadata, describe);
      if (!this.flushHooked.has(handler)) {
        this.flushHooked.add(handler);
        endHeldRunsOnFlush(handler, this);
      }
    });
  }
  end(callback: string, runId: string, apply?: (invocation: Invocation) => void): void {
    this.guard(callback, () => {
      const entry = this.runs.take(runId);
      if (!entry) return;
      if (apply && entry.invocation) {
        try {
          apply(entry.invocation);
        } catch (err) {
          diag.error(`genai-telemetry: reading LangChain's ${callback} output failed`, err);
        }
      }
      this.starter.end(entry, false);
    });
  }

  /**
   * LangGraph's control flow (interrupts, bubbling commands) travels as errors but ends a run
   * normally; an abort is a cancellation, not a failure.
   */
  fail(callback: string, runId: string, error: unknown): void {
    this.guard(callback, () => {
      const entry = this.runs.take(runId);
      if (!entry) return;
      if (isCancellation(error)) return this.starter.cancel(entry, 'aborted');
      if (isInterrupt(error)) this.starter.pauseRoot(entry);
      this.starter.end(entry, !isControlFlow(error), error);
    });
  }

  private guard(callback: string, body: () => void): void {
    try {
      body();
    } catch (err) {
      diag.error(`genai-telemetry: the LangChain ${callback} callback failed internally`, err);
    }
  }
}
