/**
 * Problem descriptions for result explanations and error messages. They end up in
 * `gen_ai.evaluation.result` events, which are emitted whatever the content capture mode, so they
 * name where and what went wrong but never quote the evaluated text.
 */
import type { z } from 'zod';
import { fieldIssues } from '../errors.js';

export function issuesText(error: z.ZodError): string {
  return fieldIssues(error)
    .map((i) => `${i.path || '(root)'}: ${i.message}`)
    .join('; ');
}

/** V8's JSON.parse messages quote the start of the input; keep only the position, if given. */
export function jsonErrorText(error: unknown): string {
  const position = error instanceof Error ? /at position (\d+)/.exec(error.message) : null;
  return position ? `not valid JSON (at position ${position[1]})` : 'not valid JSON';
}
