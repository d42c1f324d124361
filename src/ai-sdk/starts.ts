/**
 * The invocations an AI SDK call starts, built from its start events: the call's own (an agent
 * run, an embedding, a rerank as a retrieval) and, inside an agent run, each model call and tool
 * execution. Content (messages, instructions, tool definitions, arguments, queries) is taken only
 * when the call records inputs; the handler's capture mode then decides where it may go.
 */
import type {
  EmbedStartEvent,
  GenerateObjectStartEvent,
  GenerateObjectStepStartEvent,
  GenerateTextStartEvent,
  LanguageModelCallStartEvent,
  RerankStartEvent,
  ToolExecutionStartEvent,
} from 'ai';
import type {
  AgentInvocation,
  EmbeddingInvocation,
  Invocation,
  LlmInvocation,
  RetrievalInvocation,
  ToolCallInvocation,
} from '../index.js';
import type { CallEntry, Recording } from './calls.js';
import { copyParameters, PARAMETERS, type Parameters } from './parameters.js';
import { inputMessages, systemInstructions, toolDefinitions } from './messages.js';
import { providerName } from './providers.js';

type TextStart = GenerateTextStartEvent | GenerateObjectStartEvent;

/** Operations that stream their model output. */
export const STREAMING_OPERATIONS: ReadonlySet<string> = new Set([
  'ai.streamText',
  'ai.streamObject',
]);
const OBJECT_OPERATIONS: ReadonlySet<string> = new Set(['ai.generateObject', 'ai.streamObject']);

/** The call's own invocation, by operation; undefined for operations not traced (speech, ...). */
export function rootInvocation(
  event: { operationId: string; functionId?: string },
  recording: Recording,
): Invocation | undefined {
  switch (event.operationId) {
    case 'ai.generateText':
    case 'ai.streamText':
    case 'ai.generateObject':
    case 'ai.streamObject':
      return agentStart(event as unknown as TextStart & { functionId?: string }, recording);
    case 'ai.embed':
    case 'ai.embedMany':
      return embeddingStart(event as unknown as EmbedStartEvent, recording);
    case 'ai.rerank':
      return rerankStart(event as unknown as RerankStartEvent, recording);
    default:
      return undefined;
  }
}

function agentStart(
  event: TextStart & { functionId?: string },
  recording: Recording,
): AgentInvocation {
  const agent: AgentInvocation = {
    kind: 'agent',
    provider: providerName(event.provider),
    requestModel: event.modelId,
  };
  if (event.functionId) agent.name = event.functionId;
  agent.stream = STREAMING_OPERATIONS.has(event.operationId);
  copyParameters(agent, event as Parameters);
  if (OBJECT_OPERATIONS.has(event.operationId)) agent.outputType = 'json';
  if (recording.inputs) {
    const object = 'system' in event;
    const instructions = object ? event.system : (event as GenerateTextStartEvent).instructions;
    const messages = object
      ? [...promptMessages(event.prompt), ...(event.messages ?? [])]
      : (event as GenerateTextStartEvent).messages;
    setIfDefined(agent, 'systemInstructions', systemInstructions(instructions));
    setIfDefined(agent, 'inputMessages', inputMessages(messages));
  }
  return agent;
}

/** `generateObject`'s `prompt`: a string is one user message. */
function promptMessages(prompt: GenerateObjectStartEvent['prompt']): unknown[] {
  if (typeof prompt === 'string') return [{ role: 'user', content: prompt }];
  return prompt ?? [];
}

function embeddingStart(event: EmbedStartEvent, recording: Recording): EmbeddingInvocation {
  const embedding: EmbeddingInvocation = {
    kind: 'embedding',
    provider: providerName(event.provider),
    requestModel: event.modelId,
  };
  if (event.dimensions !== undefined) embedding.dimensionCount = event.dimensions;
  if (recording.inputs)
    embedding.inputTexts = typeof event.value === 'string' ? [event.value] : [...event.value];
  return embedding;
}

/** No GenAI operation covers reranking; it is the ranking half of retrieval. */
function rerankStart(event: RerankStartEvent, recording: Recording): RetrievalInvocation {
  const retrieval: RetrievalInvocation = {
    kind: 'retrieval',
    provider: providerName(event.provider),
    requestModel: event.modelId,
  };
  if (event.topN !== undefined) retrieval.topK = event.topN;
  if (recording.inputs && event.query) retrieval.query = event.query;
  return retrieval;
}

export function llmStart(entry: CallEntry, event: LanguageModelCallStartEvent): LlmInvocation {
  const llm = modelCall(entry, event.provider, event.modelId, event);
  if (entry.recording.inputs) {
    setIfDefined(llm, 'systemInstructions', systemInstructions(event.instructions));
    setIfDefined(llm, 'inputMessages', inputMessages(event.messages));
    setIfDefined(llm, 'toolDefinitions', toolDefinitions(event.tools));
  }
  return llm;
}

/** `generateObject`'s single model call; its prompt is already in the provider's form. */
export function objectLlmStart(
  entry: CallEntry,
  event: GenerateObjectStepStartEvent,
  parameters: Parameters,
): LlmInvocation {
  const llm = modelCall(entry, event.provider, event.modelId, parameters);
  llm.outputType = 'json';
  if (entry.recording.inputs) {
    const prompt = event.promptMessages ?? [];
    const system = prompt.filter((m) => m.role === 'system').map((m) => m.content);
    setIfDefined(llm, 'systemInstructions', systemInstructions(system));
    setIfDefined(llm, 'inputMessages', inputMessages(prompt.filter((m) => m.role !== 'system')));
  }
  return llm;
}

function modelCall(
  entry: CallEntry,
  provider: string,
  modelId: string,
  parameters: Parameters,
): LlmInvocation {
  const llm: LlmInvocation = {
    kind: 'llm',
    operation: 'chat',
    provider: providerName(provider),
    requestModel: modelId,
    stream: entry.streaming,
  };
  if (entry.agentName) llm.agentName = entry.agentName;
  return copyParameters(llm, parameters);
}

/**
 * `generateObject`'s request parameters, kept from its start for its model call (whose own event
 * lacks them); undefined for other operations, whose model-call events carry them.
 */
export function objectParameters(event: { operationId: string }): Parameters | undefined {
  if (!OBJECT_OPERATIONS.has(event.operationId)) return undefined;
  const source = event as Parameters;
  const kept: Parameters = {};
  for (const [from] of PARAMETERS) if (source[from] !== undefined) kept[from] = source[from];
  return kept;
}

export function toolStart(entry: CallEntry, event: ToolExecutionStartEvent): ToolCallInvocation {
  const { toolCall } = event;
  const tool: ToolCallInvocation = {
    kind: 'tool_call',
    name: toolCall.toolName,
    toolCallId: toolCall.toolCallId,
    toolType: toolCall.providerExecuted ? 'extension' : 'function',
  };
  if (entry.agentName) tool.agentName = entry.agentName;
  const description = entry.toolDescriptions?.get(toolCall.toolName);
  if (description) tool.description = description;
  if (entry.recording.inputs && toolCall.input !== undefined) tool.arguments = toolCall.input;
  return tool;
}

/** Descriptions of the tools the call was given (a description may be a function of context). */
export function toolDescriptions(tools: unknown): Map<string, string> | undefined {
  if (typeof tools !== 'object' || tools === null) return undefined;
  let descriptions: Map<string, string> | undefined;
  for (const [name, tool] of Object.entries(tools)) {
    const description = (tool as { description?: unknown } | null)?.description;
    if (typeof description === 'string') (descriptions ??= new Map()).set(name, description);
  }
  return descriptions;
}

function setIfDefined<T extends object, K extends keyof T>(
  target: T,
  key: K,
  value: T[K] | undefined,
): void {
  if (value !== undefined) target[key] = value;
}
