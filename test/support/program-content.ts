/**
 * The content a random program handles (message texts, tool arguments and results, queries,
 * embedded texts, the model's answer) and the search that proves none of it left: with capture
 * off, no signal may carry any of these texts, whatever path they took (a field, an error
 * message quoting it, a parser error carrying it, an evaluator failure quoting the answer).
 * Each text is distinctive, so finding it anywhere in the export can only be a leak. The search
 * is for each text's first ten characters, not the whole text: content cut short is still
 * content, and V8's JSON.parse errors quote the first ten characters of what they could not
 * parse (`Unexpected token 'S', "Sunny over"... is not valid JSON`).
 */
import { exportedText } from './exported-text.js';
import type { TestTelemetry } from './telemetry.js';

export const CONTENT = {
  question: 'Is it sunny in Lyon-Part-Dieu today?',
  system: 'You are a terse travel assistant.',
  answer: 'Sunny over Lyon-Part-Dieu, 24 degrees.',
  city: 'Lyon-Part-Dieu-district',
  forecast: 'sunny-24-degrees-forecast',
  query: 'lyon-guide-search-query',
  embedded: 'lyon-text-to-embed',
} as const;

const TEXTS: readonly string[] = Object.values(CONTENT);
const PREFIX_LENGTH = 10;
const PREFIXES = [...new Set(TEXTS.map((text) => text.slice(0, PREFIX_LENGTH)))];

/**
 * A content text the invocation's own fields carry, for an error that quotes it (a tool quoting
 * its input); undefined when it carries none. Walks field by field: one throwing getter or a
 * cycle must not hide the others.
 */
export function quotedContent(value: unknown, depth = 0): string | undefined {
  if (typeof value === 'string') return TEXTS.includes(value) ? value : undefined;
  if (depth > 6 || typeof value !== 'object' || value === null) return undefined;
  for (const key of Object.keys(value)) {
    let field: unknown;
    try {
      field = (value as Record<string, unknown>)[key];
    } catch {
      continue;
    }
    const found = quotedContent(field, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** Violations: every place a content text appears in what the SDK exported. */
export async function contentLeaks(t: TestTelemetry): Promise<string[]> {
  const exported = await exportedText(t);
  const violations: string[] = [];
  for (const [signal, text] of Object.entries(exported)) {
    if (typeof text !== 'string') continue;
    for (const prefix of PREFIXES) {
      const at = text.indexOf(prefix);
      if (at >= 0)
        violations.push(
          `content "${prefix}…" exported with capture off in ${signal}: …${text.slice(Math.max(0, at - 120), at + 60)}…`,
        );
    }
  }
  return violations;
}
