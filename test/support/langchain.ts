/**
 * Real LangChain classes without a network: a BaseChatModel subclass that answers from a script
 * (text, tool calls, usage metadata, token streaming, failures), plus helpers that read the
 * exported span tree, and a LangGraph checkpoint store that survives the process (a file).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { Annotation, END, interrupt, MemorySaver, START, StateGraph } from '@langchain/langgraph';
import type { BaseCheckpointSaver } from '@langchain/langgraph-checkpoint';
import { context, SpanStatusCode, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import type { CallbackManagerForLLMRun } from '@langchain/core/callbacks/manager';
import {
  BaseChatModel,
  type BaseChatModelCallOptions,
} from '@langchain/core/language_models/chat_models';
import { AIMessage, AIMessageChunk, type BaseMessage } from '@langchain/core/messages';
import { ChatGenerationChunk, type ChatResult } from '@langchain/core/outputs';
import { convertToOpenAITool } from '@langchain/core/utils/function_calling';
import type { StructuredToolInterface } from '@langchain/core/tools';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';

export interface ScriptedTurn {
  content?: string;
  toolCalls?: Array<{ id: string; name: string; args: Record<string, unknown> }>;
  usage?: { input: number; output: number; cacheRead?: number };
  error?: Error;
  /** Runs inside the model's request, where the model span must be the active span. */
  during?: () => void | Promise<void>;
}

export type Script = (messages: BaseMessage[]) => ScriptedTurn;

interface ScriptedCallOptions extends BaseChatModelCallOptions {
  tools?: unknown[];
}

let responses = 0;

export class ScriptedChatModel extends BaseChatModel<ScriptedCallOptions> {
  constructor(private readonly script: Script) {
    super({});
  }

  _llmType(): string {
    return 'scripted';
  }

  override getLsParams(options: this['ParsedCallOptions']) {
    return {
      ls_provider: 'openai',
      ls_model_name: 'gpt-4o-mini',
      ls_model_type: 'chat' as const,
      ls_temperature: 0.2,
      ls_max_tokens: 256,
      ls_stop: options.stop,
    };
  }

  override invocationParams(options?: this['ParsedCallOptions']) {
    return { model: 'gpt-4o-mini', temperature: 0.2, top_p: 0.9, tools: options?.tools };
  }

  override bindTools(tools: StructuredToolInterface[]) {
    return this.withConfig({ tools: tools.map((t) => convertToOpenAITool(t)) });
  }

  private fields(turn: ScriptedTurn) {
    return {
      content: turn.content ?? '',
      id: `chatcmpl-${++responses}`,
      tool_calls: turn.toolCalls?.map((c) => ({ ...c, type: 'tool_call' as const })),
      usage_metadata: turn.usage && {
        input_tokens: turn.usage.input,
        output_tokens: turn.usage.output,
        total_tokens: turn.usage.input + turn.usage.output,
        input_token_details: { cache_read: turn.usage.cacheRead ?? 0 },
      },
      response_metadata: {
        model_name: 'gpt-4o-mini-2024-07-18',
        finish_reason: turn.toolCalls ? 'tool_calls' : 'stop',
      },
    };
  }

  async _generate(messages: BaseMessage[]): Promise<ChatResult> {
    const turn = this.script(messages);
    await turn.during?.();
    if (turn.error) throw turn.error;
    const message = new AIMessage(this.fields(turn));
    return { generations: [{ text: turn.content ?? '', message }] };
  }

  override async *_streamResponseChunks(
    messages: BaseMessage[],
    _options: this['ParsedCallOptions'],
    runManager?: CallbackManagerForLLMRun,
  ): AsyncGenerator<ChatGenerationChunk> {
    const turn = this.script(messages);
    await turn.during?.();
    if (turn.error) throw turn.error;
    const words = (turn.content ?? '').split(/(?<= )/);
    for (const [i, word] of words.entries()) {
      const last = i === words.length - 1;
      const message = last
        ? new AIMessageChunk(this.fields({ ...turn, content: word }))
        : new AIMessageChunk({ content: word });
      yield new ChatGenerationChunk({ text: word, message });
      await runManager?.handleLLMNewToken(word);
    }
  }
}

/** The ALS context manager, as a Node.js application using the SDK registers it. */
export function useAsyncLocalStorageContext(): void {
  context.disable();
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
}

export const activeSpanId = (): string | undefined => trace.getActiveSpan()?.spanContext().spanId;

export function byName(spans: readonly ReadableSpan[], name: string): ReadableSpan {
  const found = spans.filter((s) => s.name === name);
  if (found.length !== 1) throw new Error(`expected one span "${name}", got ${found.length}`);
  return found[0]!;
}

export const parentOf = (span: ReadableSpan): string | undefined => span.parentSpanContext?.spanId;

/** Span names as an indented tree, siblings by name (parallel ones start in any order). */
export function tree(spans: readonly ReadableSpan[]): string {
  const ids = new Set(spans.map((s) => s.spanContext().spanId));
  const lines: string[] = [];
  const walk = (parent: string | undefined, depth: number) => {
    const children = spans
      .filter((s) => (parent ? parentOf(s) === parent : !ids.has(parentOf(s) ?? '')))
      .sort((a, b) => a.name.localeCompare(b.name));
    for (const child of children) {
      lines.push(`${'  '.repeat(depth)}${child.name}`);
      walk(child.spanContext().spanId, depth + 1);
    }
  };
  walk(undefined, 0);
  return lines.join('\n');
}

/** MemorySaver's storage written to a file and read back in another process, as a checkpoint DB. */
const BYTES = '__bytes_base64';

export function saveCheckpoints(saver: MemorySaver, path: string): void {
  const json = JSON.stringify({ storage: saver.storage, writes: saver.writes }, (_key, value) =>
    value instanceof Uint8Array ? { [BYTES]: Buffer.from(value).toString('base64') } : value,
  );
  writeFileSync(path, json);
}

export function loadCheckpoints(path: string): MemorySaver {
  const saved = JSON.parse(readFileSync(path, 'utf8'), (_key, value: unknown) =>
    value && typeof value === 'object' && BYTES in value
      ? new Uint8Array(Buffer.from((value as Record<string, string>)[BYTES]!, 'base64'))
      : value,
  ) as Pick<MemorySaver, 'storage' | 'writes'>;
  const saver = new MemorySaver();
  Object.assign(saver.storage, saved.storage);
  Object.assign(saver.writes, saved.writes);
  return saver;
}

/** A human-in-the-loop graph: `ask_human` interrupts until resumed with an answer. */
export function approvalGraph(checkpointer: BaseCheckpointSaver) {
  const State = Annotation.Root({ answer: Annotation<string>() });
  return new StateGraph(State)
    .addNode('ask_human', () => ({ answer: interrupt('approve?') as string }))
    .addEdge(START, 'ask_human')
    .addEdge('ask_human', END)
    .compile({ name: 'approval', checkpointer });
}

/**
 * Span name -> why the run was cancelled (`genai_telemetry.cancellation.reason`), `-` for a run
 * that ended normally, `ERROR` for one marked as an error.
 */
export function cancellations(spans: readonly ReadableSpan[]): Record<string, string> {
  const result: Record<string, string> = {};
  for (const span of spans) {
    const failed = span.status.code === SpanStatusCode.ERROR || 'error.type' in span.attributes;
    const reason = span.attributes['genai_telemetry.cancellation.reason'];
    result[span.name] = failed ? 'ERROR' : typeof reason === 'string' ? reason : '-';
  }
  return result;
}

/** A prompt -> model -> parser chain left after its first chunk: the prompt step had ended. */
export const chainLeft = (reason: string): Record<string, string> => ({
  'invoke_workflow RunnableSequence': reason,
  ChatPromptTemplate: '-',
  'chat gpt-4o-mini': reason,
  StrOutputParser: reason,
});
