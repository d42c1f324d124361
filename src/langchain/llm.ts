/**
 * Chat model and LLM runs as `llm` invocations. The request side comes from what LangChain passes
 * at start: LangSmith's `ls_*` metadata (provider, model, temperature, max tokens, stop), then the
 * model's invocation params for what `ls_*` lacks. The response side comes from the LLMResult:
 * the generations' messages, `usage_metadata` (LangChain already counts cache reads inside
 * `input_tokens`, as the conventions want) or the provider's `llmOutput` usage as a fallback.
 */
import type { LlmInvocation, ToolDefinition } from '../types.js';
import { toChatMessage } from './messages.js';
import { serverOf } from './server.js';
import { providerName } from './providers.js';
import { count, isRecord, num, str, type Loose } from './values.js';

const NO_PARAMS: Loose = {};

export function llmStart(
  serialized: unknown,
  input: { messages?: readonly unknown[]; prompts?: readonly string[] },
  extraParams: Loose | undefined,
  metadata: Loose | undefined,
  /** False when no signal needs content: the messages and tool definitions are not converted. */
  content = true,
): LlmInvocation {
  const params = isRecord(extraParams?.invocation_params)
    ? extraParams.invocation_params
    : NO_PARAMS;
  // Fields LangChain did not report stay undefined rather than being deleted: `delete` would
  // turn this per-call object into a slow dictionary-mode object, and every consumer skips them.
  const inv: LlmInvocation = {
    kind: 'llm',
    operation: input.messages ? 'chat' : 'text_completion',
    provider: providerName(str(metadata?.ls_provider) ?? str(params._type)),
    // Named reads, each spelling in order of preference: every read site keeps its own inline
    // cache for the one params shape a model produces (a key list read by `pick` was one
    // megamorphic keyed load per spelling, on every start).
    requestModel:
      str(metadata?.ls_model_name) ??
      str(params.model) ??
      str(params.model_name) ??
      str(params.modelName) ??
      str(params.model_id) ??
      str(params.modelId) ??
      str(params.deployment_name),
    temperature: num(metadata?.ls_temperature) ?? num(params.temperature),
    maxTokens:
      count(metadata?.ls_max_tokens) ??
      count(params.max_tokens) ??
      count(params.max_completion_tokens) ??
      count(params.maxTokens) ??
      count(params.max_output_tokens),
    topP: num(params.top_p) ?? num(params.topP),
    topK: num(params.top_k) ?? num(params.topK),
    frequencyPenalty: num(params.frequency_penalty) ?? num(params.frequencyPenalty),
    presencePenalty: num(params.presence_penalty) ?? num(params.presencePenalty),
    seed: count(params.seed),
    choiceCount: count(params.n) ?? count(params.candidate_count),
    stopSequences: strings(metadata?.ls_stop) ?? strings(params.stop),
  };
  if (typeof params.stream === 'boolean' || typeof params.streaming === 'boolean')
    inv.stream = params.stream === true || params.streaming === true;
  if (content) {
    const tools = toolDefinitions(params.tools);
    if (tools) inv.toolDefinitions = tools;
    // A system message is part of the chat history: it is reported there only, not also as
    // `systemInstructions` (which is for instructions given beside the history).
    inv.inputMessages = input.messages
      ? input.messages.map(toChatMessage)
      : (input.prompts ?? []).map((p) => ({ role: 'user', parts: [{ type: 'text', content: p }] }));
  }
  const server = serverOf(serialized);
  if (server) {
    inv.serverAddress = server.address;
    inv.serverPort = server.port;
  }
  return inv;
}

function strings(value: unknown): string[] | undefined {
  if (typeof value === 'string') return [value];
  if (!Array.isArray(value)) return undefined;
  const list = value.filter((v): v is string => typeof v === 'string');
  return list.length > 0 ? list : undefined;
}

/** OpenAI-style `{ type: 'function', function: {...} }` and flat `{ name, ... }` tool specs. */
function toolDefinitions(value: unknown): ToolDefinition[] | undefined {
  if (!Array.isArray(value) || value.length === 0) return undefined;
  const defs: ToolDefinition[] = [];
  for (const tool of value) {
    if (!isRecord(tool)) continue;
    const spec = isRecord(tool.function) ? tool.function : tool;
    const name = str(spec.name);
    if (!name) continue;
    const def: ToolDefinition = { type: str(tool.type) ?? 'function', name };
    const description = str(spec.description);
    if (description) def.description = description;
    const parameters = spec.parameters ?? spec.input_schema ?? spec.schema;
    if (parameters !== undefined) def.parameters = parameters;
    defs.push(def);
  }
  return defs.length > 0 ? defs : undefined;
}
