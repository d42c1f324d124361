/**
 * The messages of out-of-process evaluation (remote.ts): a request carries the invocation as JSON
 * text and an id; the reply carries the same id, the parsed copy and its results.
 */
import { z } from 'zod';
import {
  InvocationKindSchema,
  SpanContextSnapshotSchema,
  type EvaluationResult,
  type Invocation,
} from '../types.js';

export interface EvaluationPort {
  on(event: 'message', listener: (message: unknown) => void): unknown;
  postMessage(message: unknown): void;
}

/**
 * Only what routing and correlation need is checked: the handler keeps an invocation's invalid
 * fields on the object (lenient mode), and its JSON copy must still be evaluated.
 */
export const InvocationCopySchema = z.looseObject({
  kind: InvocationKindSchema,
  snapshot: SpanContextSnapshotSchema.optional(),
});

/** What the main side posts: the invocation as JSON text, and an id to match the reply. */
export const EvaluationRequestSchema = z.object({
  type: z.literal('genai-telemetry/evaluate'),
  id: z.number(),
  invocation: z.string(),
});
export type EvaluationRequest = z.infer<typeof EvaluationRequestSchema>;

/** What the worker posts back: the parsed JSON copy and its results. */
export const EvaluationReplySchema = z.object({
  type: z.literal('genai-telemetry/results'),
  id: z.number(),
  invocation: InvocationCopySchema,
  results: z.array(z.unknown()),
});
export interface EvaluationReply {
  type: 'genai-telemetry/results';
  id: number;
  invocation: Invocation;
  results: EvaluationResult[];
}
