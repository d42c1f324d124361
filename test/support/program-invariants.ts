/**
 * The invariants a program run must satisfy, checked on what the SDK exported. Each returns
 * human-readable violations (empty when it holds) so the property test and the 100k script share
 * them without depending on vitest.
 */
import { DataPointType } from '@opentelemetry/sdk-metrics';
import type { HandlerStats, SpanContextSnapshot } from '../../src/index.js';
import { TEST_SPAN_ID, TEST_TRACE_ID, type TestTelemetry } from './telemetry.js';

export interface Observed {
  /** Every snapshot a start of this program produced (one per start that happened). */
  snapshots: SpanContextSnapshot[];
  /** Child snapshot and the parent span id it must point at (null: none, a root). */
  parentLinks: Array<{ child: SpanContextSnapshot; parentSpanId: string | null }>;
  /** Errors that reached the program from telemetry (never the program's own). */
  thrown: unknown[];
  /** Violations the program saw while it ran (an active context left behind, say). */
  noticed: string[];
  unhandledRejections: unknown[];
  diagMessages: string[];
  stats: HandlerStats;
}

export interface SignalCounts {
  spans: number;
  logs: number;
  points: number;
  evaluationEvents: number;
}

const key = (traceId: unknown, spanId: unknown) => `${String(traceId)}/${String(spanId)}`;

/** Whatever reached the program, printable (a revoked proxy throws on String()). */
export function printable(value: unknown): string {
  try {
    return value instanceof Error ? `${value.name}: ${value.message}` : String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

export async function checkInvariants(
  t: TestTelemetry,
  observed: Observed,
  spansExpected: boolean,
): Promise<{ violations: string[]; counts: SignalCounts }> {
  const violations: string[] = [];
  const known = new Set(observed.snapshots.map((s) => key(s.traceId, s.spanId)));

  for (const error of observed.thrown) violations.push(`telemetry threw: ${printable(error)}`);
  for (const reason of observed.unhandledRejections)
    violations.push(`unhandled rejection: ${printable(reason)}`);
  violations.push(...observed.noticed);
  for (const message of observed.diagMessages)
    if (message.includes('end() on a span once')) violations.push(`span ended twice: ${message}`);

  // Every started invocation's span ended exactly once, and no span belongs to nothing.
  const ends = new Map<string, number>();
  for (const span of t.spans()) {
    const id = key(span.spanContext().traceId, span.spanContext().spanId);
    ends.set(id, (ends.get(id) ?? 0) + 1);
    if (!known.has(id)) violations.push(`span ${span.name} matches no snapshot`);
  }
  for (const snapshot of observed.snapshots) {
    const count = ends.get(key(snapshot.traceId, snapshot.spanId)) ?? 0;
    const expected = spansExpected && snapshot.recording ? 1 : 0;
    if (count !== expected)
      violations.push(`span ${snapshot.spanId} ended ${count} times, expected ${expected}`);
  }
  for (const { child, parentSpanId } of observed.parentLinks)
    if ((child.parentSpanId ?? null) !== parentSpanId)
      violations.push(
        `child ${child.spanId} has parent ${child.parentSpanId}, not ${parentSpanId ?? 'none'}`,
      );

  // Every log record (details, exceptions, evaluation results) carries a program snapshot.
  const logs = t.logs();
  for (const record of logs) {
    const sc = record.spanContext;
    if (!sc || !known.has(key(sc.traceId, sc.spanId)))
      violations.push(`log ${record.eventName} is not correlated with a snapshot`);
  }

  // Every histogram point was recorded in a snapshot's context (the test view records it).
  let points = 0;
  for (const metric of await t.metrics()) {
    if (metric.dataPointType !== DataPointType.HISTOGRAM) continue;
    for (const point of metric.dataPoints) {
      points++;
      if (!known.has(key(point.attributes[TEST_TRACE_ID], point.attributes[TEST_SPAN_ID])))
        violations.push(`${metric.descriptor.name} point is not correlated with a snapshot`);
    }
  }

  const { started, stopped, failed, inFlight } = observed.stats;
  if (started !== observed.snapshots.length)
    violations.push(`stats.started ${started} but ${observed.snapshots.length} starts happened`);
  if (started !== stopped + failed + inFlight)
    violations.push(`counters do not reconcile: ${JSON.stringify(observed.stats)}`);
  if (inFlight !== 0) violations.push(`${inFlight} invocation(s) still in flight after the drain`);

  return {
    violations,
    counts: {
      spans: t.spans().length,
      logs: logs.length,
      points,
      evaluationEvents: logs.filter((r) => r.eventName === 'gen_ai.evaluation.result').length,
    },
  };
}
