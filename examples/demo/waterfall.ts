/**
 * The trace as a person reads it: an indented tree of spans (or snapshots) by start time, each
 * with its service, a bar placed on the trace's timeline and its duration, and under it the log
 * events and evaluation results that point at it.
 */
import type { LogRow, NodeRow } from './collected.js';
import { EVALUATION_EVENT } from './correlation.js';

const SERVICE_WIDTH = 16;
const NAME_WIDTH = 44;
const BAR_WIDTH = 36;

const pad = (text: string, width: number) =>
  text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width);

/**
 * The timeline is the request's (the root's) extent. Work that starts after it ended, such as an
 * evaluation, is marked with its delay instead of squeezing the request into a few columns.
 */
function bar(node: NodeRow, start: number, span: number): string {
  if (node.startMs > start + span) {
    return `→ starts ${Math.round(node.startMs - start - span)} ms after the request`.padEnd(
      BAR_WIDTH,
    );
  }
  const scale = BAR_WIDTH / Math.max(span, 1);
  const offset = Math.min(BAR_WIDTH - 1, Math.floor((node.startMs - start) * scale));
  const length = Math.max(1, Math.round((node.endMs - node.startMs) * scale));
  const filled = '█'.repeat(Math.min(length, BAR_WIDTH - offset));
  return `${' '.repeat(offset)}${filled}`.padEnd(BAR_WIDTH, '·');
}

const shortNumber = (value: unknown) =>
  typeof value === 'number' ? String(Math.round(value * 100) / 100) : String(value);

/** One line per event: the evaluation's verdict, or an operation's outcome and usage. */
export function describeEvent(log: LogRow): string {
  const a = log.attributes;
  if (log.eventName === EVALUATION_EVENT) {
    const failed = a['error.type'] !== undefined || a['gen_ai.evaluation.score.label'] === 'fail';
    const score = a['gen_ai.evaluation.score.value'];
    const verdict = [
      score === undefined ? undefined : `= ${shortNumber(score)}`,
      a['gen_ai.evaluation.score.label'],
      a['error.type'] === undefined ? undefined : `error ${String(a['error.type'])}`,
    ].filter((x) => x !== undefined);
    const why = a['gen_ai.evaluation.explanation'];
    const explanation = typeof why === 'string' ? `  "${pad(why, 48).trimEnd()}"` : '';
    return `${failed ? '✗' : '✓'} eval ${String(a['gen_ai.evaluation.name'])} ${verdict.join(' ')}${explanation}  [${log.service}]`;
  }
  const details = [
    a['gen_ai.response.finish_reasons'] === undefined
      ? undefined
      : `finish=${String(a['gen_ai.response.finish_reasons'])}`,
    a['gen_ai.usage.input_tokens'] === undefined
      ? undefined
      : `tokens in ${String(a['gen_ai.usage.input_tokens'])} / out ${String(a['gen_ai.usage.output_tokens'])}`,
  ].filter((x) => x !== undefined);
  return `◆ event ${log.eventName}  ${details.join('  ')}`.trimEnd();
}

export function renderWaterfall(nodes: readonly NodeRow[], logs: readonly LogRow[]): string[] {
  if (nodes.length === 0) return ['(nothing recorded)'];
  const ids = new Set(nodes.map((n) => n.spanId));
  const byStart = [...nodes].sort((a, b) => a.startMs - b.startMs);
  const roots = byStart.filter((n) => !ids.has(n.parentSpanId ?? ''));
  const start = Math.min(...roots.map((n) => n.startMs));
  const end = Math.max(...roots.map((n) => n.endMs));
  const lines = [
    `${pad('SERVICE', SERVICE_WIDTH)} ${pad('SPAN', NAME_WIDTH)} ${pad(`0 ms`, BAR_WIDTH - 8)}${`${Math.round(end - start)} ms`.padStart(8)}`,
  ];
  const walk = (parent: string | undefined, depth: number) => {
    const children = parent ? byStart.filter((n) => n.parentSpanId === parent) : roots;
    for (const node of children) {
      const name = `${'  '.repeat(depth)}${node.name}${node.error ? ' (error)' : ''}`;
      const duration = `${(node.endMs - node.startMs).toFixed(1)} ms`.padStart(10);
      lines.push(
        `${pad(node.service, SERVICE_WIDTH)} ${pad(name, NAME_WIDTH)} ${bar(node, start, end - start)}${duration}`,
      );
      const indent = ' '.repeat(SERVICE_WIDTH + 1 + 2 * (depth + 1));
      const own = logs.filter((l) => l.spanId === node.spanId).sort((a, b) => a.timeMs - b.timeMs);
      for (const log of own) lines.push(`${indent}${describeEvent(log)}`);
      walk(node.spanId, depth + 1);
    }
  };
  walk(undefined, 0);
  return lines;
}
