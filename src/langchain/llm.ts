/**
 * Chat model and LLM runs as `llm` invocations. The request side comes from what LangChain passes
 * at start: LangSmith's `ls_*` metadata (provider, model, temperature, max tokens, stop), then the
 * model's invocation params for what `ls_*` lacks. The response side comes from the LLMResult:
 * the generations' messages, `usage_metadata` (LangChain already counts cache reads inside
 * `input_tokens`, as the conventions want) or the provider's `llmOutput` usage as a fallback.
 */
import type { ChatMessage, LlmInvocation, ToolDefinition } from '../types.js';
import { toChatMessage } from './messages.js';
import { serverOf } from './server.js';
import { providerName } from './providers.js';
import { count, isRecord, num, pick, str, type Loose } from './values.js';

// Invocation-param spellings per field, in order of preference (hoisted: read on every start).
const MODEL_KEYS = ['model', 'model_name', 'modelName', 'model_id', 'modelId', 'deployment_name'];
const MAX_TOKENS_KEYS = ['max_tokens', 'max_completion_tokens', 'maxTokens', 'max_output_tokens'];
const TOP_P_KEYS = ['top_p', 'topP'];
const TOP_K_KEYS = ['top_k', 'topK'];
const FREQUENCY_PENALTY_KEYS = ['frequency_penalty', 'frequencyPenalty'];
const PRESENCE_PENALTY_KEYS = ['presence_penalty', 'presencePenalty'];
const SEED_KEYS = ['seed'];
const CHOICE_COUNT_KEYS = ['n', 'candidate_count'];
const NO_PARAMS: Loose = {};

export function llmStart(
  serialized: unknown,
  input: { messages?: readonly unknown[]; prompts?: readonly string[] },
  extraParams: Loose | undefined,
  metadata: Loose | undefined,
): LlmInvocation {
  const params = isRecord(extraParams?.invocation_params) ? extraParams.invocation_params : NO_PARAMS;
  // Fields LangChain did not report stay undefined rather than being deleted: `delete` would
  // turn this per-call object into a slow dictionary-mode object, and every consumer skips them.
  const inv: LlmInvocation = {
    kind: 'llm',
    operation: input.messages ? 'chat' : 'text_completion',
    provider: providerName(str(metadata?.ls_provider) ?? str(params._type)),
    requestModel: str(metadata?.ls_model_name) ?? pick(params, MODEL_KEYS, str),
    temperature: num(metadata?.ls_temperature) ?? num(params.temperature),
    maxTokens:
      count(metadata?.ls_max_tokens) ??
      pick(params, MAX_TOKENS_KEYS, count),
    topP: pick(params, TOP_P_KEYS, num),
    topK: pick(params, TOP_K_KEYS, num),
    frequencyPenalty: pick(params, FREQUENCY_PENALTY_KEYS, num),
    presencePenalty: pick(params, PRESENCE_PENALTY_KEYS, num),
    seed: pick(params, SEED_KEYS, count),
    choiceCount: pick(params, CHOICE_COUNT_KEYS, count),
    stopSequences: strings(metadata?.ls_stop) ?? strings(params.stop),
  };
  if (typeof params.stream === 'boolean' || typeof params.streaming === 'boolean')
    inv.stream = params.stream === true || params.streaming === true;
  const tools = toolDefinitions(params.tools);
  if (tools) inv.toolDefinitions = tools;
  const messages: ChatMessage[] = input.messages
    ? input.messages.map(toChatMessage)
    : (input.prompts ?? []).map((p) => ({ role: 'user', parts: [{ type: 'text', content: p }] }));
  // A system message is part of the chat history: it is reported there only, not also as
  // `systemInstructions` (which is for instructions given beside the history).
  inv.inputMessages = messages;
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
