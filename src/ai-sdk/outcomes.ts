/**
 * How AI SDK calls end when they do not simply complete. A caller's abort is a cancellation,
 * not a failure of the run: what it cut off (a model call, a tool) fails with `AbortError`, the
 * run itself ends without error status. A model call that finished with reason `error` reports
 * no error object: it fails with the conventions' `_OTHER` type.
 */

/** The error a cut-off model call or tool fails with; its class name is the `error.type`. */
export class AbortError extends Error {
  override name = 'AbortError';
}

export const cancellation = (): AbortError => new AbortError('the caller aborted the AI SDK call');

/** An abort (or a provider error caused by one), as `AbortSignal` reports it. */
export function isAbort(error: unknown): boolean {
  for (let e = error, depth = 0; e && depth < 4; depth++) {
    if ((e as { name?: unknown }).name === 'AbortError') return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/** A failure without an error object: `error.type` `_OTHER`, and a message saying what happened. */
export function otherError(message: string): { type: string; toString(): string } {
  return { type: '_OTHER', toString: () => message };
}
