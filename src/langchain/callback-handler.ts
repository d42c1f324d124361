/**
 * GenAICallbackHandler: LangChain callbacks to invocations, one per run, keyed by `runId`. Every
 * nested run's parent is the invocation of its `parentRunId`; only a root run reads the active
 * OTel context, which is the caller's because `awaitHandlers = true` makes LangChain call this
 * handler inline rather than from its background queue. Every callback is guarded: nothing here
 * throws into the chain.
 */
import { BaseCallbackHandler } from '@langchain/core/callbacks/base';
import type { DocumentInterface } from '@langchain/core/documents';
import type { Serialized } from '@langchain/core/load/serializable';
import type { BaseMessage } from '@langchain/core/messages';
import type { LLMResult } from '@langchain/core/outputs';
import type { ChainValues } from '@langchain/core/utils/types';
import { diag, type Context } from '@opentelemetry/api';
import { getTelemetryHandler } from '../global.js';
import { PACKAGE_NAME, PACKAGE_VERSION } from '../version.js';
import type { TelemetryHandler } from '../handler.js';
import type { Invocation, LlmInvocation, ToolCallInvocation } from '../types.js';
import { warmUp } from './active-context.js';
import { agentAnswer, classifyChain } from './chains.js';
import { isCancellation, isControlFlow } from './control-flow.js';
import { DEFAULT_HELD_RUN_IDLE_MS, endHeldRunsOnFlush, HeldRuns } from './held-runs.js';
import { llmStart } from './llm.js';
import { applyLlmResult } from './llm-result.js';
import { RunRegistry, type RunLimits, type RunStats } from './runs.js';
import { RunStarter, type ParentInfo, type RunInit } from './run-starter.js';
import { onStreamEnd, type CancelReason } from './stream-watch.js';
import { applyToolOutput, retrievalStart, retrievedDocuments, toolStart } from './tools.js';

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

type Meta = Record<string, unknown>;

const LANGCHAIN_SCOPE = { name: `${PACKAGE_NAME}/langchain`, version: PACKAGE_VERSION };

/**
 * LangChain runs are attributed to this integration's instrumentation scope, unless the handler
 * was given a scope of its own; everything else is the handler's (see `forScope`).
 */
function attributedToLangChain(handler: TelemetryHandler): TelemetryHandler {
  return handler.config.scope.name === PACKAGE_NAME ? handler.forScope(LANGCHAIN_SCOPE) : handler;
}

export class GenAICallbackHandler extends BaseCallbackHandler {
  override name = 'genai_telemetry_callback_handler';
  // Inline, in the caller's async context: how a root run finds its parent, and why concurrent
  // requests cannot be confused by LangChain's one-at-a-time background queue.
  override awaitHandlers = true;
  /** Cleared by `instrumentLangChain`'s undo: no new runs are traced, running ones still end. */
  enabled = true;
  private readonly runs: RunRegistry;
  private readonly starter: RunStarter;
  private held!: HeldRuns;
  private target: TelemetryHandler | undefined;
  private readonly flushHooked = new WeakSet<TelemetryHandler>();

  constructor(options: GenAICallbackHandlerOptions = {}) {
    super();
    warmUp();
    this.runs = new RunRegistry(options, (entry, error) => this.starter.end(entry, true, error));
    this.starter = new RunStarter(this.runs, () =>
      attributedToLangChain(this.target ?? getTelemetryHandler()),
    );
    this.reconfigure(options);
    onStreamEnd(this);
  }

  /**
   * @internal New options for runs started from now on (instrumentLangChain after an undo);
   * runs in flight keep the telemetry handler they started with.
   */
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

  /** @internal For the flush hook (held-runs.ts). */
  heldRuns(): HeldRuns {
    return this.held;
  }

  /** Runs share this handler's state, so LangChain's copies must be this very instance. */
  override copy(): this {
    return this;
  }

  /** In-flight runs and how many were evicted as abandoned. */
  stats(): RunStats {
    return this.runs.stats();
  }

  /** The OTel context of a live run, for `context.with()` where the active span cannot be set. */
  contextOfRun(runId: string): Context | undefined {
    const entry = this.runs.get(runId);
    const invocation = entry?.invocation ?? entry?.parent;
    return entry && invocation ? entry.handler.contextOf(invocation) : undefined;
  }

  override handleChatModelStart(
    _llm: Serialized,
    messages: BaseMessage[][],
    runId: string,
    parentRunId?: string,
    extraParams?: Meta,
    _tags?: string[],
    metadata?: Meta,
  ): void {
    this.start(runId, parentRunId, metadata, () => ({
      invocation: llmStart({ messages: messages[0] ?? [] }, extraParams, metadata),
    }));
  }

  override handleLLMStart(
    _llm: Serialized,
    prompts: string[],
    runId: string,
    parentRunId?: string,
    extraParams?: Meta,
    _tags?: string[],
    metadata?: Meta,
  ): void {
    this.start(runId, parentRunId, metadata, () => ({
      invocation: llmStart({ prompts: prompts.slice(0, 1) }, extraParams, metadata),
    }));
  }

  override handleLLMNewToken(_token: string, _idx: unknown, runId: string): void {
    this.guard('handleLLMNewToken', () => {
      const entry = this.runs.get(runId);
      if (!entry?.invocation) return;
      entry.lastChunkAt = performance.now();
      entry.handler.recordChunk(entry.invocation);
    });
  }

  override handleLLMEnd(output: LLMResult, runId: string): void {
    this.end('handleLLMEnd', runId, (inv) => applyLlmResult(inv as LlmInvocation, output, runId));
  }

  override handleLLMError(error: unknown, runId: string): void {
    this.fail('handleLLMError', runId, error);
  }

  // @langchain/core 1.x declares (chain, inputs, runId, runType, tags, metadata, runName,
  // parentRunId) but its CallbackManager calls (chain, inputs, runId, parentRunId, tags, metadata,
  // runType, runName): the parameters are named by the run-time order, which a contract test pins.
  override handleChainStart(
    chain: Serialized,
    inputs: ChainValues,
    runId: string,
    parentRunId?: string,
    tags?: string[],
    metadata?: Meta,
    _runType?: string,
    runName?: string,
  ): void {
    this.start(runId, parentRunId, metadata, (parent) =>
      classifyChain(chain, inputs, runName, tags, metadata, parent),
    );
  }

  override handleChainEnd(outputs: ChainValues, runId: string): void {
    this.end('handleChainEnd', runId, (inv) => {
      if (inv.kind !== 'agent') return;
      const answer = agentAnswer(outputs);
      if (answer) inv.outputMessages = answer;
    });
  }

  override handleChainError(error: unknown, runId: string): void {
    this.fail('handleChainError', runId, error);
  }

  override handleToolStart(
    tool: Serialized,
    input: string,
    runId: string,
    parentRunId?: string,
    _tags?: string[],
    metadata?: Meta,
    runName?: string,
    toolCallId?: string,
  ): void {
    this.start(runId, parentRunId, metadata, () => ({
      invocation: toolStart(tool, input, runName, toolCallId),
    }));
  }

  override handleToolEnd(output: unknown, runId: string): void {
    this.end('handleToolEnd', runId, (inv) => applyToolOutput(inv as ToolCallInvocation, output));
  }

  override handleToolError(error: unknown, runId: string): void {
    this.fail('handleToolError', runId, error);
  }

  override handleRetrieverStart(
    retriever: Serialized,
    query: string,
    runId: string,
    parentRunId?: string,
    _tags?: string[],
    metadata?: Meta,
    name?: string,
  ): void {
    this.start(runId, parentRunId, metadata, () => ({
      invocation: retrievalStart(retriever, query, name, metadata),
    }));
  }

  override handleRetrieverEnd(documents: DocumentInterface[], runId: string): void {
    this.end('handleRetrieverEnd', runId, (inv) => {
      if (inv.kind === 'retrieval') inv.documents = retrievedDocuments(documents);
    });
  }

  override handleRetrieverError(error: unknown, runId: string): void {
    this.fail('handleRetrieverError', runId, error);
  }

  // ---- plumbing ----

  private start(
    runId: string,
    parentRunId: string | undefined,
    metadata: Meta | undefined,
    describe: (parent: ParentInfo) => RunInit | undefined,
  ): void {
    if (!this.enabled) return;
    this.guard('start', () => {
      this.starter.start(runId, parentRunId, metadata, describe);
      const handler = this.runs.get(runId)?.handler;
      if (handler && !this.flushHooked.has(handler)) {
        this.flushHooked.add(handler);
        endHeldRunsOnFlush(handler, this);
      }
    });
  }

  private end(callback: string, runId: string, apply?: (invocation: Invocation) => void): void {
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
  private fail(callback: string, runId: string, error: unknown): void {
    this.guard(callback, () => {
      const entry = this.runs.take(runId);
      if (!entry) return;
      if (isCancellation(error)) this.starter.cancel(entry, 'aborted');
      else this.starter.end(entry, !isControlFlow(error), error);
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
