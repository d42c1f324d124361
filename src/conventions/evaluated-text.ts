/**
 * The text evaluators read from messages: answers, the last user turn, grounding material.
 * Non-strings are read as JSON of their plain copy, so cycles and Dates cannot throw here.
 */
import { toPlain } from '../content.js';
import type { ChatMessage, MessagePart } from '../types.js';
import type { EvaluatedText } from './kind-convention.js';

export const asText = (value: unknown): string =>
  typeof value === 'string' ? value : JSON.stringify(toPlain(value) ?? null);

function partsText(parts: readonly MessagePart[] | undefined): string {
  const texts: string[] = [];
  for (const part of parts ?? []) {
    if (part.type === 'text') texts.push((part as { content: string }).content);
  }
  return texts.join('\n');
}

const list = <T>(value: readonly T[] | undefined): readonly T[] =>
  Array.isArray(value) ? value : [];

export interface Conversation {
  inputMessages?: ChatMessage[];
  outputMessages?: ChatMessage[];
  systemInstructions?: MessagePart[];
}

/** The output messages' text; a turn that only calls tools has none (an empty text part counts). */
function answerText(invocation: Conversation): string | undefined {
  const withText = list(invocation.outputMessages).filter((m) =>
    m.parts?.some((part) => part.type === 'text'),
  );
  if (withText.length === 0) return undefined;
  return withText.map((m) => partsText(m.parts)).join('\n');
}

function lastUserText(invocation: Conversation): string | undefined {
  const user = list(invocation.inputMessages).filter((m) => m.role === 'user');
  const last = user[user.length - 1];
  return last ? partsText(last.parts) : undefined;
}

/** System instructions, system messages and the tool responses the model was given. */
function groundingText(invocation: Conversation): string {
  const pieces: string[] = [partsText(invocation.systemInstructions)];
  for (const message of list(invocation.inputMessages)) {
    if (message.role === 'system') pieces.push(partsText(message.parts));
    for (const part of message.parts ?? []) {
      if (part.type === 'tool_call_response')
        pieces.push(asText((part as { response: unknown }).response));
    }
  }
  return pieces.filter((p) => p.length > 0).join('\n');
}

/** Kinds that carry messages: llm, agent, workflow. */
export const CONVERSATION_TEXT: EvaluatedText<Conversation> = {
  input: lastUserText,
  output: answerText,
  context: groundingText,
};

/** Kinds with nothing an evaluator reads as text. */
export const NO_TEXT: EvaluatedText<unknown> = {
  input: () => undefined,
  output: () => undefined,
  context: () => '',
};
