/**
 * The invocation model: zod schemas are the single source of both runtime validation and the
 * static types. Field names follow the GenAI conventions in camelCase; message parts keep the
 * conventions' wire shape. Every field is optional at the type level.
 */
import { z } from 'zod';
import {
  ChatMessageSchema,
  MessagePartSchema,
  RetrievalDocumentSchema,
  ToolDefinitionSchema,
} from './conventions/messages.js';

export * from './conventions/messages.js';

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

/** The model and server of a client operation. */
const endpointFields = {
  requestModel: optionalString,
  serverAddress: optionalString,
  serverPort: z.int().min(0).max(65535).optional(),
};

const inferenceFields = {
  ...endpointFields,
  responseModel: optionalString,
  responseId: optionalString,
  inputTokens: nonNegativeInt.optional(),
  outputTokens: nonNegativeInt.optional(),
};

/** What a model was asked for, by an inference or an agent on its behalf. */
const requestParameterFields = {
  temperature: z.number().optional(),
  topP: z.number().optional(),
  topK: z.number().optional(),
  maxTokens: nonNegativeInt.optional(),
  frequencyPenalty: z.number().optional(),
  presencePenalty: z.number().optional(),
  stopSequences: z.array(z.string()).optional(),
  seed: z.int().optional(),
  choiceCount: nonNegativeInt.optional(),
  /** The request asked for a streamed response (also recorded when the handler saw chunks). */
  stream: z.boolean().optional(),
  outputType: optionalString,
};

/** How the answer ended and what it cost beyond the plain token counts. */
const completionFields = {
  finishReasons: z.array(z.string()).optional(),
  cacheReadInputTokens: nonNegativeInt.optional(),
  cacheCreationInputTokens: nonNegativeInt.optional(),
  reasoningOutputTokens: nonNegativeInt.optional(),
};

/** What the model or agent saw and answered (opt-in content). */
const conversationFields = {
  inputMessages: z.array(ChatMessageSchema).optional(),
  systemInstructions: z.array(MessagePartSchema).optional(),
  toolDefinitions: z.array(ToolDefinitionSchema).optional(),
  outputMessages: z.array(ChatMessageSchema).optional(),
};

export const LLM_OPERATIONS = ['chat', 'text_completion', 'generate_content'] as const;

export const LlmInvocationSchema = z.object({
  kind: z.literal('llm'),
  ...commonFields,
  ...inferenceFields,
  ...requestParameterFields,
  ...completionFields,
  ...conversationFields,
  operation: z.enum(LLM_OPERATIONS).optional(),
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
  // An agent's span carries its model calls' request, usage and content, as an inference's does.
  ...inferenceFields,
  ...requestParameterFields,
  ...completionFields,
  ...conversationFields,
  operation: z.enum(['invoke_agent', 'create_agent']).optional(),
  name: optionalString,
  id: optionalString,
  description: optionalString,
  version: optionalString,
  /** A remote agent gets a CLIENT span; an in-process one INTERNAL. */
  remote: z.boolean().optional(),
});

export const WorkflowInvocationSchema = z.object({
  kind: z.literal('workflow'),
  ...commonFields,
  name: optionalString,
  /** What the workflow was given and what it produced (opt-in content). */
  inputMessages: z.array(ChatMessageSchema).optional(),
  outputMessages: z.array(ChatMessageSchema).optional(),
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
  ...endpointFields,
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
