/** The demo's printout: the trace, the metrics, and the one line that sums it up. */
import type { ServiceCollection } from './collected.js';
import { EVALUATION_EVENT, type Correlation } from './correlation.js';
import { renderMetrics } from './metrics-summary.js';
import { renderWaterfall } from './waterfall.js';

export interface DemoCounts {
  services: number;
  spans: number;
  snapshots: number;
  logEvents: number;
  evaluationResults: number;
  metricPoints: number;
}

export function countsOf(collections: readonly ServiceCollection[]): DemoCounts {
  const all = <T>(pick: (c: ServiceCollection) => readonly T[]) => collections.flatMap(pick);
  const logs = all((c) => c.logs);
  return {
    services: collections.length,
    spans: all((c) => c.spans).length,
    snapshots: all((c) => c.snapshots).length,
    logEvents: logs.length,
    evaluationResults: logs.filter((l) => l.eventName === EVALUATION_EVENT).length,
    metricPoints: all((c) => c.metrics).reduce((n, m) => n + m.points.length, 0),
  };
}

export function summaryLine(correlation: Correlation, counts: DemoCounts, spans: boolean): string {
  const nodes = spans ? `${counts.spans} spans` : `0 spans (off), ${counts.snapshots} snapshots`;
  const verdict = correlation.problems.length
    ? `FAILED: ${correlation.problems.length} problem(s), listed above`
    : 'all correlated';
  return `trace ${correlation.traceId ?? '(several)'}: ${counts.services} services, ${nodes}, ${counts.logEvents} log events, ${counts.evaluationResults} evaluation results, ${counts.metricPoints} metric points; ${verdict}`;
}

export function renderReport(
  collections: readonly ServiceCollection[],
  correlation: Correlation,
  spans: boolean,
): string[] {
  const services = collections.map((c) => c.service).join(' → ');
  const source = spans ? 'spans' : 'snapshots (spans are off: no span was recorded)';
  return [
    '',
    `TRACE ${correlation.traceId ?? '(more than one!)'} across ${services}, drawn from ${source}`,
    '',
    ...renderWaterfall(correlation.nodes, correlation.logs),
    '',
    'METRICS',
    ...renderMetrics(collections.flatMap((c) => c.metrics)),
    '',
    ...correlation.problems.map((p) => `PROBLEM: ${p}`),
    summaryLine(correlation, countsOf(collections), spans),
  ];
}
