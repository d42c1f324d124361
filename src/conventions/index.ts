/**
 * The conventions table read for one invocation, and the span naming it defines (public:
 * custom span emitters name their spans the same way).
 */
import type { SpanKind } from '@opentelemetry/api';
import type { Invocation } from '../types.js';
import type { KindConvention } from './kind-convention.js';
import { KIND_CONVENTIONS } from './kinds.js';

/** The invocation's entry, typed for any kind (each entry is typed against its own kind). */
export function conventionOf(invocation: Invocation): KindConvention<Invocation> {
  return KIND_CONVENTIONS[invocation.kind] as unknown as KindConvention<Invocation>;
}

export function operationName(invocation: Invocation): string | undefined {
  return conventionOf(invocation).operation(invocation);
}

/** The convention's name: `{operation} {subject}`, the operation alone, or the subject alone. */
export function spanName(invocation: Invocation): string {
  const convention = conventionOf(invocation);
  const operation = convention.operation(invocation);
  const subject = convention.spanSubject(invocation);
  if (operation === undefined) return subject || (convention.fallbackSpanName ?? invocation.kind);
  return subject ? `${operation} ${subject}` : operation;
}

export function spanKind(invocation: Invocation): SpanKind {
  return conventionOf(invocation).spanKind(invocation);
}

export { KIND_CONVENTIONS } from './kinds.js';
export type { EvaluatedText, KindConvention } from './kind-convention.js';
