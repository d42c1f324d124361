/** The answer is valid JSON and, when a zod schema is given, matches it. */
import type { z } from 'zod';
import { type CheckOptions, textCheck } from './verdict.js';
import type { Evaluator } from '../evaluator.js';
import { issuesText, jsonErrorText } from '../issues.js';

export interface JsonOutputOptions extends CheckOptions {
  schema?: z.ZodType;
}

/** Models often fence JSON in Markdown; the fence is not part of the answer's structure. */
function unfence(text: string): string {
  const fenced = /^\s*```(?:json)?\s*\n([\s\S]*?)\n?```\s*$/i.exec(text);
  return fenced ? fenced[1]! : text;
}

export function jsonOutput(options: JsonOutputOptions = {}): Evaluator {
  return textCheck('json', options, (text) => {
    let value: unknown;
    try {
      value = JSON.parse(unfence(text));
    } catch (error) {
      return { passed: false, explanation: jsonErrorText(error) };
    }
    if (!options.schema) return { passed: true };
    const parsed = options.schema.safeParse(value);
    if (parsed.success) return { passed: true };
    return { passed: false, explanation: `does not match the schema: ${issuesText(parsed.error)}` };
  });
}
