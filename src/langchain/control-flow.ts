/**
 * LangGraph ends runs with errors that are control flow, not failures: an interrupt waiting for a
 * human, a `Command` bubbling to a parent graph. Such a run ends normally. Matched by name, since
 * @langchain/langgraph is not a dependency of this package.
 */
const CONTROL_FLOW = new Set(['GraphInterrupt', 'NodeInterrupt', 'ParentCommand', 'GraphBubbleUp']);

const INTERRUPTS = new Set(['GraphInterrupt', 'NodeInterrupt']);

const named = (error: unknown, names: ReadonlySet<string>): boolean =>
  error instanceof Error && (names.has(error.name) || names.has(error.constructor?.name ?? ''));

/** An `interrupt()` waiting for a human: the execution is paused, to be resumed. */
export const isInterrupt = (error: unknown): boolean => named(error, INTERRUPTS);

export function isControlFlow(error: unknown): boolean {
  return named(error, CONTROL_FLOW);
}

/**
 * An abort: the caller's AbortSignal fired (a DOMException or LangChain's own `AbortError`), or
 * the error is the signal's reason LangChain rethrew as is. The run was cancelled, not failed.
 */
export function isCancellation(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return (
    error.name === 'AbortError' || error.message === 'AbortError' || error.message === 'Aborted'
  );
}
