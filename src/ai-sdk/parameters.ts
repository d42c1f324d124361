/** The request parameters of an AI SDK call, as it names them, onto an invocation's fields. */
import type { AgentInvocation, LlmInvocation } from '../index.js';

/** Request parameters as the AI SDK names them -> the invocation's fields. */
export const PARAMETERS = [
  ['temperature', 'temperature'],
  ['topP', 'topP'],
  ['topK', 'topK'],
  ['maxOutputTokens', 'maxTokens'],
  ['frequencyPenalty', 'frequencyPenalty'],
  ['presencePenalty', 'presencePenalty'],
  ['stopSequences', 'stopSequences'],
  ['seed', 'seed'],
] as const;

export type Parameters = Partial<Record<(typeof PARAMETERS)[number][0], unknown>>;

/** The request parameters, for a model call or for the agent run that asked for them. */
export function copyParameters<T extends LlmInvocation | AgentInvocation>(
  target: T,
  parameters: Parameters,
): T {
  const fields = target as Record<string, unknown>;
  for (const [from, to] of PARAMETERS) {
    const value = parameters[from];
    if (value !== undefined && value !== null) fields[to] = value;
  }
  return target;
}
