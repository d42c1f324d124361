/**
 * LLM-as-judge on any LangChain chat model, built on `openevals`' `createLLMAsJudge` and its
 * maintained prompts. Each metric is one structured-output call whose answer is validated with
 * zod; a malformed or failed answer is asked for once more, then reported as a result with
 * `error` set. `openevals` is loaded on first use, so the adapters in this entry point work
 * without it.
 */
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
// errorType is to move beside the errors (../errors.js) so that evaluation stops importing emitters.
import { errorType } from '../errors.js';
import type { Evaluator } from '../evaluation/evaluator.js';
import { issuesText, jsonErrorText } from '../evaluation/issues.js';
import { registerEvaluator } from '../evaluation/registry.js';
import { contextText, inputText, outputText } from '../evaluation/text.js';
import type { EvaluationResult, InvocationKind } from '../types.js';
import { untilAborted } from './abort.js';
import { defineMetric, type JudgeMetric, type MetricDefinition } from './metrics.js';
import { verdictInstructions, verdictSchema } from './verdict.js';

export interface LlmJudgeOptions {
  /** Any LangChain chat model that supports structured output. */
  model: BaseChatModel;
  metrics: readonly JudgeMetric[];
  /** The evaluator's name (results are named after their metric). Default `llm_judge`. */
  name?: string;
  kinds?: readonly InvocationKind[];
}

type JudgeCall = (inputs: Record<string, unknown>) => Promise<Record<string, unknown>>;

export const MALFORMED_VERDICT = 'MalformedVerdict';
const ATTEMPTS = 2;

async function openevalsJudge(model: BaseChatModel, metric: MetricDefinition): Promise<JudgeCall> {
  const openevals = await import('openevals');
  const prompt =
    'openevals' in metric.prompt ? openevals[metric.prompt.openevals] : metric.prompt.template;
  return openevals.createLLMAsJudge({
    prompt,
    judge: model,
    system: verdictInstructions(metric),
    outputSchema: verdictSchema(metric),
    feedbackKey: metric.name,
  });
}

/** One metric: ask, validate, ask once more if the answer did not hold up. */
async function grade(
  call: JudgeCall,
  metric: MetricDefinition,
  inputs: Record<string, unknown>,
  signal: AbortSignal,
): Promise<EvaluationResult> {
  const schema = verdictSchema(metric);
  let problem = { type: MALFORMED_VERDICT, message: '' };
  for (let attempt = 1; attempt <= ATTEMPTS && !signal.aborted; attempt++) {
    try {
      const parsed = schema.safeParse(await untilAborted(call(inputs), signal));
      if (parsed.success) return { name: metric.name, ...parsed.data };
      problem = { type: MALFORMED_VERDICT, message: issuesText(parsed.error) };
    } catch (error) {
      if (signal.aborted) throw error;
      // A parse error quotes the judge's reply, which may quote the evaluated answer.
      const message =
        error instanceof SyntaxError
          ? jsonErrorText(error)
          : ((error as Error)?.message ?? String(error));
      problem = { type: errorType(error), message };
    }
  }
  return {
    name: metric.name,
    error: { ...problem, message: `after ${ATTEMPTS} attempts: ${problem.message}` },
  };
}

export function createLlmJudge(options: LlmJudgeOptions): Evaluator {
  const metrics = options.metrics.map(defineMetric);
  const calls = new Map<MetricDefinition, Promise<JudgeCall>>();
  const callFor = (metric: MetricDefinition) => {
    let call = calls.get(metric);
    if (!call) calls.set(metric, (call = openevalsJudge(options.model, metric)));
    return call;
  };
  return {
    name: options.name ?? 'llm_judge',
    ...(options.kinds ? { kinds: options.kinds } : {}),
    async evaluate(invocation, { signal }) {
      const outputs = outputText(invocation);
      if (outputs === undefined) return [];
      // Every variable a prompt names must be present; an empty one reads as "none given".
      const inputs = {
        inputs: inputText(invocation) ?? '',
        outputs,
        context: contextText(invocation),
        referenceOutputs: '',
      };
      return Promise.all(metrics.map(async (m) => grade(await callFor(m), m, inputs, signal)));
    },
  };
}

/**
 * Makes the judge selectable by name, e.g. `OTEL_INSTRUMENTATION_GENAI_EVALUATORS=
 * llm_judge(relevance,toxicity)`; the arguments name built-in metrics. Returns the undo.
 */
export function registerLlmJudge(model: BaseChatModel, name = 'llm_judge'): () => void {
  return registerEvaluator(name, (args) =>
    createLlmJudge({ model, name, metrics: (args.length ? args : ['relevance']) as JudgeMetric[] }),
  );
}
