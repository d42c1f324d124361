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
import type { Context } from '@opentelemetry/api';
import type { LlmInvocation, ToolCallInvocation } from '../types.js';
import { agentAnswer, classifyChain } from './chains.js';
import { llmStart } from './llm.js';
import { applyLlmResult } from './llm-result.js';
import { RunLifecycle, type GenAICallbackHandlerOptions } from './run-lifecycle.js';
import type { RunStats } from './runs.js';
import type { ParentInfo, RunInit } from './run-starter.js';
import { applyToolOutput, retrievalStart, retrievedDocuments, toolStart } from './tools.js';

export type { GenAICallbackHandlerOptions } from './run-lifecycle.js';

type Meta = Record<string, unknown>;

export class GenAICallbackHandler extends BaseCallbackHandler {
  override name = 'genai_telemetry_callback_handler';
  // Inline, in the caller's async context: how a root run finds its parent, and why concurrent
  // requests cannot be confused by LangChain's one-at-a-time background queue.
  override awaitHandlers = true;
  /** Cleared by `instrumentLangChain`'s undo: no new runs are traced, running ones still end. */
  enabled = true;
  private readonly lifecycle: RunLifecycle;

  constructor(options: GenAICallbackHandlerOptions = {}) {
    super();
    this.lifecycle = new RunLifecycle(options);
  }

  /** @internal New options for runs started from now on (instrumentLangChain after an undo). */
  reconfigure(options: GenAICallbackHandlerOptions): void {
    this.lifecycle.reconfigure(options);
  }

  /** Runs share this handler's state, so LangChain's copies must be this very instance. */
  override copy(): this {
    return this;
  }

  /** In-flight runs, the bytes they hold, and how many were evicted as abandoned. */
  stats(): RunStats {
    return this.lifecycle.stats();
  }

  /** The OTel context of a live run, for `context.with()` where the active span cannot be set. */
  contextOfRun(runId: string): Context | undefined {
    return this.lifecycle.contextOfRun(runId);
  }

  override handleChatModelStart(
    llm: Serialized,
    messages: BaseMessage[][],
    runId: string,
    parentRunId?: string,
    extraParams?: Meta,
    _tags?: string[],
    metadata?: Meta,
  ): void {
    this.start(runId, parentRunId, metadata, ({ content }) => ({
      invocation: llmStart(llm, { messages: messages[0] ?? [] }, extraParams, metadata, content),
      contentWithheld: !content,
    }));
  }

  override handleLLMStart(
    llm: Serialized,
    prompts: string[],
    runId: string,
    parentRunId?: string,
    extraParams?: Meta,
    _tags?: string[],
    metadata?: Meta,
  ): void {
    this.start(runId, parentRunId, metadata, ({ content }) => ({
      invocation: llmStart(llm, { prompts: prompts.slice(0, 1) }, extraParams, metadata, content),
      contentWithheld: !content,
    }));
  }

  override handleLLMNewToken(_token: string, _idx: unknown, runId: string): void {
    this.lifecycle.chunk(runId);
  }

  override handleLLMEnd(output: LLMResult, runId: string): void {
    this.lifecycle.end('handleLLMEnd', runId, (inv) =>
      applyLlmResult(inv as LlmInvocation, output, runId),
    );
  }

  override handleLLMError(error: unknown, runId: string): void {
    this.lifecycle.fail('handleLLMError', runId, error);
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
    this.lifecycle.notePaused(runId, outputs);
    this.lifecycle.end('handleChainEnd', runId, (inv) => {
      if (inv.kind !== 'agent') return;
      const answer = agentAnswer(outputs);
      if (answer) inv.outputMessages = answer;
    });
  }

  override handleChainError(error: unknown, runId: string): void {
    this.lifecycle.fail('handleChainError', runId, error);
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
    this.start(runId, parentRunId, metadata, ({ content }) => ({
      invocation: toolStart(tool, input, runName, toolCallId, content),
      contentWithheld: !content,
    }));
  }

  override handleToolEnd(output: unknown, runId: string): void {
    this.lifecycle.end('handleToolEnd', runId, (inv) =>
      applyToolOutput(inv as ToolCallInvocation, output),
    );
  }

  override handleToolError(error: unknown, runId: string): void {
    this.lifecycle.fail('handleToolError', runId, error);
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
    this.lifecycle.end('handleRetrieverEnd', runId, (inv) => {
      if (inv.kind === 'retrieval') inv.documents = retrievedDocuments(documents);
    });
  }

  override handleRetrieverError(error: unknown, runId: string): void {
    this.lifecycle.fail('handleRetrieverError', runId, error);
  }

  private start(
    runId: string,
    parentRunId: string | undefined,
    metadata: Meta | undefined,
    describe: (parent: ParentInfo) => RunInit | undefined,
  ): void {
    if (this.enabled) this.lifecycle.start(runId, parentRunId, metadata, describe);
  }
}
