/** The answer is valid JSON and, when a zod schema is given, matches it. */
import { z } from 'zod';
import { type CheckOptions, textCheck } from './verdict.js';
import type { Evaluator } from '../evaluator.js';
import { declaredKeys, issuesText, jsonErrorText } from '../issues.js';

export interface JsonOutputOptions extends CheckOptions {
  schema?: z.ZodType;
}

/** Models often fence JSON in Markdown; the fence is not part of the answer's structure. */
function unfence(text: string): string {
  const fenced = /^\s*```(?:json)?\s*\n([\s\S]*?)\n?```\s*$/i.exec(text);
  return fenced ? fenced[1]! : text;
}

/** The keys a zod schema declares; none when it has no JSON Schema form (then every key is hidden). */
function schemaKeys(schema: z.ZodType): Set<string> {
  try {
    return declaredKeys(z.toJSONSchema(schema, { unrepresentable: 'any' }));
  } catch {
    return new Set();
  }
}

export function jsonOutput(options: JsonOutputOptions = {}): Evaluator {
  let declared: Set<string> | undefined;
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
    declared ??= schemaKeys(options.schema);
    return {
      passed: false,
      explanation: `does not match the schema: ${issuesText(parsed.error, declared)}`,
    };
  });
}
