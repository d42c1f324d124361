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
import type { ContentValues } from './kind-convention.js';

interface Conversation {
  systemInstructions?: MessagePart[];
  inputMessages?: ChatMessage[];
  toolDefinitions?: ToolDefinition[];
  outputMessages?: ChatMessage[];
  finishReasons?: string[];
  error?: unknown;
}

// Each writer builds its record with one assignment per attribute name, so every store has a
// fixed key (a keyed store per attribute would be looked up by name on every end).

/** Messages, system instructions and tool definitions: what a model, agent or workflow saw. */
export function conversationContent(invocation: Conversation): ContentValues | undefined {
  const { systemInstructions, inputMessages, toolDefinitions, outputMessages } = invocation;
  if (!systemInstructions && !inputMessages && !toolDefinitions && !outputMessages)
    return undefined;
  const content: ContentValues = {};
  if (systemInstructions) content[ATTR_GEN_AI_SYSTEM_INSTRUCTIONS] = wireParts(systemInstructions);
  if (inputMessages) content[ATTR_GEN_AI_INPUT_MESSAGES] = wireMessages(inputMessages);
  if (toolDefinitions) content[ATTR_GEN_AI_TOOL_DEFINITIONS] = wireToolDefinitions(toolDefinitions);
  if (outputMessages)
    content[ATTR_GEN_AI_OUTPUT_MESSAGES] = wireMessages(
      outputMessages,
      outputFinishReason(invocation),
    );
  return content;
}

export function toolCallContent(invocation: ToolCallInvocation): ContentValues | undefined {
  const args = toPlain(invocation.arguments);
  const result = toPlain(invocation.result);
  if (args === undefined && result === undefined) return undefined;
  const content: ContentValues = {};
  if (args !== undefined) content[ATTR_GEN_AI_TOOL_CALL_ARGUMENTS] = args;
  if (result !== undefined) content[ATTR_GEN_AI_TOOL_CALL_RESULT] = result;
  return content;
}

export function retrievalContent(invocation: RetrievalInvocation): ContentValues | undefined {
  const query = invocation.query;
  const documents = invocation.documents ? wireDocuments(invocation.documents) : undefined;
  if (query === undefined && documents === undefined) return undefined;
  const content: ContentValues = {};
  if (query !== undefined) content[ATTR_GEN_AI_RETRIEVAL_QUERY_TEXT] = query;
  if (documents !== undefined) content[ATTR_GEN_AI_RETRIEVAL_DOCUMENTS] = documents;
  return content;
}

export const NO_CONTENT = (): undefined => undefined;
