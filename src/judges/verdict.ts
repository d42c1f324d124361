/**
 * The structured verdict the judge must return, as a zod schema: it is both what the model is
 * asked for (openevals turns it into the structured-output JSON schema) and what the answer is
 * validated against.
 */
import { z } from 'zod';
import type { MetricDefinition } from './metrics.js';

export function verdictSchema(metric: MetricDefinition) {
  return z.object({
    score: z
      .number()
      .min(0)
      .max(1)
      .describe(`A number from 0 to 1; 1 means ${metric.highScoreMeans}, 0 means the opposite.`),
    label: z
      .enum([metric.labels[0], metric.labels[1]])
      .describe(
        `"${metric.labels[0]}" when the score is 0.5 or more, "${metric.labels[1]}" otherwise.`,
      ),
    explanation: z.string().describe('One or two sentences justifying the score.'),
  });
}
export type Verdict = z.infer<ReturnType<typeof verdictSchema>>;

export function verdictInstructions(metric: MetricDefinition): string {
  return `Grade for "${metric.name}". Answer with a score from 0 to 1 (1 means ${metric.highScoreMeans}), a label ("${metric.labels[0]}" or "${metric.labels[1]}") and a short explanation.`;
}
