/**
 * LangChain messages to the conventions' message shape: roles as the conventions name them,
 * content blocks as parts, an AI message's tool calls as `tool_call` parts and a tool message as
 * a `tool_call_response`. Reads fields structurally so that messages from another copy of
 * @langchain/core (or plain serialised ones) convert the same.
 */
import type { ChatMessage, MessagePart } from '../types.js';
import { isRecord, str, type Loose } from './values.js';

interface MessageLike {
  type?: unknown;
  role?: unknown;
  name?: unknown;
  content?: unknown;
  tool_calls?: unknown;
  tool_call_id?: unknown;
  _getType?: () => string;
}

const ROLES: Readonly<Record<string, string>> = {
  human: 'user',
  user: 'user',
  ai: 'assistant',
  assistant: 'assistant',
  system: 'system',
  developer: 'system',
  tool: 'tool',
  function: 'tool',
};

export function roleOf(message: MessageLike): string {
  // Plain input dicts (`{ role: 'user', content }`, as agents are invoked) carry only a role.
  const type = str(message.type) ?? message._getType?.() ?? str(message.role) ?? 'user';
  if (type === 'generic') return str(message.role) ?? 'user';
  return ROLES[type] ?? type;
}

function blockPart(block: unknown): MessagePart | undefined {
  if (typeof block === 'string') return { type: 'text', content: block };
  if (!isRecord(block)) return undefined;
  const text = str(block.text) ?? str(block.reasoning) ?? str(block.thinking);
  switch (block.type) {
    case 'text':
    case 'text_delta':
      return text === undefined ? undefined : { type: 'text', content: text };
    case 'reasoning':
    case 'thinking':
      return text === undefined ? undefined : { type: 'reasoning', content: text };
    case 'image_url': {
      const url = isRecord(block.image_url) ? block.image_url.url : block.image_url;
      return typeof url === 'string' ? { type: 'uri', modality: 'image', uri: url } : undefined;
    }
    case 'image':
    case 'audio':
    case 'video':
      return mediaPart(block, block.type);
    case 'tool_use':
    case 'tool_call':
    case 'tool_call_chunk':
      // Carried by the message's tool_calls, which are complete and parsed.
      return undefined;
    default:
      return typeof block.type === 'string' ? { type: block.type } : undefined;
  }
}

/** LangChain's standard media blocks: `{ type, url }` or `{ type, data, mimeType }` (base64). */
function mediaPart(block: Loose, modality: string): MessagePart | undefined {
  const mimeType = str(block.mimeType) ?? str(block.mime_type);
  const url = str(block.url);
  if (url) return { type: 'uri', modality, uri: url, ...(mimeType && { mime_type: mimeType }) };
  const data = str(block.data);
  if (data)
    return { type: 'blob', modality, content: data, ...(mimeType && { mime_type: mimeType }) };
  return undefined;
}

function contentParts(content: unknown): MessagePart[] {
  if (typeof content === 'string') return content ? [{ type: 'text', content }] : [];
  if (!Array.isArray(content)) return [];
  const parts: MessagePart[] = [];
  for (const block of content) {
    const part = blockPart(block);
    if (part) parts.push(part);
  }
  return parts;
}

export function toChatMessage(message: unknown): ChatMessage {
  const m: MessageLike = isRecord(message) ? message : { content: String(message) };
  const role = roleOf(m);
  if (role === 'tool') {
    const response = typeof m.content === 'string' ? m.content : contentParts(m.content);
    return { role, parts: [{ type: 'tool_call_response', id: str(m.tool_call_id), response }] };
  }
  const parts = contentParts(m.content);
  if (Array.isArray(m.tool_calls)) {
    for (const call of m.tool_calls as unknown[]) {
      if (!isRecord(call) || typeof call.name !== 'string') continue;
      parts.push({ type: 'tool_call', id: str(call.id), name: call.name, arguments: call.args });
    }
  }
  const chatMessage: ChatMessage = { role, parts };
  const name = str(m.name);
  if (name) chatMessage.name = name;
  return chatMessage;
}
