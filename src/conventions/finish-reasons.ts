/**
 * Finish reasons, which the conventions carry twice: per output message (`finish_reason`,
 * required there) and as the span's `gen_ai.response.finish_reasons`. Either is derived from the
 * other when only one is given, as the Python reference does.
 */
import type { ChatMessage } from '../types.js';

interface Completion {
  finishReasons?: string[];
  outputMessages?: ChatMessage[];
  error?: unknown;
}

/** The given finish reasons, else those of the output messages that carry one. */
export function responseFinishReasons(invocation: Completion): readonly string[] | undefined {
  if (invocation.finishReasons) return invocation.finishReasons;
  const messages = invocation.outputMessages;
  if (!Array.isArray(messages)) return undefined;
  const reasons: string[] = [];
  for (const message of messages) if (message.finishReason) reasons.push(message.finishReason);
  return reasons.length > 0 ? reasons : undefined;
}

/**
 * The finish reason of output message `index` without one of its own: the invocation's reason
 * for that choice (or its only one), else `error` for a failure and `stop` for a completion.
 */
export function outputFinishReason(invocation: Completion): (index: number) => string {
  const reasons = invocation.finishReasons;
  const fallback = invocation.error !== undefined ? 'error' : 'stop';
  return (index) => reasons?.[index] ?? (reasons?.length === 1 ? reasons[0]! : fallback);
}
