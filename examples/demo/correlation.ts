/**
 * The demo's promise, checked: one trace id across every service, and every log record (content
 * events and evaluation results alike) pointing at a node of that trace: a span with spans on,
 * an invocation's snapshot with spans off.
 */
import type { LogRow, NodeRow, ServiceCollection } from './collected.js';

export const EVALUATION_EVENT = 'gen_ai.evaluation.result';

export interface Correlation {
  /** The trace id, when there is exactly one. */
  traceId: string | undefined;
  /** The waterfall's nodes: spans, or snapshots when spans are off. */
  nodes: NodeRow[];
  logs: LogRow[];
  /** Empty when everything is correlated. */
  problems: string[];
}

const describe = (log: LogRow) => `${log.service} ${log.eventName}`;

function logProblems(logs: readonly LogRow[], nodeIds: ReadonlySet<string>, noun: string) {
  const problems: string[] = [];
  for (const log of logs) {
    if (!log.traceId || !log.spanId) problems.push(`${describe(log)} carries no trace context`);
    else if (!nodeIds.has(log.spanId))
      problems.push(`${describe(log)} points at ${log.spanId}, not a ${noun} of the trace`);
  }
  return problems;
}

export function checkCorrelation(
  collections: readonly ServiceCollection[],
  spans: boolean,
): Correlation {
  const nodes = collections.flatMap((c) => (spans ? c.spans : c.snapshots));
  const logs = collections.flatMap((c) => c.logs);
  const problems: string[] = [];

  const traceIds = new Set([
    ...nodes.map((n) => n.traceId),
    ...logs.flatMap((l) => (l.traceId ? [l.traceId] : [])),
  ]);
  if (traceIds.size !== 1)
    problems.push(`expected one trace id, found ${traceIds.size}: ${[...traceIds].join(', ')}`);

  for (const c of collections) {
    const own = spans ? c.spans : c.snapshots;
    if (own.length === 0) problems.push(`${c.service} recorded nothing`);
    if (!spans && c.spans.length > 0)
      problems.push(`${c.service} recorded ${c.spans.length} spans although spans are off`);
  }
  const nodeIds = new Set(nodes.map((n) => n.spanId));
  if (spans) {
    // The snapshot an invocation carries must be its span's identity, not an approximation.
    for (const snap of collections.flatMap((c) => c.snapshots))
      if (!nodeIds.has(snap.spanId))
        problems.push(`${snap.service} ${snap.name}: snapshot ${snap.spanId} matches no span`);
  }
  problems.push(...logProblems(logs, nodeIds, spans ? 'span' : 'snapshot'));
  if (!logs.some((l) => l.eventName === EVALUATION_EVENT))
    problems.push('no evaluation result arrived');

  const [traceId] = traceIds;
  return { traceId: traceIds.size === 1 ? traceId : undefined, nodes, logs, problems };
}
