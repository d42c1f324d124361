/**
 * What offline evaluators and judges read from an invocation: its answer, its question and its
 * grounding material as plain text. Which fields those are is per-kind knowledge, kept in the
 * conventions table (conventions/kinds.ts, `evaluatedText`); these read it.
 */
import { conventionOf } from '../conventions/index.js';
import type { Invocation } from '../types.js';

/** The answer's text, or undefined when the invocation carries no answer to evaluate. */
export const outputText = (invocation: Invocation): string | undefined =>
  conventionOf(invocation).evaluatedText.output(invocation);

/** The last user turn (a retrieval's query): what the answer should address. */
export const inputText = (invocation: Invocation): string | undefined =>
  conventionOf(invocation).evaluatedText.input(invocation);

/** Grounding material: system instructions and tool responses the model was given. */
export const contextText = (invocation: Invocation): string =>
  conventionOf(invocation).evaluatedText.context(invocation);
