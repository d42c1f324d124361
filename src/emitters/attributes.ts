/**
 * Span names, kinds and attributes per SEMCONV.md, shared by the span, metrics and event
 * emitters so that every signal of an invocation describes it with the same names.
 */
import { SpanKind, type Attributes, type AttributeValue } from '@opentelemetry/api';
import type { ResolvedConfig } from '../config.js';
import { applyContentPolicy } from '../content-policy.js';
import {
  wireDocuments,
  wireMessages,
  wireParts,
  wireToolDefinitions,
  toPlain,
  type PlainValue,
} from '../content.js';
import {
  ATTR_GEN_AI_AGENT_DESCRIPTION,
  ATTR_GEN_AI_AGENT_ID,
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_AGENT_VERSION,
  ATTR_GEN_AI_CONVERSATION_ID,
  ATTR_GEN_AI_DATA_SOURCE_ID,
  ATTR_GEN_AI_EMBEDDINGS_DIMENSION_COUNT,
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_OUTPUT_TYPE,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_CHOICE_COUNT,
  ATTR_GEN_AI_REQUEST_ENCODING_FORMATS,
  ATTR_GEN_AI_REQUEST_FREQUENCY_PENALTY,
  ATTR_GEN_AI_REQUEST_MAX_TOKENS,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_REQUEST_PRESENCE_PENALTY,
  ATTR_GEN_AI_REQUEST_SEED,
  ATTR_GEN_AI_REQUEST_STOP_SEQUENCES,
  ATTR_GEN_AI_REQUEST_STREAM,
  ATTR_GEN_AI_REQUEST_TEMPERATURE,
  ATTR_GEN_AI_REQUEST_TOP_K,
  ATTR_GEN_AI_REQUEST_TOP_P,
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_RESPONSE_ID,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK,
  ATTR_GEN_AI_RETRIEVAL_DOCUMENTS,
  ATTR_GEN_AI_RETRIEVAL_QUERY_TEXT,
  ATTR_GEN_AI_STEP_NAME,
  ATTR_GEN_AI_STEP_TYPE,
  ATTR_GEN_AI_SYSTEM_INSTRUCTIONS,
  ATTR_GEN_AI_TOOL_CALL_ARGUMENTS,
  ATTR_GEN_AI_TOOL_CALL_ID,
  ATTR_GEN_AI_TOOL_CALL_RESULT,
  ATTR_GEN_AI_TOOL_DEFINITIONS,
  ATTR_GEN_AI_TOOL_DESCRIPTION,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_GEN_AI_TOOL_TYPE,
  ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_CACHE_WRITE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS,
  ATTR_GEN_AI_WORKFLOW_NAME,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  ERROR_TYPE_VALUE_OTHER,
  GEN_AI_OPERATION_NAME_VALUE_CHAT,
  GEN_AI_OPERATION_NAME_VALUE_EMBEDDINGS,
  GEN_AI_OPERATION_NAME_VALUE_EXECUTE_TOOL,
  GEN_AI_OPERATION_NAME_VALUE_INVOKE_AGENT,
  GEN_AI_OPERATION_NAME_VALUE_INVOKE_WORKFLOW,
  GEN_AI_OPERATION_NAME_VALUE_RETRIEVAL,
} from '../semconv.js';
import type { Invocation, LlmInvocation } from '../types.js';
import type { InvocationState } from './emitter.js';

function put(attributes: Attributes, key: string, value: AttributeValue | undefined): void {
  if (value !== undefined) attributes[key] = value;
}

export function operationName(invocation: Invocation): string | undefined {
  switch (invocation.kind) {
    case 'llm':
      return invocation.operation ?? GEN_AI_OPERATION_NAME_VALUE_CHAT;
    case 'embedding':
      return GEN_AI_OPERATION_NAME_VALUE_EMBEDDINGS;
    case 'retrieval':
      return GEN_AI_OPERATION_NAME_VALUE_RETRIEVAL;
    case 'agent':
      return invocation.operation ?? GEN_AI_OPERATION_NAME_VALUE_INVOKE_AGENT;
    case 'workflow':
      return GEN_AI_OPERATION_NAME_VALUE_INVOKE_WORKFLOW;
    case 'tool_call':
      return GEN_AI_OPERATION_NAME_VALUE_EXECUTE_TOOL;
    case 'step':
      return undefined;
  }
}

/** The convention's name: `{operation} {subject}`, or the operation alone without a subject. */
export function spanName(invocation: Invocation): string {
  const operation = operationName(invocation);
  let subject: string | undefined;
  switch (invocation.kind) {
    case 'llm':
    case 'embedding':
      subject = invocation.requestModel;
      break;
    case 'retrieval':
      subject = invocation.dataSourceId;
      break;
    case 'agent':
    case 'workflow':
    case 'tool_call':
      subject = invocation.name;
      break;
    case 'step':
      return invocation.name ?? 'step';
  }
  return subject ? `${operation} ${subject}` : (operation as string);
}

export function spanKind(invocation: Invocation): SpanKind {
  switch (invocation.kind) {
    case 'llm':
    case 'embedding':
    case 'retrieval':
      return SpanKind.CLIENT;
    case 'agent':
      return invocation.remote || invocation.operation === 'create_agent'
        ? SpanKind.CLIENT
        : SpanKind.INTERNAL;
    default:
      return SpanKind.INTERNAL;
  }
}

/** The model and server of the client operations (inference, embeddings, retrieval). */
function putEndpoint(
  a: Attributes,
  invocation: { requestModel?: string; serverAddress?: string; serverPort?: number },
): void {
  put(a, ATTR_GEN_AI_REQUEST_MODEL, invocation.requestModel);
  put(a, ATTR_SERVER_ADDRESS, invocation.serverAddress);
  put(a, ATTR_SERVER_PORT, invocation.serverPort);
}

/** Request-side attributes, passed at span start so samplers see them; computed once per invocation. */
export function requestAttributes(invocation: Invocation, state: InvocationState): Attributes {
  if (state.requestAttributes) return state.requestAttributes;
  const a: Attributes = {};
  put(a, ATTR_GEN_AI_OPERATION_NAME, operationName(invocation));
  put(a, ATTR_GEN_AI_PROVIDER_NAME, invocation.provider);
  put(a, ATTR_GEN_AI_CONVERSATION_ID, invocation.conversationId);
  put(a, ATTR_GEN_AI_AGENT_NAME, invocation.agentName);
  put(a, ATTR_GEN_AI_AGENT_ID, invocation.agentId);
  switch (invocation.kind) {
    case 'llm':
      putEndpoint(a, invocation);
      put(a, ATTR_GEN_AI_REQUEST_TEMPERATURE, invocation.temperature);
      put(a, ATTR_GEN_AI_REQUEST_TOP_P, invocation.topP);
      put(a, ATTR_GEN_AI_REQUEST_TOP_K, invocation.topK);
      put(a, ATTR_GEN_AI_REQUEST_MAX_TOKENS, invocation.maxTokens);
      put(a, ATTR_GEN_AI_REQUEST_FREQUENCY_PENALTY, invocation.frequencyPenalty);
      put(a, ATTR_GEN_AI_REQUEST_PRESENCE_PENALTY, invocation.presencePenalty);
      put(a, ATTR_GEN_AI_REQUEST_STOP_SEQUENCES, invocation.stopSequences);
      put(a, ATTR_GEN_AI_REQUEST_SEED, invocation.seed);
      put(a, ATTR_GEN_AI_REQUEST_CHOICE_COUNT, invocation.choiceCount);
      put(a, ATTR_GEN_AI_REQUEST_STREAM, invocation.stream);
      put(a, ATTR_GEN_AI_OUTPUT_TYPE, invocation.outputType);
      break;
    case 'embedding':
      putEndpoint(a, invocation);
      put(a, ATTR_GEN_AI_REQUEST_ENCODING_FORMATS, invocation.encodingFormats);
      break;
    case 'retrieval':
      putEndpoint(a, invocation);
      put(a, ATTR_GEN_AI_DATA_SOURCE_ID, invocation.dataSourceId);
      put(a, ATTR_GEN_AI_REQUEST_TOP_K, invocation.topK);
      break;
    case 'agent':
      put(a, ATTR_GEN_AI_AGENT_NAME, invocation.name);
      put(a, ATTR_GEN_AI_AGENT_ID, invocation.id);
      put(a, ATTR_GEN_AI_AGENT_DESCRIPTION, invocation.description);
      put(a, ATTR_GEN_AI_AGENT_VERSION, invocation.version);
      put(a, ATTR_GEN_AI_REQUEST_MODEL, invocation.requestModel);
      break;
    case 'workflow':
      put(a, ATTR_GEN_AI_WORKFLOW_NAME, invocation.name);
      break;
    case 'tool_call':
      put(a, ATTR_GEN_AI_TOOL_NAME, invocation.name);
      put(a, ATTR_GEN_AI_TOOL_CALL_ID, invocation.toolCallId);
      put(a, ATTR_GEN_AI_TOOL_DESCRIPTION, invocation.description);
      put(a, ATTR_GEN_AI_TOOL_TYPE, invocation.toolType);
      break;
    case 'step':
      put(a, ATTR_GEN_AI_STEP_NAME, invocation.name);
      put(a, ATTR_GEN_AI_STEP_TYPE, invocation.stepType);
      break;
  }
  // Baggage never overrides what the invocation says about itself.
  for (const key in state.baggageAttributes) if (!(key in a)) a[key] = state.baggageAttributes[key];
  if (invocation.attributes) Object.assign(a, invocation.attributes);
  state.requestAttributes = a;
  return a;
}

/** Response-side attributes, known at the end; computed once per invocation end. */
export function responseAttributes(
  invocation: Invocation,
  state: InvocationState,
  config: ResolvedConfig,
): Attributes {
  if (state.responseAttributes) return state.responseAttributes;
  const a: Attributes = {};
  if (invocation.kind === 'llm' || invocation.kind === 'embedding') {
    put(a, ATTR_GEN_AI_RESPONSE_ID, invocation.responseId);
    put(a, ATTR_GEN_AI_RESPONSE_MODEL, invocation.responseModel);
    put(a, ATTR_GEN_AI_USAGE_INPUT_TOKENS, invocation.inputTokens);
    put(a, ATTR_GEN_AI_USAGE_OUTPUT_TOKENS, invocation.outputTokens);
  }
  if (invocation.kind === 'llm') {
    put(a, ATTR_GEN_AI_RESPONSE_FINISH_REASONS, invocation.finishReasons);
    put(a, ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS, invocation.cacheReadInputTokens);
    put(
      a,
      config.latestExperimental
        ? ATTR_GEN_AI_USAGE_CACHE_WRITE_INPUT_TOKENS
        : ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS,
      invocation.cacheCreationInputTokens,
    );
    put(a, ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS, invocation.reasoningOutputTokens);
  } else if (invocation.kind === 'embedding') {
    put(a, ATTR_GEN_AI_EMBEDDINGS_DIMENSION_COUNT, invocation.dimensionCount);
  }
  if (state.firstChunkTime !== undefined && invocation.startTime !== undefined) {
    a[ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK] =
      (state.firstChunkTime - invocation.startTime) / 1000;
  }
  state.responseAttributes = a;
  return a;
}

/** Bounded metric dimensions: never ids, never content. */
export function metricAttributes(invocation: Invocation): Attributes {
  const a: Attributes = {};
  put(a, ATTR_GEN_AI_OPERATION_NAME, operationName(invocation));
  put(a, ATTR_GEN_AI_PROVIDER_NAME, invocation.provider);
  switch (invocation.kind) {
    case 'llm':
    case 'embedding':
    case 'retrieval':
      if (invocation.kind !== 'retrieval')
        put(a, ATTR_GEN_AI_RESPONSE_MODEL, invocation.responseModel);
      putEndpoint(a, invocation);
      break;
    case 'agent':
      put(a, ATTR_GEN_AI_AGENT_NAME, invocation.name);
      break;
    case 'workflow':
      put(a, ATTR_GEN_AI_WORKFLOW_NAME, invocation.name);
      break;
    case 'tool_call':
      put(a, ATTR_GEN_AI_TOOL_NAME, invocation.name);
      break;
    case 'step':
      put(a, ATTR_GEN_AI_STEP_NAME, invocation.name);
      break;
  }
  // A dimension is a name, not content: an overlong value (a model id built from user input,
  // say) is cut so one bad value cannot bloat every point it keys.
  for (const key in a) {
    const value = a[key];
    if (typeof value === 'string' && value.length > MAX_METRIC_ATTRIBUTE_LENGTH) {
      a[key] = value.slice(0, MAX_METRIC_ATTRIBUTE_LENGTH);
    }
  }
  return a;
}

/** The longest string a metric attribute keeps. */
export const MAX_METRIC_ATTRIBUTE_LENGTH = 256;

/** The convention's `error.type`: the error's class name, or `_OTHER`. */
export function errorType(error: unknown): string {
  if (error instanceof Error) {
    const name = error.constructor?.name;
    return name && name !== 'Object' ? name : error.name || ERROR_TYPE_VALUE_OTHER;
  }
  if (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { type?: unknown }).type === 'string'
  ) {
    return (error as { type: string }).type;
  }
  return ERROR_TYPE_VALUE_OTHER;
}

/**
 * Opt-in content, structured (plain data), computed once per invocation end and shared by the
 * span and event emitters, after redaction and the size cap; the caller decides where it may go.
 */
export function contentAttributes(
  invocation: Invocation,
  state: InvocationState,
  config: ResolvedConfig,
): ContentAttributes | undefined {
  if (state.content === undefined) {
    const raw = buildContent(invocation);
    state.content = (raw && applyContentPolicy(raw, invocation, config)) ?? null;
  }
  return state.content ?? undefined;
}

export type ContentAttributes = Record<string, PlainValue>;

function buildContent(invocation: Invocation): ContentAttributes | undefined {
  const c: Record<string, PlainValue> = {};
  const add = (key: string, value: PlainValue | undefined) => {
    if (value !== undefined) c[key] = value;
  };
  switch (invocation.kind) {
    case 'llm':
    case 'agent':
      addConversation(invocation, add);
      break;
    case 'tool_call':
      add(ATTR_GEN_AI_TOOL_CALL_ARGUMENTS, toPlain(invocation.arguments));
      add(ATTR_GEN_AI_TOOL_CALL_RESULT, toPlain(invocation.result));
      break;
    case 'retrieval':
      add(ATTR_GEN_AI_RETRIEVAL_QUERY_TEXT, invocation.query);
      if (invocation.documents)
        add(ATTR_GEN_AI_RETRIEVAL_DOCUMENTS, wireDocuments(invocation.documents));
      break;
    default:
      return undefined;
  }
  for (const _ in c) return c;
  return undefined;
}

/** Messages, system instructions and tool definitions: what an inference or an agent saw. */
function addConversation(
  invocation: Pick<
    LlmInvocation,
    'systemInstructions' | 'inputMessages' | 'outputMessages' | 'toolDefinitions'
  >,
  add: (key: string, value: PlainValue | undefined) => void,
): void {
  if (invocation.systemInstructions)
    add(ATTR_GEN_AI_SYSTEM_INSTRUCTIONS, wireParts(invocation.systemInstructions));
  if (invocation.inputMessages)
    add(ATTR_GEN_AI_INPUT_MESSAGES, wireMessages(invocation.inputMessages));
  if (invocation.outputMessages)
    add(ATTR_GEN_AI_OUTPUT_MESSAGES, wireMessages(invocation.outputMessages));
  if (invocation.toolDefinitions)
    add(ATTR_GEN_AI_TOOL_DEFINITIONS, wireToolDefinitions(invocation.toolDefinitions));
}
