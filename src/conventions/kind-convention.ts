/**
 * The shape of one entry of the per-kind conventions table (kinds.ts). Field references are
 * names of the kind's own invocation fields, typed so that the compiler rejects a field the kind
 * does not have or whose values are no attribute value.
 */
import type { AttributeValue, SpanKind } from '@opentelemetry/api';
import type { PlainValue } from '../content.js';
import type { Invocation } from '../types.js';

/** The fields of `I` whose values are attribute values. */
export type AttributeField<I> = {
  [K in keyof I]-?: NonNullable<I[K]> extends AttributeValue ? K : never;
}[keyof I] &
  string;

/** The fields of `I` whose values are numbers (token counts). */
export type NumberField<I> = {
  [K in keyof I]-?: NonNullable<I[K]> extends number ? K : never;
}[keyof I] &
  string;

/** Attribute name -> the invocation field it is read from, written when the field is set. */
export type FieldAttributes<I> = readonly (readonly [
  attribute: string,
  field: AttributeField<I>,
])[];

/** Content attributes in plain (structured) form: attribute name -> value. */
export type ContentValues = Record<string, PlainValue>;

/** What evaluators and judges read from an invocation, as plain text. */
export interface EvaluatedText<I> {
  /** The question: what the answer should address. */
  input(invocation: I): string | undefined;
  /** The answer, or undefined when the invocation carries none to grade. */
  output(invocation: I): string | undefined;
  /** Grounding material the answer was given ('' when none). */
  context(invocation: I): string;
}

export interface KindConvention<I extends Invocation> {
  /** `gen_ai.operation.name`; undefined for what no GenAI operation covers (steps). */
  operation(invocation: I): string | undefined;
  /** What follows the operation in the span name; a kind without an operation is named by it alone. */
  spanSubject(invocation: I): string | undefined;
  /** Used as the whole span name when there is neither operation nor subject. */
  fallbackSpanName?: string;
  spanKind(invocation: I): SpanKind;
  /** A call to a model or service outside the process (inference, embeddings, retrieval). */
  clientOperation: boolean;
  /**
   * Which histogram takes the duration: the conventions' `gen_ai.client.operation.duration` for
   * every GenAI operation, the project's own metric for what none covers (workflows, steps).
   */
  duration: 'operation' | 'invocation';
  /** A failure emits `gen_ai.client.operation.exception` (steps are no GenAI operation). */
  exceptionEvent: boolean;
  /** The end emits `gen_ai.client.inference.operation.details` (when selected): inferences. */
  detailsEvent: boolean;
  /** `gen_ai.request.stream` is also set when the handler saw the response stream. */
  streams: boolean;
  /** Passed at span start, so samplers see them. */
  request: FieldAttributes<I>;
  /** Set at the end. */
  response: FieldAttributes<I>;
  /** `gen_ai.response.finish_reasons`, when the kind has them. */
  finishReasons?(invocation: I): readonly string[] | undefined;
  /** Metric dimensions: bounded names only, never ids or content. */
  metric: FieldAttributes<I>;
  /** `gen_ai.client.token.usage` points, by `gen_ai.token.type`. */
  tokens: { readonly input?: NumberField<I>; readonly output?: NumberField<I> };
  /** Opt-in content, in the conventions' wire shape; undefined when the invocation has none. */
  content(invocation: I): ContentValues | undefined;
  /** Attributes the conventions require that only the caller can give: missing ones are reported. */
  required: FieldAttributes<I>;
  evaluatedText: EvaluatedText<I>;
}

/** The table's type: one entry per kind, each typed against its own invocation type. */
export type KindConventions = {
  readonly [K in Invocation['kind']]: KindConvention<Extract<Invocation, { kind: K }>>;
};
