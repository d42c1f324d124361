/**
 * The `evaluation` handler option and its environment variables, resolved once at construction.
 * Each field of the option wins over its variable; evaluator names go through the registry here,
 * so a typo is reported when the handler is built, not when the first invocation ends.
 */
import { z } from 'zod';
import { ConfigurationError, GenAITelemetryError } from '../errors.js';
import type { ProblemReporter } from '../report.js';
import { EvaluatorSchema, type Evaluator } from './evaluator.js';
import { parseEvaluatorList } from './grammar.js';
import { createEvaluator } from './registry.js';
import { DEFAULT_MAX_RESULTS } from './run.js';
import type { EvaluationTarget } from './target.js';

export const EVALUATION_ENV = {
  sampleRate: 'OTEL_INSTRUMENTATION_GENAI_EVALUATION_SAMPLE_RATE',
  evaluators: 'OTEL_INSTRUMENTATION_GENAI_EVALUATORS',
} as const;

export const EVALUATION_DEFAULTS = {
  sampleRate: 1,
  concurrency: 4,
  maxQueueSize: 1000,
  timeoutMs: 30_000,
  maxResultsPerCall: DEFAULT_MAX_RESULTS,
  evaluateFailed: false,
} as const;

export const EvaluationOptionsSchema = z.object({
  /** Evaluator objects and/or names in the list grammar (grammar.ts), or one such string. */
  evaluators: z.union([z.string(), z.array(z.union([z.string(), EvaluatorSchema]))]).optional(),
  /** Share of traces evaluated, by trace id (sampling.ts). */
  sampleRate: z.number().min(0).max(1).optional(),
  /** Evaluator calls running at once. */
  concurrency: z.int().min(1).optional(),
  /** Invocations waiting to be evaluated; beyond it new ones are dropped and counted. */
  maxQueueSize: z.int().min(1).optional(),
  /** Per evaluator call. */
  timeoutMs: z.number().positive().optional(),
  /** Results kept per evaluator call; the rest are dropped and counted. */
  maxResultsPerCall: z.int().min(1).optional(),
  /** Also evaluate invocations that failed. */
  evaluateFailed: z.boolean().optional(),
  /** Where accepted jobs go instead of the in-process evaluators (target.ts). */
  target: z
    .custom<EvaluationTarget>(
      (value) =>
        typeof value === 'object' &&
        value !== null &&
        typeof (value as EvaluationTarget).submit === 'function',
      { message: 'expected an evaluation target { submit(job), forceFlush?(), shutdown?() }' },
    )
    .optional(),
});
export type EvaluationOptions = z.input<typeof EvaluationOptionsSchema>;

export interface EvaluationSettings {
  readonly evaluators: readonly Evaluator[];
  readonly sampleRate: number;
  readonly concurrency: number;
  readonly maxQueueSize: number;
  readonly timeoutMs: number;
  readonly maxResultsPerCall: number;
  readonly evaluateFailed: boolean;
  readonly target?: EvaluationTarget;
}

type Environment = Readonly<Record<string, string | undefined>>;

/**
 * An unusable rate fails closed: it was meant to be some share, and evaluation may cost money
 * (model judges) or time, so none is spent until the variable is fixed. A decimal comma
 * ("0,05") is the likely slip and is named in the report.
 */
function sampleRateFromEnv(raw: string | undefined, report: ProblemReporter): number {
  if (raw === undefined || raw.trim() === '') return EVALUATION_DEFAULTS.sampleRate;
  const rate = Number(raw);
  if (Number.isFinite(rate) && rate >= 0 && rate <= 1) return rate;
  const hint = /^\s*\d*,\d+\s*$/.test(raw) ? ' (use a decimal point, not a comma)' : '';
  report(
    new ConfigurationError(
      `${EVALUATION_ENV.sampleRate}=${JSON.stringify(raw)} is not a number in [0, 1]${hint}; no trace is evaluated`,
    ),
  );
  return 0;
}

/** Every item that can be built; each one that cannot is reported on its own. */
function buildEvaluators(
  items: ReadonlyArray<string | Evaluator>,
  report: ProblemReporter,
): Evaluator[] {
  const evaluators: Evaluator[] = [];
  const attempt = (build: () => void) => {
    try {
      build();
    } catch (error) {
      if (error instanceof GenAITelemetryError) report(error);
      else report(new ConfigurationError(`evaluators: ${(error as Error).message}`));
    }
  };
  for (const item of items) {
    if (typeof item !== 'string') evaluators.push(item);
    else
      attempt(() => {
        // Each reference on its own, so one bad name does not cost the others.
        for (const reference of parseEvaluatorList(item))
          attempt(() => evaluators.push(...createEvaluator(reference)));
      });
  }
  return evaluators;
}

/** The settings, or undefined when evaluation is off (`false`, or no evaluator configured). */
export function resolveEvaluation(
  option: EvaluationOptions | false | undefined,
  env: Environment,
  report: ProblemReporter,
): EvaluationSettings | undefined {
  if (option === false) return undefined;
  const items = option?.evaluators ?? env[EVALUATION_ENV.evaluators] ?? [];
  const evaluators = buildEvaluators(typeof items === 'string' ? [items] : items, report);
  if (evaluators.length === 0) return undefined;
  return {
    evaluators,
    sampleRate: option?.sampleRate ?? sampleRateFromEnv(env[EVALUATION_ENV.sampleRate], report),
    concurrency: option?.concurrency ?? EVALUATION_DEFAULTS.concurrency,
    maxQueueSize: option?.maxQueueSize ?? EVALUATION_DEFAULTS.maxQueueSize,
    timeoutMs: option?.timeoutMs ?? EVALUATION_DEFAULTS.timeoutMs,
    maxResultsPerCall: option?.maxResultsPerCall ?? EVALUATION_DEFAULTS.maxResultsPerCall,
    evaluateFailed: option?.evaluateFailed ?? EVALUATION_DEFAULTS.evaluateFailed,
    ...(option?.target && { target: option.target }),
  };
}
