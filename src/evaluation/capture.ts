/**
 * What a queued evaluation keeps of an invocation: a frozen copy taken at completion. The caller
 * may start the same object again (a reused request template) before its evaluation runs; the
 * live object would then carry the next run's fields and snapshot, and the results would land
 * on the wrong span. The copy is shallow: fields are reassigned on reuse, not mutated, and the
 * snapshot is frozen when it is taken.
 */
import type { Invocation } from '../types.js';

export function captureInvocation(invocation: Invocation): Invocation {
  const copy: Record<string, unknown> = {};
  // for...in also copies the fields a validated view inherits from the caller's object.
  for (const key in invocation) copy[key] = (invocation as unknown as Record<string, unknown>)[key];
  return Object.freeze(copy) as unknown as Invocation;
}
