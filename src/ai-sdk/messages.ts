/**
 * The AI SDK's prompt and response shapes in the conventions' message form: `ModelMessage`s
 * (what `messages` and `instructions` hold), the content parts a model call returned, and the
 * prepared tool definitions. Read structurally: the SDK's unions grow with every minor release,
 * and a part this module does not know is skipped rather than guessed at.
 */
import type { ChatMessage, MessagePart, ToolDefinition } from '../index.js';

type Loose = Record<string, unknown>;

const isRecord = (value: unknown): value is Loose => typeof value === 'object' && value !== null;
const text = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : undefined;

/** The AI SDK's finish reasons to the conventions' (`tool-calls` -> `tool_call`, ...). */
const FINISH_REASONS: Readonly<Record<string, string>> = {
  stop: 'stop',
  length: 'length',
  'content-filter': 'content_filter',
  'tool-calls': 'tool_call',
  error: 'error',
  interrupted: 'interrupted',
  other: 'other',
};

export function finishReason(reason: unknown): string | undefined {
  const raw = text(reason);
  return raw === undefined ? undefined : (FINISH_REASONS[raw] ?? raw);
}

function modality(mediaType: string | undefined): string {
  const top = mediaType?.split('/')[0];
  return top === 'audio' || top === 'video' || top === 'image' ? top : 'image';
}

/** An image or file part: a URL stays a `uri`, inline data becomes a base64 `blob`. */
function mediaPart(data: unknown, mediaType: string | undefined): MessagePart | undefined {
  const mime = mediaType ? { mime_type: mediaType } : {};
  const m = modality(mediaType);
  if (data instanceof URL) return { type: 'uri', modality: m, uri: data.href, ...mime };
  if (typeof data === 'string') {
    return /^https?:\/\//.test(data)
      ? { type: 'uri', modality: m, uri: data, ...mime }
      : { type: 'blob', modality: m, content: data, ...mime };
  }
  if (data instanceof Uint8Array)
    return { type: 'blob', modality: m, content: Buffer.from(data).toString('base64'), ...mime };
  // `{ type: 'data' | 'url' | 'reference', ... }` wrappers of newer releases.
  if (isRecord(data)) {
    if (data.type === 'url') return mediaPart(data.url, mediaType);
    if (data.type === 'data') return mediaPart(data.data, mediaType);
  }
  return undefined;
}

/** A tool result's output (`{ type: 'text' | 'json' | 'error-text' | ..., value }`) as data. */
function toolResponse(output: unknown): unknown {
  if (!isRecord(output)) return output;
  return 'value' in output ? output.value : output;
}

function contentPart(part: unknown): MessagePart | undefined {
  if (!isRecord(part)) return undefined;
  switch (part.type) {
    case 'text':
      return { type: 'text', content: text(part.text) ?? '' };
    case 'reasoning':
      return { type: 'reasoning', content: text(part.text) ?? '' };
    case 'tool-call':
      return {
        type: 'tool_call',
        id: text(part.toolCallId),
        name: text(part.toolName) ?? '',
        arguments: part.input,
      };
    case 'tool-result':
      return {
        type: 'tool_call_response',
        id: text(part.toolCallId),
        response: 'output' in part ? toolResponse(part.output) : part.result,
      };
    case 'tool-error':
      return { type: 'tool_call_response', id: text(part.toolCallId), response: 'error' };
    case 'image':
      return mediaPart(part.image, text(part.mediaType));
    case 'file':
      return isRecord(part.file)
        ? mediaPart(part.file.base64, text(part.file.mediaType))
        : mediaPart(part.data, text(part.mediaType));
    default:
      return undefined;
  }
}

function parts(content: unknown): MessagePart[] {
  if (typeof content === 'string') return content ? [{ type: 'text', content }] : [];
  if (!Array.isArray(content)) return [];
  const result: MessagePart[] = [];
  for (const item of content) {
    const part = contentPart(item);
    if (part) result.push(part);
  }
  return result;
}

/** `ModelMessage[]` (the prompt as the caller gave it, system messages in place). */
export function inputMessages(messages: readonly unknown[] | undefined): ChatMessage[] | undefined {
  if (!messages?.length) return undefined;
  const result: ChatMessage[] = [];
  for (const message of messages) {
    if (!isRecord(message)) continue;
    result.push({ role: text(message.role) ?? 'user', parts: parts(message.content) });
  }
  return result;
}

/** `instructions` (a string, a system message or several) as the conventions' parts. */
export function systemInstructions(instructions: unknown): MessagePart[] | undefined {
  if (instructions === undefined || instructions === null) return undefined;
  const list = Array.isArray(instructions) ? instructions : [instructions];
  const result: MessagePart[] = [];
  for (const item of list) {
    const content = typeof item === 'string' ? item : isRecord(item) ? text(item.content) : '';
    if (content) result.push({ type: 'text', content });
  }
  return result.length ? result : undefined;
}

/** What one model call (or a whole run) answered: one assistant message. */
export function outputMessage(content: readonly unknown[], reason: unknown): ChatMessage[] {
  const message: ChatMessage = { role: 'assistant', parts: parts(content) };
  const finish = finishReason(reason);
  if (finish) message.finishReason = finish;
  return [message];
}

/** The prepared tool definitions of a model call (`{ type, name, description, inputSchema }`). */
export function toolDefinitions(
  tools: readonly unknown[] | undefined,
): ToolDefinition[] | undefined {
  if (!tools?.length) return undefined;
  const result: ToolDefinition[] = [];
  for (const tool of tools) {
    if (!isRecord(tool) || typeof tool.name !== 'string') continue;
    const definition: ToolDefinition = {
      type: tool.type === 'provider' ? 'extension' : 'function',
      name: tool.name,
    };
    const description = text(tool.description);
    if (description) definition.description = description;
    const parameters = tool.inputSchema ?? tool.parameters;
    if (parameters !== undefined) definition.parameters = parameters;
    result.push(definition);
  }
  return result;
}
