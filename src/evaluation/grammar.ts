/**
 * The evaluator list grammar of `OTEL_INSTRUMENTATION_GENAI_EVALUATORS` (and of string items in
 * the `evaluators` option):
 *
 *   list      := item ("," item)*
 *   item      := name [ "(" arguments ")" ]
 *   arguments := argument ("," argument)*
 *
 * e.g. `length(max=2000),json,llm_judge(relevance,toxicity)`. Whitespace around names and
 * arguments is ignored. An argument may contain balanced parentheses (`regex(^(yes|no)$)`) but
 * no comma at its own level; anything richer belongs in the option, as an evaluator object.
 */
export interface EvaluatorReference {
  name: string;
  args: string[];
}

/** Splits on commas that are not inside parentheses; null when the parentheses do not balance. */
function splitTopLevel(text: string): string[] | null {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')' && --depth < 0) return null;
    else if (c === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  if (depth !== 0) return null;
  parts.push(text.slice(start));
  return parts.map((p) => p.trim()).filter((p) => p.length > 0);
}

const ITEM = /^([A-Za-z_][\w.-]*)\s*(?:\(([\s\S]*)\))?$/;

/** Parses a list; throws an Error naming the offending item, for the caller to report. */
export function parseEvaluatorList(text: string): EvaluatorReference[] {
  const items = splitTopLevel(text);
  if (items === null) throw new Error(`unbalanced parentheses in ${JSON.stringify(text)}`);
  return items.map((item) => {
    const match = ITEM.exec(item);
    if (!match) throw new Error(`${JSON.stringify(item)} is not name or name(arguments)`);
    const args = match[2] === undefined ? [] : splitTopLevel(match[2]);
    if (args === null) throw new Error(`unbalanced parentheses in ${JSON.stringify(item)}`);
    return { name: match[1]!, args };
  });
}

/** `key=value` arguments as a record; bare arguments are returned under their own position. */
export function namedArguments(args: readonly string[]): Record<string, string> {
  const named: Record<string, string> = {};
  args.forEach((arg, index) => {
    const eq = arg.indexOf('=');
    if (eq > 0) named[arg.slice(0, eq).trim()] = arg.slice(eq + 1).trim();
    else named[String(index)] = arg;
  });
  return named;
}
