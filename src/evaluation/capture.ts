/**
 * What a queued evaluation keeps of an invocation: a copy taken at completion. The caller may
 * start the same object again (a reused request template) before its evaluation runs; the live
 * object would then carry the next run's fields and snapshot, and the results would land on the
 * wrong span. The copy is shallow: fields are reassigned on reuse, not mutated, and the snapshot
 * is frozen when it is taken.
 *
 * Copying is on the caller's `stop`, freezing is not: `freezeCapture` runs when the job is
 * dispatched, on a later turn (freezing costs more than the copy itself).
 */
import type { Invocation } from '../types.js';

export function captureInvocation(invocation: Invocation): Invocation {
  // A plain object copies fastest by spread; a validated view also inherits the caller's fields.
  if (Object.getPrototypeOf(invocation) === Object.prototype) return { ...invocation };
  const copy: Record<string, unknown> = {};
  for (const key in invocation) copy[key] = (invocation as unknown as Record<string, unknown>)[key];
  return copy as unknown as Invocation;
}

export const freezeCapture = (captured: Invocation): Invocation => Object.freeze(captured);
