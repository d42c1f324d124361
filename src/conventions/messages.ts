/**
 * The conventions' message shape (SEMCONV.md "Messages"), as zod schemas: parts, chat messages,
 * tool definitions and retrieval documents. Field names keep the wire shape, except that a
 * message's finish reason is `finishReason` (serialised as `finish_reason`) and a blob's bytes
 * may be given as bytes (serialised as base64).
 */
import { z } from 'zod';

const optionalString = z.string().optional();
/** A key that must be present with a value; `undefined` is what JSON would silently drop. */
const present = z.unknown().refine((value) => value !== undefined, { message: 'required' });

export const TextPartSchema = z.object({ type: z.literal('text'), content: z.string() });
export const ToolCallPartSchema = z.object({
  type: z.literal('tool_call'),
  id: optionalString,
  name: z.string(),
  arguments: z.unknown().optional(),
});
export const ToolCallResponsePartSchema = z.object({
  type: z.literal('tool_call_response'),
  id: optionalString,
  response: present,
});
const serverToolPayload = z.looseObject({ type: z.string() });
export const ServerToolCallPartSchema = z.object({
  type: z.literal('server_tool_call'),
  id: optionalString,
  name: z.string(),
  server_tool_call: serverToolPayload,
});
export const ServerToolCallResponsePartSchema = z.object({
  type: z.literal('server_tool_call_response'),
  id: optionalString,
  server_tool_call_response: serverToolPayload,
});
const modality = z.string();
export const BlobPartSchema = z.object({
  type: z.literal('blob'),
  modality,
  mime_type: optionalString,
  /** Base64 text, or the bytes themselves (a Uint8Array or Buffer), recorded as base64. */
  content: z.union([z.string(), z.instanceof(Uint8Array)]),
});
export const UriPartSchema = z.object({
  type: z.literal('uri'),
  modality,
  mime_type: optionalString,
  uri: z.string(),
});
export const FilePartSchema = z.object({
  type: z.literal('file'),
  modality,
  mime_type: optionalString,
  file_id: z.string(),
});
export const ReasoningPartSchema = z.object({ type: z.literal('reasoning'), content: z.string() });

const KnownPartSchema = z.discriminatedUnion('type', [
  TextPartSchema,
  ToolCallPartSchema,
  ToolCallResponsePartSchema,
  ServerToolCallPartSchema,
  ServerToolCallResponsePartSchema,
  BlobPartSchema,
  UriPartSchema,
  FilePartSchema,
  ReasoningPartSchema,
]);
const KNOWN_PART_TYPES: ReadonlySet<string> = new Set(
  KnownPartSchema.options.map((o) => o.shape.type.value),
);
/** The conventions allow parts of other types; a known type must still have its own shape. */
export const CustomPartSchema = z.looseObject({
  type: z
    .string()
    .refine((t) => !KNOWN_PART_TYPES.has(t), { message: 'malformed part of a known type' }),
});
export const MessagePartSchema = z.union([KnownPartSchema, CustomPartSchema]);
export type MessagePart = z.infer<typeof MessagePartSchema>;

export const ChatMessageSchema = z.object({
  role: z.string(),
  parts: z.array(MessagePartSchema),
  name: optionalString,
  /**
   * Output messages only; serialised as `finish_reason`. When absent, the invocation's
   * `finishReasons` (by choice index) or, on failure, `error` fills it: the conventions require it.
   */
  finishReason: optionalString,
});
export type ChatMessage = z.infer<typeof ChatMessageSchema>;

export const ToolDefinitionSchema = z.object({
  type: z.string().default('function'),
  name: z.string(),
  description: optionalString,
  parameters: z.unknown().optional(),
});
export type ToolDefinition = z.input<typeof ToolDefinitionSchema>;

/**
 * A retrieved document. The conventions' document is an id with its relevance score: one
 * without a score is kept on the invocation (and for evaluators) but left out of
 * `gen_ai.retrieval.documents`, which has no form for it.
 */
export const RetrievalDocumentSchema = z.object({ id: z.string(), score: z.number().optional() });
export type RetrievalDocument = z.infer<typeof RetrievalDocumentSchema>;
