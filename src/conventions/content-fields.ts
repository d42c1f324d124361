/** The opt-in content of each kind, in the conventions' wire shape (plain data). */
import {
  toPlain,
  wireDocuments,
  wireMessages,
  wireParts,
  wireToolDefinitions,
} from '../content.js';
import {
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_RETRIEVAL_DOCUMENTS,
  ATTR_GEN_AI_RETRIEVAL_QUERY_TEXT,
  ATTR_GEN_AI_SYSTEM_INSTRUCTIONS,
  ATTR_GEN_AI_TOOL_CALL_ARGUMENTS,
  ATTR_GEN_AI_TOOL_CALL_RESULT,
  ATTR_GEN_AI_TOOL_DEFINITIONS,
} from '../semconv.js';
import type {
  ChatMessage,
  MessagePart,
  RetrievalInvocation,
  ToolCallInvocation,
  ToolDefinition,
} from '../types.js';
import { outputFinishReason } from './finish-reasons.js';
import type { ContentSink } from './kind-convention.js';

interface Conversation {
  systemInstructions?: MessagePart[];
  inputMessages?: ChatMessage[];
  toolDefinitions?: ToolDefinition[];
  outputMessages?: ChatMessage[];
  finishReasons?: string[];
  error?: unknown;
}

/** Messages, system instructions and tool definitions: what a model, agent or workflow saw. */
export function conversationContent(invocation: Conversation, put: ContentSink): void {
  const { systemInstructions, inputMessages, toolDefinitions, outputMessages } = invocation;
  if (systemInstructions) put(ATTR_GEN_AI_SYSTEM_INSTRUCTIONS, wireParts(systemInstructions));
  if (inputMessages) put(ATTR_GEN_AI_INPUT_MESSAGES, wireMessages(inputMessages));
  if (toolDefinitions) put(ATTR_GEN_AI_TOOL_DEFINITIONS, wireToolDefinitions(toolDefinitions));
  if (outputMessages)
    put(ATTR_GEN_AI_OUTPUT_MESSAGES, wireMessages(outputMessages, outputFinishReason(invocation)));
}

export function toolCallContent(invocation: ToolCallInvocation, put: ContentSink): void {
  put(ATTR_GEN_AI_TOOL_CALL_ARGUMENTS, toPlain(invocation.arguments));
  put(ATTR_GEN_AI_TOOL_CALL_RESULT, toPlain(invocation.result));
}

export function retrievalContent(invocation: RetrievalInvocation, put: ContentSink): void {
  put(ATTR_GEN_AI_RETRIEVAL_QUERY_TEXT, invocation.query);
  if (invocation.documents)
    put(ATTR_GEN_AI_RETRIEVAL_DOCUMENTS, wireDocuments(invocation.documents));
}

export const NO_CONTENT = (): void => {};
