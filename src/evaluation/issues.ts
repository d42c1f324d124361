/**
 * Problem descriptions for result explanations and error messages. They end up in
 * `gen_ai.evaluation.result` events, which are emitted whatever the content capture mode, so they
 * name where and what went wrong but never quote the evaluated text: a path keeps the indices
 * and the keys its schema declares (a key only the data has, such as a record's, becomes `*`),
 * and the issues whose messages name the data's keys or carry free text get messages of ours.
 */
import type { z } from 'zod';

/** Issue codes whose messages may carry what was checked. */
const OWN_MESSAGES: Partial<Record<string, (issue: z.core.$ZodIssue) => string>> = {
  unrecognized_keys: (issue) =>
    `${(issue as z.core.$ZodIssueUnrecognizedKeys).keys.length} key(s) the schema does not declare`,
  custom: () => 'fails a custom check',
};

function pathText(path: readonly PropertyKey[], declared: ReadonlySet<string> | undefined) {
  const segments = path.map((segment) =>
    typeof segment === 'number' || !declared || declared.has(String(segment))
      ? String(segment)
      : '*',
  );
  return segments.join('.') || '(root)';
}

/**
 * `declared`: the keys the schema names, when the checked value is evaluated data (its other
 * keys are hidden); omitted for values of this library's own shapes.
 */
export function issuesText(error: z.ZodError, declared?: ReadonlySet<string>): string {
  return error.issues
    .map((issue) => {
      const message = OWN_MESSAGES[issue.code]?.(issue) ?? issue.message;
      return `${pathText(issue.path, declared)}: ${message}`;
    })
    .join('; ');
}

/** Every property name a JSON schema declares, at any depth (`properties` of any subschema). */
export function declaredKeys(jsonSchema: unknown): Set<string> {
  const keys = new Set<string>();
  const seen = new Set<object>();
  const visit = (node: unknown): void => {
    if (typeof node !== 'object' || node === null || seen.has(node)) return;
    seen.add(node);
    const properties = (node as { properties?: unknown }).properties;
    if (typeof properties === 'object' && properties !== null && !Array.isArray(properties))
      for (const key of Object.keys(properties)) keys.add(key);
    for (const value of Object.values(node)) visit(value);
  };
  visit(jsonSchema);
  return keys;
}

/** V8's JSON.parse messages quote the start of the input; keep only the position, if given. */
export function jsonErrorText(error: unknown): string {
  const position = error instanceof Error ? /at position (\d+)/.exec(error.message) : null;
  return position ? `not valid JSON (at position ${position[1]})` : 'not valid JSON';
}
