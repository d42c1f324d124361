/**
 * What a live run keeps. A run holds its invocation until it ends, which for an abandoned stream
 * can be long: with no signal that needs content (capture off, no evaluation) the content fields
 * are dropped once the run has started, so a held run costs little. The registry's memory bound
 * counts what is kept, approximately (string lengths; a fixed share for the run's state).
 */
import type { TelemetryHandler } from '../handler.js';
import type { Invocation } from '../types.js';
import { REDACTION_MARK } from '../error-text.js';

/** The invocation fields that carry content (the capture-gated ones). */
const CONTENT_FIELDS = [
  'inputMessages',
  'systemInstructions',
  'toolDefinitions',
  'arguments',
  'query',
] as const;

/** The span, its context and the run's entry, roughly. */
export const STATE_BYTES = 2048;
/** Bounds the size walk of one invocation. */
const MAX_NODES = 10_000;

export function contentNeeded(handler: TelemetryHandler): boolean {
  return handler.config.captureMode !== 'none' || handler.evaluation !== undefined;
}

/** Drops the content fields; returns whether any was there. */
export function dropContent(invocation: Invocation): boolean {
  const fields = invocation as Record<string, unknown>;
  let dropped = false;
  for (const field of CONTENT_FIELDS) {
    if (fields[field] === undefined) continue;
    fields[field] = undefined;
    dropped = true;
  }
  return dropped;
}

/** Approximate bytes the run holds: two per string character, eight per other leaf. */
export function approximateBytes(invocation: Invocation | undefined): number {
  if (!invocation) return STATE_BYTES;
  let bytes = STATE_BYTES;
  let nodes = 0;
  const stack: unknown[] = CONTENT_FIELDS.map((f) => (invocation as Record<string, unknown>)[f]);
  while (stack.length > 0 && nodes++ < MAX_NODES) {
    const value = stack.pop();
    if (typeof value === 'string') bytes += value.length * 2;
    else if (Array.isArray(value)) stack.push(...value);
    else if (typeof value === 'object' && value !== null) stack.push(...Object.values(value));
    else if (value !== undefined) bytes += 8;
  }
  return bytes;
}

/**
 * The error to report for a run whose content was dropped, when error text is to be redacted:
 * the core can no longer find the content the message may quote, so the text is withheld. Same
 * class (so the same `error.type`), no message or stack.
 */
export function withheldError(error: unknown, handler: TelemetryHandler): unknown {
  if (handler.config.errorMessages !== 'redacted' || !(error instanceof Error)) return error;
  try {
    const standIn = Object.create(Object.getPrototypeOf(error) as object) as Error;
    Object.defineProperties(standIn, {
      message: { value: REDACTION_MARK },
      stack: { value: undefined },
      name: { value: error.name },
    });
    return standIn;
  } catch {
    return new Error(REDACTION_MARK);
  }
}
