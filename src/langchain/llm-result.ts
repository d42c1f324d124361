/**
 * The response side of an `llm` invocation from LangChain's LLMResult: one output message per
 * generation, finish reasons in the conventions' words, the response id and model, and token
 * usage from `usage_metadata`, falling back to the provider's `llmOutput` counts.
 */
import type { ChatMessage, LlmInvocation } from '../types.js';
import { toChatMessage } from './messages.js';
import { count, isRecord, pick, str, type Loose } from './values.js';

const FINISH_REASONS: Readonly<Record<string, string>> = {
  stop: 'stop',
  end_turn: 'stop',
  stop_sequence: 'stop',
  STOP: 'stop',
  length: 'length',
  max_tokens: 'length',
  MAX_TOKENS: 'length',
  tool_calls: 'tool_call',
  tool_use: 'tool_call',
  function_call: 'tool_call',
  content_filter: 'content_filter',
  SAFETY: 'content_filter',
};

interface Usage {
  input?: number;
  output?: number;
  cacheRead?: number;
  cacheCreation?: number;
  reasoning?: number;
}

export function applyLlmResult(inv: LlmInvocation, result: unknown, runId: string): void {
  const output = isRecord(result) ? result : {};
  const messages: ChatMessage[] = [];
  const reasons: string[] = [];
  const usage: Usage = {};
  for (const generation of generationsOf(output.generations)) {
    const message = isRecord(generation.message) ? generation.message : undefined;
    const meta = isRecord(message?.response_metadata) ? message.response_metadata : {};
    const info = isRecord(generation.generationInfo) ? generation.generationInfo : {};
    // Streamed Anthropic messages keep the response's model and stop reason here.
    const extra = isRecord(message?.additional_kwargs) ? message.additional_kwargs : {};
    const chat = message
      ? toChatMessage(message)
      : { role: 'assistant', parts: [{ type: 'text' as const, content: String(generation.text) }] };
    const raw =
      pick(info, FINISH_KEYS, str) ?? pick(meta, FINISH_KEYS, str) ?? pick(extra, FINISH_KEYS, str);
    if (raw) {
      chat.finishReason = FINISH_REASONS[raw] ?? raw;
      reasons.push(chat.finishReason);
    }
    messages.push(chat);
    // A stream aggregated outside `stream()` (agents in messages mode) keeps it in generationInfo.
    inv.responseModel ??=
      pick(meta, MODEL_KEYS, str) ?? pick(info, MODEL_KEYS, str) ?? pick(extra, MODEL_KEYS, str);
    inv.responseId ??= str(meta.id) ?? responseId(message, runId);
    addUsage(usage, message?.usage_metadata);
  }
  if (messages.length > 0) inv.outputMessages = messages;
  if (reasons.length > 0) inv.finishReasons = reasons;
  const llmOutput = isRecord(output.llmOutput) ? output.llmOutput : {};
  inv.responseModel ??= pick(llmOutput, OUTPUT_MODEL_KEYS, str);
  if (usage.input === undefined && usage.output === undefined) fallbackUsage(usage, llmOutput);
  if (usage.input !== undefined) inv.inputTokens = usage.input;
  if (usage.output !== undefined) inv.outputTokens = usage.output;
  if (usage.cacheRead !== undefined) inv.cacheReadInputTokens = usage.cacheRead;
  if (usage.cacheCreation !== undefined) inv.cacheCreationInputTokens = usage.cacheCreation;
  if (usage.reasoning !== undefined) inv.reasoningOutputTokens = usage.reasoning;
}

const FINISH_KEYS = ['finish_reason', 'stop_reason', 'finishReason'];
const MODEL_KEYS = ['model_name', 'model', 'modelId'];
const OUTPUT_MODEL_KEYS = ['model_name', 'model'];
const PROMPT_TOKEN_KEYS = ['promptTokens', 'prompt_tokens', 'input_tokens'];
const COMPLETION_TOKEN_KEYS = ['completionTokens', 'completion_tokens', 'output_tokens'];

/**
 * LangChain's generations are one list per prompt; this integration sees one prompt per run.
 * A flat array rather than a generator: this runs at every model end.
 */
function generationsOf(value: unknown): Loose[] {
  const generations: Loose[] = [];
  if (!Array.isArray(value)) return generations;
  for (const list of value) {
    if (!Array.isArray(list)) {
      if (isRecord(list)) generations.push(list);
      continue;
    }
    for (const generation of list) if (isRecord(generation)) generations.push(generation);
  }
  return generations;
}

/** LangChain stamps `run-<runId>` on messages without an id: that is not the provider's id. */
function responseId(message: Loose | undefined, runId: string): string | undefined {
  const id = str(message?.id);
  return id && !id.startsWith(`run-${runId}`) ? id : undefined;
}

const add = (a: number | undefined, b: number | undefined) => (b === undefined ? a : (a ?? 0) + b);

function addUsage(usage: Usage, raw: unknown): void {
  if (!isRecord(raw)) return;
  usage.input = add(usage.input, count(raw.input_tokens));
  usage.output = add(usage.output, count(raw.output_tokens));
  const input = isRecord(raw.input_token_details) ? raw.input_token_details : {};
  const output = isRecord(raw.output_token_details) ? raw.output_token_details : {};
  usage.cacheRead = add(usage.cacheRead, count(input.cache_read));
  usage.cacheCreation = add(usage.cacheCreation, count(input.cache_creation));
  usage.reasoning = add(usage.reasoning, count(output.reasoning));
}

function fallbackUsage(usage: Usage, llmOutput: Loose): void {
  const source = [llmOutput.tokenUsage, llmOutput.estimatedTokenUsage, llmOutput.token_usage].find(
    isRecord,
  );
  if (!source) return;
  usage.input = pick(source, PROMPT_TOKEN_KEYS, count);
  usage.output = pick(source, COMPLETION_TOKEN_KEYS, count);
}
