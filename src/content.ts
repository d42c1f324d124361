/**
 * Message content in the conventions' wire shape, as plain data. Log attributes accept nested
 * values, but the SDK drops a value that holds non-plain objects (a Date, a class instance) or
 * repeats one sub-object twice, so content is copied into fresh plain data first. Cycles, bigints
 * and functions cannot be represented and are replaced by markers rather than failing.
 */
import type { ChatMessage, MessagePart, RetrievalDocument, ToolDefinition } from './types.js';

export type PlainValue =
  string | number | boolean | null | PlainValue[] | { [key: string]: PlainValue };

const MAX_DEPTH = 32;

/** A deep copy of `value` that JSON and the logs SDK both accept. */
export function toPlain(value: unknown): PlainValue | undefined {
  return copy(value, [], 0);
}

// `ancestors` is a stack rather than a Set: content is shallow, so a linear scan of a few
// entries is cheaper than allocating a Set for every value copied.
function copy(value: unknown, ancestors: object[], depth: number): PlainValue | undefined {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : String(value);
    case 'bigint':
      return value.toString();
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
  }
  if (value === null) return null;
  const object = value as object;
  if (ancestors.includes(object)) return '[Circular]';
  if (depth >= MAX_DEPTH) return '[Truncated]';
  if (object instanceof Date) return Number.isNaN(object.getTime()) ? null : object.toISOString();
  // Bytes (a Buffer, a Uint8Array) are base64 in JSON, as the conventions carry blob content.
  if (object instanceof Uint8Array)
    return Buffer.from(object.buffer, object.byteOffset, object.byteLength).toString('base64');
  if (typeof (object as { toJSON?: unknown }).toJSON === 'function') {
    return copy((object as { toJSON(): unknown }).toJSON(), ancestors, depth + 1);
  }
  ancestors.push(object);
  try {
    if (Array.isArray(object) || object instanceof Set) {
      const out: PlainValue[] = [];
      for (const item of object) out.push(copy(item, ancestors, depth + 1) ?? null);
      return out;
    }
    const out: { [key: string]: PlainValue } = {};
    if (object instanceof Map) {
      for (const [key, item] of object) {
        const plain = copy(item, ancestors, depth + 1);
        if (plain !== undefined) out[String(key)] = plain;
      }
      return out;
    }
    for (const key in object) {
      if (!Object.hasOwn(object, key)) continue;
      const plain = copy((object as Record<string, unknown>)[key], ancestors, depth + 1);
      if (plain !== undefined) out[key] = plain;
    }
    return out;
  } finally {
    ancestors.pop();
  }
}

/** Tool-call arguments are an object where possible: a JSON string that holds one is parsed. */
function toolArguments(args: unknown): PlainValue | undefined {
  if (typeof args === 'string') {
    const trimmed = args.trim();
    if (trimmed.startsWith('{')) {
      try {
        return toPlain(JSON.parse(trimmed));
      } catch {
        return args;
      }
    }
    return args;
  }
  return toPlain(args);
}

export function wirePart(part: MessagePart): PlainValue {
  // The common parts, copied without the generic walk.
  if (
    (part.type === 'text' || part.type === 'reasoning') &&
    typeof (part as { content?: unknown }).content === 'string'
  ) {
    return { type: part.type, content: (part as { content: string }).content };
  }
  if (part.type === 'tool_call') {
    const out: { [key: string]: PlainValue } = {
      type: 'tool_call',
      name: (part as { name: string }).name,
    };
    const { id, arguments: args } = part as { id?: string; arguments?: unknown };
    if (id !== undefined) out.id = id;
    const plainArgs = toolArguments(args);
    if (plainArgs !== undefined) out.arguments = plainArgs;
    return out;
  }
  return toPlain(part) ?? null;
}

/**
 * Messages in the wire shape. `finishReasonAt` gives output messages the finish reason the
 * conventions require of them when a message has none of its own.
 */
export function wireMessages(
  messages: readonly ChatMessage[],
  finishReasonAt?: (index: number) => string,
): PlainValue[] {
  return messages.map((message, index) => {
    const out: { [key: string]: PlainValue } = {
      role: message.role,
      parts: (message.parts ?? []).map(wirePart),
    };
    if (message.name !== undefined) out.name = message.name;
    const finishReason = message.finishReason ?? finishReasonAt?.(index);
    if (finishReason !== undefined) out.finish_reason = finishReason;
    return out;
  });
}

export function wireParts(parts: readonly MessagePart[]): PlainValue[] {
  return parts.map(wirePart);
}

export function wireToolDefinitions(definitions: readonly ToolDefinition[]): PlainValue[] {
  return definitions.map((definition) => {
    const out: { [key: string]: PlainValue } = {
      type: definition.type ?? 'function',
      name: definition.name,
    };
    if (definition.description !== undefined) out.description = definition.description;
    const parameters = toPlain(definition.parameters);
    if (parameters !== undefined) out.parameters = parameters;
    return out;
  });
}

/** The scored documents: the conventions' document is an id with its score, and has no form without one. */
export function wireDocuments(documents: readonly RetrievalDocument[]): PlainValue[] | undefined {
  const out: PlainValue[] = [];
  for (const d of documents) if (d.score !== undefined) out.push({ id: d.id, score: d.score });
  return out.length > 0 ? out : undefined;
}
