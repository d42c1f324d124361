/**
 * Evaluators by name, so configuration (the `evaluators` option's strings, or
 * `OTEL_INSTRUMENTATION_GENAI_EVALUATORS`) can select them. A factory receives the arguments of
 * `name(arg,...)` (see grammar.ts) and builds the evaluator(s). The offline built-ins are
 * registered here; `genai-telemetry/judges` adds the LLM judge with `registerLlmJudge`.
 */
import { z } from 'zod';
import { ConfigurationError } from '../errors.js';
import { jsonOutput } from './builtins/json.js';
import { keywords, lengthBounds, regexMatch } from './builtins/text-checks.js';
import { toolArguments } from './builtins/tool-arguments.js';
import type { Evaluator } from './evaluator.js';
import { namedArguments, type EvaluatorReference } from './grammar.js';
import { issuesText } from './issues.js';
import { processWide } from '../process-wide.js';

export type EvaluatorFactory = (args: readonly string[]) => Evaluator | readonly Evaluator[];

const LengthArgsSchema = z.object({
  min: z.coerce.number().int().nonnegative().optional(),
  max: z.coerce.number().int().nonnegative().optional(),
  unit: z.enum(['chars', 'words']).optional(),
});
const RegexArgsSchema = z.object({
  0: z.string().min(1, 'a pattern is required'),
  match: z.enum(['true', 'false']).optional(),
});

function parseArgs<S extends z.ZodType>(
  schema: S,
  name: string,
  args: readonly string[],
): z.output<S> {
  const parsed = schema.safeParse(namedArguments(args));
  if (!parsed.success)
    throw new ConfigurationError(`evaluator ${name}: ${issuesText(parsed.error)}`);
  return parsed.data;
}

// One registry for the process, shared by the ESM and CommonJS builds (see process-wide.ts).
const factories = processWide('evaluators', () => new Map<string, EvaluatorFactory>(builtIns()));

function builtIns(): Array<[string, EvaluatorFactory]> {
  return [
    ['json', () => jsonOutput()],
    ['tool_arguments', () => toolArguments()],
    ['length', (args) => lengthBounds(parseArgs(LengthArgsSchema, 'length', args))],
    [
      'regex',
      (args) => {
        const { 0: pattern, match } = parseArgs(RegexArgsSchema, 'regex', args);
        return regexMatch({ pattern, mustMatch: match !== 'false' });
      },
    ],
    [
      // `keywords(refund,!sorry)`: a leading `!` marks a word that must not appear.
      'keywords',
      (args) =>
        keywords({
          required: args.filter((a) => !a.startsWith('!')),
          forbidden: args.filter((a) => a.startsWith('!')).map((a) => a.slice(1)),
        }),
    ],
  ];
}

/** Registers (or replaces) a factory; returns a function that restores the previous one. */
export function registerEvaluator(name: string, factory: EvaluatorFactory): () => void {
  const previous = factories.get(name);
  factories.set(name, factory);
  return () => {
    if (factories.get(name) !== factory) return;
    if (previous) factories.set(name, previous);
    else factories.delete(name);
  };
}

export function registeredEvaluatorNames(): string[] {
  return [...factories.keys()].sort();
}

/** Builds the referenced evaluators; throws a ConfigurationError naming what cannot be built. */
export function createEvaluator(reference: EvaluatorReference): Evaluator[] {
  const factory = factories.get(reference.name);
  if (!factory) {
    throw new ConfigurationError(
      `unknown evaluator ${JSON.stringify(reference.name)}; registered: ${registeredEvaluatorNames().join(', ')}`,
    );
  }
  const built = factory(reference.args);
  return Array.isArray(built) ? [...built] : [built as Evaluator];
}
