/**
 * The conventions say an exception is recorded once. One error that propagates tool -> agent ->
 * workflow fails each of them with the same object; only the first failure (the innermost, which
 * ends first) records it. Kept per logger provider, so handlers and scopes exporting to the same
 * place share it, and weakly, so a recorded error is still collected.
 */
const byProvider = new WeakMap<object, WeakSet<object>>();
/** Stands for the global logger provider (no provider given in the options). */
const GLOBAL_PROVIDER = {};

/** True the first time `error` is seen for `provider`; always true for non-objects (strings). */
export function firstRecording(provider: object | undefined, error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return true;
  const key = provider ?? GLOBAL_PROVIDER;
  let seen = byProvider.get(key);
  if (!seen) byProvider.set(key, (seen = new WeakSet()));
  if (seen.has(error)) return false;
  seen.add(error);
  return true;
}
