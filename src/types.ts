/**
 * The invocation model: zod schemas are the single source of both runtime validation and the
 * static types. Field names follow the GenAI conventions in camelCase; message parts keep the
 * conventions' wire shape. Every field is optional at the type level.
 */
import { z } from 'zod';

export const INVOCATION_KINDS = [
  'llm',
  'embedding',
  'tool_call',
  'agent',
  'workflow',
  'step',
  'retrieval',
] as const;
export const InvocationKindSchema = z.enum(INVOCATION_KINDS);
export type InvocationKind = z.infer<typeof InvocationKindSchema>;

const nonNegativeInt = z.int().nonnegative();
const optionalString = z.string().optional();

/** An OpenTelemetry attribute value: a primitive or a homogeneous array of primitives. */
export const AttributeValueSchema = z.union([
  z.string(),
  z.number(),
  z.boolean(),
  z.array(z.string()),
  z.array(z.number()),
  z.array(z.boolean()),
]);
export const AttributesSchema = z.record(z.string(), AttributeValueSchema);
export type InvocationAttributes = z.infer<typeof AttributesSchema>;

// ---- Message parts (SEMCONV.md "Messages") ----

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
  response: z.unknown(),
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
  content: z.string(),
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
  /** Output messages only; serialised as `finish_reason`. */
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

export const RetrievalDocumentSchema = z.object({ id: z.string(), score: z.number().optional() });
export type RetrievalDocument = z.infer<typeof RetrievalDocumentSchema>;

// ---- Correlation and lifecycle data written by the handler ----

// OpenTelemetry accepts upper-case hex ids (and B3 / Jaeger propagators pass them through); the
// snapshot stores them in lower case, so parsing one normalises it.
const hexId = (length: number) =>
  z
    .string()
    .regex(new RegExp(`^[0-9a-fA-F]{${length}}$`))
    .transform((id) => id.toLowerCase());

export const SpanContextSnapshotSchema = z.object({
  traceId: hexId(32),
  spanId: hexId(16),
  traceFlags: z.int().min(0).max(255),
  traceState: optionalString,
  parentSpanId: hexId(16).optional(),
  recording: z.boolean(),
});
/** The immutable identity of an invocation's span, frozen on start (see snapshot.ts). */
export type SpanContextSnapshot = Readonly<z.infer<typeof SpanContextSnapshotSchema>>;

export const InvocationErrorSchema = z.object({ type: z.string(), message: z.string() });
export type InvocationError = z.infer<typeof InvocationErrorSchema>;

// ---- Invocations ----

const commonFields = {
  provider: optionalString,
  conversationId: optionalString,
  agentName: optionalString,
  agentId: optionalString,
  attributes: AttributesSchema.optional(),
  snapshot: SpanContextSnapshotSchema.optional(),
  /** Epoch milliseconds (sub-millisecond precision), written on start. */
  startTime: z.number().optional(),
  /** Epoch milliseconds, written on stop or fail. */
  endTime: z.number().optional(),
  error: InvocationErrorSchema.optional(),
};

const inferenceFields = {
  requestModel: optionalString,
  responseModel: optionalString,
  responseId: optionalString,
  inputTokens: nonNegativeInt.optional(),
  outputTokens: nonNegativeInt.optional(),
  serverAddress: optionalString,
  serverPort: z.int().min(0).max(65535).optional(),
};

export const LLM_OPERATIONS = ['chat', 'text_completion', 'generate_content'] as const;

export const LlmInvocationSchema = z.object({
  kind: z.literal('llm'),
  ...commonFields,
  ...inferenceFields,
  operation: z.enum(LLM_OPERATIONS).optional(),
  temperature: z.number().optional(),
  topP: z.number().optional(),
  topK: z.number().optional(),
  maxTokens: nonNegativeInt.optional(),
  frequencyPenalty: z.number().optional(),
  presencePenalty: z.number().optional(),
  stopSequences: z.array(z.string()).optional(),
  seed: z.int().optional(),
  choiceCount: nonNegativeInt.optional(),
  stream: z.boolean().optional(),
  outputType: optionalString,
  inputMessages: z.array(ChatMessageSchema).optional(),
  systemInstructions: z.array(MessagePartSchema).optional(),
  toolDefinitions: z.array(ToolDefinitionSchema).optional(),
  outputMessages: z.array(ChatMessageSchema).optional(),
  finishReasons: z.array(z.string()).optional(),
  cacheReadInputTokens: nonNegativeInt.optional(),
  cacheCreationInputTokens: nonNegativeInt.optional(),
  reasoningOutputTokens: nonNegativeInt.optional(),
});

export const EmbeddingInvocationSchema = z.object({
  kind: z.literal('embedding'),
  ...commonFields,
  ...inferenceFields,
  inputTexts: z.array(z.string()).optional(),
  dimensionCount: nonNegativeInt.optional(),
  encodingFormats: z.array(z.string()).optional(),
});

export const ToolCallInvocationSchema = z.object({
  kind: z.literal('tool_call'),
  ...commonFields,
  name: optionalString,
  toolCallId: optionalString,
  toolType: optionalString,
  description: optionalString,
  arguments: z.unknown().optional(),
  result: z.unknown().optional(),
});

export const AgentInvocationSchema = z.object({
  kind: z.literal('agent'),
  ...commonFields,
  operation: z.enum(['invoke_agent', 'create_agent']).optional(),
  name: optionalString,
  id: optionalString,
  description: optionalString,
  version: optionalString,
  requestModel: optionalString,
  /** A remote agent gets a CLIENT span; an in-process one INTERNAL. */
  remote: z.boolean().optional(),
  /** What the agent was asked and what it answered (opt-in content, like an inference's). */
  inputMessages: z.array(ChatMessageSchema).optional(),
  systemInstructions: z.array(MessagePartSchema).optional(),
  outputMessages: z.array(ChatMessageSchema).optional(),
});

export const WorkflowInvocationSchema = z.object({
  kind: z.literal('workflow'),
  ...commonFields,
  name: optionalString,
});

export const StepInvocationSchema = z.object({
  kind: z.literal('step'),
  ...commonFields,
  name: optionalString,
  stepType: optionalString,
});

export const RetrievalInvocationSchema = z.object({
  kind: z.literal('retrieval'),
  ...commonFields,
  requestModel: optionalString,
  serverAddress: optionalString,
  serverPort: z.int().min(0).max(65535).optional(),
  dataSourceId: optionalString,
  query: optionalString,
  topK: z.number().optional(),
  documents: z.array(RetrievalDocumentSchema).optional(),
});

export const InvocationSchema = z.discriminatedUnion('kind', [
  LlmInvocationSchema,
  EmbeddingInvocationSchema,
  ToolCallInvocationSchema,
  AgentInvocationSchema,
  WorkflowInvocationSchema,
  StepInvocationSchema,
  RetrievalInvocationSchema,
]);

export type LlmInvocation = z.input<typeof LlmInvocationSchema>;
export type EmbeddingInvocation = z.input<typeof EmbeddingInvocationSchema>;
export type ToolCallInvocation = z.input<typeof ToolCallInvocationSchema>;
export type AgentInvocation = z.input<typeof AgentInvocationSchema>;
export type WorkflowInvocation = z.input<typeof WorkflowInvocationSchema>;
export type StepInvocation = z.input<typeof StepInvocationSchema>;
export type RetrievalInvocation = z.input<typeof RetrievalInvocationSchema>;
export type Invocation = z.input<typeof InvocationSchema>;

/** What a typed start accepts: the invocation without its `kind`, which the start sets. */
export type InvocationInit<T extends Invocation> = Omit<T, 'kind'> & { kind?: T['kind'] };

export const INVOCATION_SCHEMAS = {
  llm: LlmInvocationSchema,
  embedding: EmbeddingInvocationSchema,
  tool_call: ToolCallInvocationSchema,
  agent: AgentInvocationSchema,
  workflow: WorkflowInvocationSchema,
  step: StepInvocationSchema,
  retrieval: RetrievalInvocationSchema,
} as const satisfies Record<InvocationKind, z.ZodType>;

// ---- Evaluation ----

export const EvaluationResultSchema = z.object({
  name: z.string().min(1),
  score: z.number().optional(),
  label: optionalString,
  explanation: optionalString,
  error: InvocationErrorSchema.optional(),
  attributes: AttributesSchema.optional(),
});
export type EvaluationResult = z.infer<typeof EvaluationResultSchema>;
