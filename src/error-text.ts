/**
 * Error text counts as content: parsers quote the model's answer in their errors (LangChain's
 * `OutputParserException: Failed to parse. Text: "<answer>"`) and tools quote their input
 * (`no such account: <input>`). What may be recorded of an error's message and stack trace is
 * decided here, once per failure, by the `errorMessages` policy:
 * - `full`: as thrown;
 * - `redacted`: every piece of the invocation's content (message texts, tool arguments and
 *   results, queries...), every text the error carries besides its message (a parser
 *   error's `llmOutput`, `observation`...) and every quoted stretch of the message is replaced
 *   by a mark;
 * - `none`: no message or stack trace at all (`error.type` only).
 * The default is `full` when content is captured and `redacted` when it is not.
 */
import { errorMessage } from './errors.js';
import type { Invocation } from './types.js';

export const ERROR_MESSAGE_POLICIES = ['full', 'redacted', 'none'] as const;
export type ErrorMessagePolicy = (typeof ERROR_MESSAGE_POLICIES)[number];

export const REDACTION_MARK = '[content redacted]';

/** Texts shorter than this are too common to be told apart from the error's own words. */
const MIN_CONTENT_LENGTH = 4;
/** Bounds the failure path's work on huge conversations: at most this many texts are looked for. */
const MAX_CONTENT_TEXTS = 256;
/** Fields of the invocation that carry content (the capture-gated ones). */
const CONTENT_FIELDS = [
  'inputMessages',
  'outputMessages',
  'systemInstructions',
  'arguments',
  'result',
  'query',
  'inputTexts',
  'documents',
] as const;
const ERROR_OWN_TEXT = new Set(['message', 'stack', 'name']);

export interface RecordableErrorText {
  readonly message: string;
  readonly stacktrace: string | undefined;
}

/** Never throws, whatever was thrown (a revoked proxy, throwing getters...). */
export function recordableErrorText(
  error: unknown,
  invocation: Invocation,
  policy: ErrorMessagePolicy,
): RecordableErrorText {
  if (policy === 'none') return { message: '', stacktrace: undefined };
  const message = errorMessage(error);
  const stack = stackOf(error);
  if (policy === 'full') return { message, stacktrace: stack };
  let texts: string[];
  try {
    texts = contentTexts(error, invocation);
  } catch {
    // Content that cannot even be read cannot be looked for: record nothing of the text.
    return { message: '', stacktrace: undefined };
  }
  return { message: redact(message, texts), stacktrace: stack && redact(stack, texts) };
}

/**
 * An error message that arrived as text (an evaluator's failure, from another process), as it
 * may be recorded: only the invocation's own content can be looked for in it.
 */
export function recordableMessage(
  message: string,
  invocation: Invocation,
  policy: ErrorMessagePolicy,
): string {
  return recordableErrorText(message, invocation, policy).message;
}

function stackOf(error: unknown): string | undefined {
  try {
    const stack = (error as { stack?: unknown } | null)?.stack;
    return typeof stack === 'string' ? stack : undefined;
  } catch {
    return undefined;
  }
}

/** Longest first, so a text containing another is replaced whole. */
function contentTexts(error: unknown, invocation: Invocation): string[] {
  const texts = new Set<string>();
  const add = (value: unknown, depth: number): void => {
    if (texts.size >= MAX_CONTENT_TEXTS || depth > 8) return;
    if (typeof value === 'string') {
      if (value.length < MIN_CONTENT_LENGTH) return;
      texts.add(value);
      // Tool arguments often arrive as a JSON string: the values inside are what errors quote.
      const first = value.trimStart()[0];
      if (first === '{' || first === '[') {
        try {
          add(JSON.parse(value) as unknown, depth + 1);
        } catch {
          // Not JSON after all: the whole string was added.
        }
      }
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    for (const item of Array.isArray(value) ? value : Object.values(value)) add(item, depth + 1);
  };
  const record = invocation as unknown as Record<string, unknown>;
  for (const field of CONTENT_FIELDS) add(record[field], 0);
  if (typeof error === 'object' && error !== null) {
    for (const key of Object.keys(error)) {
      if (!ERROR_OWN_TEXT.has(key)) add((error as Record<string, unknown>)[key], 0);
    }
  }
  return [...texts].sort((a, b) => b.length - a.length);
}

/** A quoted stretch of an error message: V8's `JSON.parse` errors quote a prefix of the input. */
const QUOTED = /"([^"]{4,})"|'([^']{4,})'/g;

function redact(text: string, contents: readonly string[]): string {
  let result = text;
  for (const content of contents) {
    if (result.includes(content)) result = result.split(content).join(REDACTION_MARK);
  }
  // Errors quote pieces of what they failed on (`Unexpected token 'S', "Sunny over"... is not
  // valid JSON`), often of text the invocation never held (a parser step's input): whatever an
  // error quotes is taken for content.
  return result.replace(QUOTED, REDACTION_MARK);
}
