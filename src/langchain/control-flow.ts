/**
 * LangGraph ends runs with errors that are control flow, not failures: an interrupt waiting for a
 * human, a `Command` bubbling to a parent graph. Such a run ends normally. Matched by name, since
 * @langchain/langgraph is not a dependency of this package.
 */
const CONTROL_FLOW = new Set(['GraphInterrupt', 'NodeInterrupt', 'ParentCommand', 'GraphBubbleUp']);

export function isControlFlow(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return CONTROL_FLOW.has(error.name) || CONTROL_FLOW.has(error.constructor?.name ?? '');
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
