/**
 * Adapters that turn other evaluation libraries' evaluators into Evaluators: LangChain's
 * `openevals` evaluators (`exactMatch`, `createLLMAsJudge(...)`, `createJsonMatchEvaluator`, ...)
 * and Braintrust `autoevals` scorers (`Factuality`, `Levenshtein`, `JSONDiff`, ...). Their shapes
 * are described structurally, so any version that keeps the shape works and neither package is
 * loaded by this module.
 */
import type { Evaluator } from '../evaluation/evaluator.js';
import { contextText, inputText, outputText } from '../evaluation/text.js';
import type { EvaluationResult, Invocation, InvocationKind } from '../types.js';

/**
 * Library evaluators declare narrower argument types (`{ outputs; referenceOutputs? }`, autoevals'
 * `ScorerArgs<number>`); method syntax makes the parameter bivariant so all of them are accepted.
 * The arguments are built at run time from the invocation and `AdapterOptions.args`.
 */
type LibraryFunction<Args, Result> = { call(args: Args): Result }['call'];

/** An openevals evaluator result (`EvaluatorResult`). */
export interface OpenEvalsResult {
  key: string;
  score: number | boolean;
  comment?: string;
}
export type OpenEvalsEvaluator = LibraryFunction<
  Record<string, unknown>,
  OpenEvalsResult | OpenEvalsResult[] | Promise<OpenEvalsResult | OpenEvalsResult[]>
>;

/** An autoevals `Score`. */
export interface AutoevalsScore {
  name: string;
  score: number | null;
  metadata?: Record<string, unknown>;
  error?: unknown;
}
export type AutoevalsScorer = LibraryFunction<
  Record<string, unknown>,
  AutoevalsScore | Promise<AutoevalsScore>
>;

export interface AdapterOptions {
  /** The evaluator's name; results keep the names the library gives them. */
  name?: string;
  kinds?: readonly InvocationKind[];
  /**
   * Extra arguments for the library call, e.g. `referenceOutputs` / `expected` from your data
   * set, merged over the defaults (the question, answer and context read from the invocation).
   */
  args?: (invocation: Invocation) => Record<string, unknown>;
}

function adapter(
  defaultName: string,
  options: AdapterOptions,
  call: (invocation: Invocation) => Promise<EvaluationResult[]>,
): Evaluator {
  return {
    name: options.name ?? defaultName,
    ...(options.kinds ? { kinds: options.kinds } : {}),
    evaluate: (invocation) => (outputText(invocation) === undefined ? [] : call(invocation)),
  };
}

function fromOpenEvalsResult(result: OpenEvalsResult): EvaluationResult {
  const converted: EvaluationResult =
    typeof result.score === 'boolean'
      ? { name: result.key, score: result.score ? 1 : 0, label: result.score ? 'pass' : 'fail' }
      : { name: result.key, score: result.score };
  if (result.comment) converted.explanation = result.comment;
  return converted;
}

export function fromOpenEvals(
  evaluator: OpenEvalsEvaluator,
  options: AdapterOptions = {},
): Evaluator {
  return adapter('openevals', options, async (invocation) => {
    const results = await evaluator({
      inputs: inputText(invocation) ?? '',
      outputs: outputText(invocation),
      context: contextText(invocation),
      ...options.args?.(invocation),
    });
    return (Array.isArray(results) ? results : [results]).map(fromOpenEvalsResult);
  });
}

function fromAutoevalsScore(score: AutoevalsScore): EvaluationResult {
  if (score.error !== undefined) {
    const error = score.error;
    return {
      name: score.name,
      error: {
        type: error instanceof Error ? error.name : 'AutoevalsError',
        message: error instanceof Error ? error.message : String(error),
      },
    };
  }
  const converted: EvaluationResult = { name: score.name };
  // autoevals reports a skipped scorer with a null score: a result without a score says so.
  if (score.score !== null) converted.score = score.score;
  const rationale = score.metadata?.rationale;
  if (typeof rationale === 'string') converted.explanation = rationale;
  const choice = score.metadata?.choice;
  if (typeof choice === 'string') converted.label = choice;
  return converted;
}

export function fromAutoevals(scorer: AutoevalsScorer, options: AdapterOptions = {}): Evaluator {
  return adapter('autoevals', options, async (invocation) => [
    fromAutoevalsScore(
      await scorer({
        input: inputText(invocation) ?? '',
        output: outputText(invocation),
        ...options.args?.(invocation),
      }),
    ),
  ]);
}
