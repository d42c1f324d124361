/**
 * The JSON text of an invocation for another process. Tool arguments may hold what JSON refuses
 * (a BigInt, a cycle): those go through the core's plain copy, as evaluated text already does.
 */
import { toPlain } from '../content.js';
import type { Invocation } from '../types.js';

/** Undefined when not even the plain copy can be made (a getter that throws, say). */
export function serialiseInvocation(invocation: Invocation): string | undefined {
  try {
    return JSON.stringify(invocation);
  } catch {
    try {
      return JSON.stringify(toPlain(invocation));
    } catch {
      return undefined;
    }
  }
}
