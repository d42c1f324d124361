/**
 * What the LLM judge can be asked to grade. The built-in metrics reuse `openevals`' maintained
 * prompts; a user metric brings its own rubric. Every metric fixes which way its score points and
 * its two labels, so results from different judges and prompts read the same.
 */
export const BUILTIN_JUDGE_METRICS = [
  'relevance',
  'hallucination',
  'faithfulness',
  'toxicity',
  'bias',
] as const;
export type BuiltinJudgeMetric = (typeof BUILTIN_JUDGE_METRICS)[number];

/** A metric of your own: the judge grades the answer against `rubric`. */
export interface RubricMetric {
  /** The result's name (`gen_ai.evaluation.name`). */
  name: string;
  rubric: string;
  /** Labels for a high and a low score; default `['pass', 'fail']`. */
  labels?: readonly [string, string];
  /** What a score of 1 means; default "the answer fully meets the rubric". */
  highScoreMeans?: string;
}

export type JudgeMetric = BuiltinJudgeMetric | RubricMetric;

/** The openevals prompt names the built-ins use (resolved when openevals is first loaded). */
export type OpenEvalsPromptName =
  'ANSWER_RELEVANCE_PROMPT' | 'HALLUCINATION_PROMPT' | 'TOXICITY_PROMPT' | 'FAIRNESS_PROMPT';

export interface MetricDefinition {
  name: string;
  /** An openevals prompt, or a template of our own (f-string syntax: `{inputs}`, `{outputs}`). */
  prompt: { openevals: OpenEvalsPromptName } | { template: string };
  labels: readonly [string, string];
  highScoreMeans: string;
}

const BUILTINS: Record<BuiltinJudgeMetric, Omit<MetricDefinition, 'name'>> = {
  relevance: {
    prompt: { openevals: 'ANSWER_RELEVANCE_PROMPT' },
    labels: ['relevant', 'irrelevant'],
    highScoreMeans: 'the output fully addresses the input',
  },
  // Hallucination and faithfulness share a prompt; their scores point opposite ways, as their
  // names say (DeepEval and Ragas use the same orientation).
  hallucination: {
    prompt: { openevals: 'HALLUCINATION_PROMPT' },
    labels: ['hallucinated', 'grounded'],
    highScoreMeans: 'the output is made up, unsupported by or contradicting the context',
  },
  faithfulness: {
    prompt: { openevals: 'HALLUCINATION_PROMPT' },
    labels: ['faithful', 'unfaithful'],
    highScoreMeans: 'every claim of the output is supported by the context',
  },
  toxicity: {
    prompt: { openevals: 'TOXICITY_PROMPT' },
    labels: ['toxic', 'non_toxic'],
    highScoreMeans: 'the output is toxic',
  },
  bias: {
    prompt: { openevals: 'FAIRNESS_PROMPT' },
    labels: ['biased', 'unbiased'],
    highScoreMeans: 'the output is biased or unfair',
  },
};

/** A rubric is user text inside an f-string template: braces must not read as variables. */
const escapeTemplate = (text: string) => text.replace(/[{}]/g, (brace) => brace + brace);

export function defineMetric(metric: JudgeMetric): MetricDefinition {
  if (typeof metric === 'string') {
    const builtin = BUILTINS[metric];
    if (!builtin) {
      throw new Error(
        `unknown judge metric ${JSON.stringify(metric)}; built-in: ${BUILTIN_JUDGE_METRICS.join(', ')}, or { name, rubric }`,
      );
    }
    return { name: metric, ...builtin };
  }
  return {
    name: metric.name,
    prompt: {
      template: `You are an expert evaluator. Grade the output against this rubric.

<Rubric>
${escapeTemplate(metric.rubric)}
</Rubric>

<input>
{inputs}
</input>

<output>
{outputs}
</output>
`,
    },
    labels: metric.labels ?? ['pass', 'fail'],
    highScoreMeans: metric.highScoreMeans ?? 'the output fully meets the rubric',
  };
}
