/**
 * The metrics a person checks after a run: operation durations, token counts and evaluation
 * scores, one line per metric stream (service and the attributes that tell streams apart).
 */
import type { MetricPointRow, MetricRow } from './collected.js';

/** The attributes that distinguish GenAI streams; the rest would only repeat them. */
const KEY_ATTRIBUTES = [
  'gen_ai.operation.name',
  'gen_ai.request.model',
  'gen_ai.agent.name',
  'gen_ai.workflow.name',
  'gen_ai.tool.name',
  'gen_ai.step.name',
  'gen_ai.token.type',
  'gen_ai.evaluation.name',
  'gen_ai.evaluation.score.label',
  'error.type',
];

const round = (value: number) => Math.round(value * 100) / 100;

function value(metric: MetricRow, point: MetricPointRow): string {
  if (point.count === undefined) return `value ${round(point.value ?? 0)}`;
  const sum = point.sum ?? 0;
  const mean = point.count ? sum / point.count : 0;
  // Durations are recorded in seconds, as the conventions require; milliseconds read better.
  if (metric.unit === 's') return `n=${point.count}  avg ${round(mean * 1000)} ms`;
  if (metric.unit === '{token}') return `n=${point.count}  total ${round(sum)} tokens`;
  return `n=${point.count}  avg ${round(mean)}`;
}

export function renderMetrics(metrics: readonly MetricRow[]): string[] {
  const lines: string[] = [];
  const sorted = [...metrics].sort((a, b) => a.name.localeCompare(b.name));
  for (const metric of sorted) {
    for (const point of metric.points) {
      const keys = KEY_ATTRIBUTES.flatMap((k) =>
        point.attributes[k] === undefined ? [] : [String(point.attributes[k])],
      );
      lines.push(
        `  ${metric.name.padEnd(34)} ${metric.service.padEnd(16)} ${keys.join(' ').padEnd(36)} ${value(metric, point)}`,
      );
    }
  }
  return lines.length ? lines : ['  (no metrics)'];
}
