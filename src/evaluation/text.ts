/**
 * What offline evaluators and judges read from an invocation: its answer and its question as
 * plain text. Any kind that carries messages works (agents and workflows gain them as the model
 * grows); a tool call's answer is its result.
 */
import { toPlain } from '../content.js';
import type { ChatMessage, Invocation, MessagePart } from '../types.js';

/** Text as it is; anything else as JSON of its plain copy (cycles and Dates cannot throw here). */
const asText = (value: unknown): string =>
  typeof value === 'string' ? value : JSON.stringify(toPlain(value) ?? null);

function partsText(parts: readonly MessagePart[] | undefined): string {
  const texts: string[] = [];
  for (const part of parts ?? []) {
    if (part.type === 'text') texts.push((part as { content: string }).content);
  }
  return texts.join('\n');
}

function messages(
  invocation: Invocation,
  field: 'inputMessages' | 'outputMessages',
): ChatMessage[] {
  const value = (invocation as { [key: string]: unknown })[field];
  return Array.isArray(value) ? (value as ChatMessage[]) : [];
}

/** The answer's text, or undefined when the invocation carries no answer to evaluate. */
export function outputText(invocation: Invocation): string | undefined {
  if (invocation.kind === 'tool_call') {
    const result = invocation.result;
    if (result === undefined) return undefined;
    return asText(result);
  }
  // A turn that only calls tools has no text answer to grade; an empty text part still counts.
  const withText = messages(invocation, 'outputMessages').filter((m) =>
    m.parts?.some((part) => part.type === 'text'),
  );
  if (withText.length === 0) return undefined;
  return withText.map((m) => partsText(m.parts)).join('\n');
}

/** The last user turn: what the answer should address. */
export function inputText(invocation: Invocation): string | undefined {
  if (invocation.kind === 'retrieval') return invocation.query;
  const user = messages(invocation, 'inputMessages').filter((m) => m.role === 'user');
  const last = user[user.length - 1];
  return last ? partsText(last.parts) : undefined;
}

/** Grounding material: system instructions and tool responses the model was given. */
export function contextText(invocation: Invocation): string {
  const pieces: string[] = [];
  if (invocation.kind === 'llm') pieces.push(partsText(invocation.systemInstructions));
  for (const message of messages(invocation, 'inputMessages')) {
    if (message.role === 'system') pieces.push(partsText(message.parts));
    for (const part of message.parts) {
      if (part.type !== 'tool_call_response') continue;
      const response = (part as { response: unknown }).response;
      pieces.push(asText(response));
    }
  }
  return pieces.filter((p) => p.length > 0).join('\n');
}
