/**
 * GenAITelemetry: an AI SDK v7 `Telemetry` integration that turns every AI SDK call into
 * invocations of a `TelemetryHandler`. A call (`callId`) is an agent run (`generateText`,
 * `streamText`, `ToolLoopAgent`, `generateObject`), an embedding or a rerank; inside a run each
 * model call is an `llm` invocation and each tool execution a `tool_call`, children of the run.
 * The run's own parent is the context active where the AI SDK was called. Every hook is guarded:
 * nothing here throws into the AI SDK, whatever the events hold.
 */
import { context, diag } from '@opentelemetry/api';
import type {
  EmbeddingModelCallEndEvent,
  GenerateObjectStepEndEvent,
  GenerateObjectStepStartEvent,
  GenerateTextAbortEvent,
  GenerateTextStepErrorEvent,
  InferTelemetryEvent,
  LanguageModelCallEndEvent,
  LanguageModelCallStartEvent,
  RerankEndEvent,
  Telemetry,
  ToolExecutionEndEvent,
  ToolExecutionStartEvent,
} from 'ai';
import { getTelemetryHandler, type Invocation, type TelemetryHandler } from '../index.js';
import { PACKAGE_NAME, PACKAGE_VERSION } from '../version.js';
import { CallRegistry, type CallEntry, type CallLimits, type CallStats } from './calls.js';
import { observeChunks } from './chunks.js';
import { cancellation, isAbort, otherError } from './outcomes.js';
import {
  applyAgentEnd,
  applyEmbedCallEnd,
  applyModelCallEnd,
  applyObjectStepEnd,
  applyRerankEnd,
} from './results.js';
import {
  llmStart,
  objectLlmStart,
  objectParameters,
  rootInvocation,
  STREAMING_OPERATIONS,
  toolDescriptions,
  toolStart,
} from './starts.js';

export interface GenAITelemetryOptions extends CallLimits {
  /** Where the telemetry goes; defaults to the process-wide `getTelemetryHandler()`, per call. */
  handler?: TelemetryHandler;
}

interface StartEvent {
  callId: string;
  operationId: string;
  provider: string;
  modelId: string;
  tools?: unknown;
  recordInputs?: boolean;
  recordOutputs?: boolean;
  functionId?: string;
}

type Execute<T> = { callId: string; execute: () => PromiseLike<T> };

const AI_SDK_SCOPE = { name: `${PACKAGE_NAME}/ai-sdk`, version: PACKAGE_VERSION };

/** Attributed to this integration's scope, unless the handler was given a scope of its own. */
function attributedToAiSdk(handler: TelemetryHandler): TelemetryHandler {
  return handler.config?.scope?.name === PACKAGE_NAME ? handler.forScope(AI_SDK_SCOPE) : handler;
}

export class GenAITelemetry implements Telemetry {
  private readonly calls: CallRegistry;
  private readonly explicit: TelemetryHandler | undefined;

  constructor(options: GenAITelemetryOptions = {}) {
    this.explicit = options.handler;
    this.calls = new CallRegistry(options, (entry, error) => this.endCall(entry, { error }));
  }

  /** Calls in flight and how many were evicted as abandoned. */
  stats(): CallStats {
    return this.calls.stats();
  }

  onStart(event: InferTelemetryEvent<StartEvent>): void {
    this.guard('onStart', () => {
      const recording = {
        inputs: event.recordInputs !== false,
        outputs: event.recordOutputs !== false,
      };
      const root = rootInvocation(event, recording);
      if (!root) return;
      const handler = attributedToAiSdk(this.explicit ?? getTelemetryHandler());
      handler.start(root);
      this.calls.add(event.callId, {
        handler,
        root,
        recording,
        streaming: STREAMING_OPERATIONS.has(event.operationId),
        agentName: root.kind === 'agent' ? root.name : undefined,
        objectParameters: objectParameters(event),
        toolDescriptions: toolDescriptions(event.tools),
        tools: new Map(),
        startedAt: performance.now(),
      });
    });
  }

  onLanguageModelCallStart(event: InferTelemetryEvent<LanguageModelCallStartEvent>): void {
    this.guard('onLanguageModelCallStart', () => {
      const entry = this.calls.get(event.callId);
      if (entry?.root.kind === 'agent') this.startModelCall(entry, llmStart(entry, event));
    });
  }

  onObjectStepStart(event: InferTelemetryEvent<GenerateObjectStepStartEvent>): void {
    this.guard('onObjectStepStart', () => {
      const entry = this.calls.get(event.callId);
      if (entry?.root.kind === 'agent')
        this.startModelCall(entry, objectLlmStart(entry, event, entry.objectParameters ?? {}));
    });
  }

  onLanguageModelCallEnd(event: InferTelemetryEvent<LanguageModelCallEndEvent>): void {
    this.endModelCall('onLanguageModelCallEnd', event.callId, event.finishReason, (llm, entry) =>
      applyModelCallEnd(llm, event, entry.recording),
    );
  }

  onObjectStepEnd(event: InferTelemetryEvent<GenerateObjectStepEndEvent>): void {
    this.endModelCall('onObjectStepEnd', event.callId, event.finishReason, (llm, entry) =>
      applyObjectStepEnd(llm, event, entry.recording),
    );
  }

  /** A step that failed before it produced a result: its model call fails (the call ends in onError). */
  onStepError(event: InferTelemetryEvent<GenerateTextStepErrorEvent>): void {
    this.guard('onStepError', () => {
      const entry = this.calls.get(event.callId);
      const llm = entry?.llm;
      if (!entry || !llm) return;
      entry.llm = undefined;
      entry.handler.fail(llm, isAbort(event.error) ? cancellation() : event.error);
    });
  }

  onToolExecutionStart(event: InferTelemetryEvent<ToolExecutionStartEvent>): void {
    this.guard('onToolExecutionStart', () => {
      const entry = this.calls.get(event.callId);
      if (!entry || entry.root.kind !== 'agent') return;
      const tool = entry.handler.start(toolStart(entry, event), { parent: entry.root });
      entry.tools.set(event.toolCall.toolCallId, tool);
    });
  }

  onToolExecutionEnd(event: InferTelemetryEvent<ToolExecutionEndEvent>): void {
    this.guard('onToolExecutionEnd', () => {
      const entry = this.calls.get(event.callId);
      const id = event.toolCall.toolCallId;
      const tool = entry?.tools.get(id);
      if (!entry || !tool) return;
      entry.tools.delete(id);
      const { toolOutput } = event;
      if (toolOutput.type === 'tool-error') return void entry.handler.fail(tool, toolOutput.error);
      if (entry.recording.outputs && toolOutput.output !== undefined)
        tool.result = toolOutput.output;
      entry.handler.stop(tool);
    });
  }

  onEmbedEnd(event: InferTelemetryEvent<EmbeddingModelCallEndEvent>): void {
    this.guard('onEmbedEnd', () => {
      const root = this.calls.get(event.callId)?.root;
      if (root?.kind === 'embedding') applyEmbedCallEnd(root, event);
    });
  }

  onRerankEnd(): void {
    // The rerank operation's own end (onEnd) carries the ranking with the documents' indexes.
  }

  onEnd(event: InferTelemetryEvent<{ callId: string }>): void {
    this.guard('onEnd', () => {
      const entry = this.calls.take(event.callId);
      if (!entry) return;
      const { root, recording } = entry;
      if (root.kind === 'agent') applyAgentEnd(root, event, recording);
      else if (root.kind === 'retrieval')
        applyRerankEnd(root, event as unknown as RerankEndEvent, recording);
      const finish = (event as { finishReason?: unknown }).finishReason;
      this.endCall(
        entry,
        finish === 'error' ? { error: otherError('the run finished with reason "error"') } : {},
      );
    });
  }

  /** The caller aborted a stream: what was cut off fails as cancelled, the run itself ends normally. */
  onAbort(event: InferTelemetryEvent<GenerateTextAbortEvent>): void {
    this.guard('onAbort', () => {
      const entry = this.calls.take(event.callId);
      if (entry) this.endCall(entry, { cancelled: true });
    });
  }

  onError(event: unknown): void {
    this.guard('onError', () => {
      const { callId, error } = (event ?? {}) as { callId?: string; error?: unknown };
      const entry = this.calls.take(callId);
      if (entry) this.endCall(entry, isAbort(error) ? { cancelled: true } : { error });
    });
  }

  /** The chat span is active around the provider call, so its HTTP client span nests under it. */
  executeLanguageModelCall<T>({ callId, execute }: Execute<T>): PromiseLike<T> {
    const entry = this.calls.get(callId);
    const llm = entry?.llm;
    const runContext = llm && this.contextOf(entry, llm);
    if (!entry || !llm || !runContext) return execute();
    const { handler } = entry;
    const run = entry.streaming
      ? () => Promise.resolve(execute()).then((result) => this.observe(result, handler, llm))
      : execute;
    return context.with(runContext, run);
  }

  /** The tool span is active around `execute`, so the tool's own spans (and AI SDK calls) nest under it. */
  executeTool<T>({
    callId,
    toolCallId,
    execute,
  }: Execute<T> & { toolCallId: string }): PromiseLike<T> {
    const entry = this.calls.get(callId);
    const tool = entry?.tools.get(toolCallId);
    const runContext = tool && this.contextOf(entry, tool);
    return runContext ? context.with(runContext, execute) : execute();
  }

  // ---- plumbing ----

  private startModelCall(entry: CallEntry, llm: CallEntry['llm'] & object): void {
    // A retried attempt may start before the failed one was reported as ended.
    if (entry.llm) entry.handler.fail(entry.llm, otherError('superseded by another attempt'));
    entry.llm = entry.handler.start(llm, { parent: entry.root });
  }

  private endModelCall(
    hook: string,
    callId: string,
    finishReason: unknown,
    apply: (llm: NonNullable<CallEntry['llm']>, entry: CallEntry) => void,
  ): void {
    this.guard(hook, () => {
      const entry = this.calls.get(callId);
      const llm = entry?.llm;
      if (!entry || !llm) return;
      entry.llm = undefined;
      try {
        apply(llm, entry);
      } catch (err) {
        diag.error(`genai-telemetry: reading the AI SDK's ${hook} event failed`, err);
      }
      if (finishReason === 'error')
        entry.handler.fail(llm, otherError('the model call finished with reason "error"'));
      else entry.handler.stop(llm);
    });
  }

  /**
   * Ends a call and whatever of it is still open: cut-off model calls and tools fail (with the
   * call's error, or as cancelled); the call's own invocation fails with its error, or ends
   * normally when it was cancelled or completed.
   */
  private endCall(entry: CallEntry, outcome: { error?: unknown; cancelled?: boolean }): void {
    const { handler } = entry;
    const failed = 'error' in outcome;
    const childError = failed ? outcome.error : cancellation();
    const open: Invocation[] = [...entry.tools.values()];
    if (entry.llm) open.push(entry.llm);
    entry.llm = undefined;
    entry.tools.clear();
    if (failed || outcome.cancelled) for (const child of open) handler.fail(child, childError);
    else for (const child of open) handler.stop(child);
    if (failed) handler.fail(entry.root, outcome.error);
    else handler.stop(entry.root);
  }

  private observe<T>(result: T, handler: TelemetryHandler, llm: Invocation): T {
    try {
      return observeChunks(result, () => handler.recordChunk(llm));
    } catch (err) {
      diag.error(
        'genai-telemetry: observing the AI SDK model stream failed; it goes on unobserved',
        err,
      );
      return result;
    }
  }

  private contextOf(entry: CallEntry | undefined, invocation: Invocation) {
    try {
      return entry?.handler.contextOf(invocation);
    } catch (err) {
      diag.error("genai-telemetry: no context for the AI SDK call; it runs in the caller's", err);
      return undefined;
    }
  }

  private guard(hook: string, body: () => void): void {
    try {
      body();
    } catch (err) {
      diag.error(`genai-telemetry: the AI SDK ${hook} hook failed internally`, err);
    }
  }
}
