/**
 * What each service hands to the renderer and the correlation check: plain, structured-clonable
 * rows, because the evaluation worker's telemetry lives in another thread and has to cross a
 * message port. Converting every service the same way keeps one renderer for all of them.
 */
import { SpanKind, SpanStatusCode, type HrTime } from '@opentelemetry/api';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import type { MetricData, ResourceMetrics } from '@opentelemetry/sdk-metrics';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { Invocation } from '../../src/index.js';
// Not part of the public API (yet): the span emitter's naming, so a snapshot node is named
// exactly as its span would have been.
import { spanName } from '../../src/index.js';

/** Both a span and, with spans off, an invocation's snapshot become one node of the tree. */
export interface NodeRow {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  /** `server`, `client`, `internal`... or `snapshot` when no span was recorded. */
  kind: string;
  startMs: number;
  endMs: number;
  error: boolean;
}

export interface LogRow {
  service: string;
  eventName: string;
  traceId?: string;
  spanId?: string;
  timeMs: number;
  attributes: Record<string, unknown>;
}

export interface MetricPointRow {
  attributes: Record<string, unknown>;
  /** Histograms: number of measurements and their sum; sums and gauges: the value. */
  count?: number;
  sum?: number;
  value?: number;
}

export interface MetricRow {
  service: string;
  name: string;
  unit: string;
  points: MetricPointRow[];
}

export interface ServiceCollection {
  service: string;
  spans: NodeRow[];
  /** Every invocation the service's handler completed, by its snapshot (spans on or off). */
  snapshots: NodeRow[];
  logs: LogRow[];
  metrics: MetricRow[];
}

const hrMs = ([seconds, nanos]: HrTime): number => seconds * 1000 + nanos / 1e6;

export function spanRow(service: string, span: ReadableSpan): NodeRow {
  const { traceId, spanId } = span.spanContext();
  const parentSpanId = span.parentSpanContext?.spanId;
  return {
    service,
    traceId,
    spanId,
    ...(parentSpanId ? { parentSpanId } : {}),
    name: span.name,
    kind: SpanKind[span.kind].toLowerCase(),
    startMs: hrMs(span.startTime),
    endMs: hrMs(span.endTime),
    error: span.status.code === SpanStatusCode.ERROR,
  };
}

/** Undefined for an invocation that was never started (it has no snapshot to place it by). */
export function snapshotRow(service: string, inv: Invocation): NodeRow | undefined {
  const snapshot = inv.snapshot;
  if (!snapshot) return undefined;
  return {
    service,
    traceId: snapshot.traceId,
    spanId: snapshot.spanId,
    ...(snapshot.parentSpanId ? { parentSpanId: snapshot.parentSpanId } : {}),
    name: spanName(inv),
    kind: snapshot.recording ? 'invocation' : 'snapshot',
    startMs: inv.startTime ?? 0,
    endMs: inv.endTime ?? inv.startTime ?? 0,
    error: inv.error !== undefined,
  };
}

export function logRow(service: string, record: ReadableLogRecord): LogRow {
  const context = record.spanContext;
  return {
    service,
    eventName: record.eventName ?? '(no event name)',
    ...(context ? { traceId: context.traceId, spanId: context.spanId } : {}),
    timeMs: hrMs(record.hrTime),
    attributes: { ...record.attributes },
  };
}

function metricRow(service: string, metric: MetricData): MetricRow {
  const points = metric.dataPoints.map((point): MetricPointRow => {
    const value: unknown = point.value;
    const attributes = { ...point.attributes };
    if (typeof value === 'number') return { attributes, value };
    const histogram = value as { count: number; sum?: number };
    return { attributes, count: histogram.count, sum: histogram.sum ?? 0 };
  });
  return { service, name: metric.descriptor.name, unit: metric.descriptor.unit, points };
}

/** Cumulative temporality: the last export holds everything recorded so far. */
export function metricRows(service: string, exports: readonly ResourceMetrics[]): MetricRow[] {
  const last = exports[exports.length - 1];
  if (!last) return [];
  return last.scopeMetrics.flatMap((scope) => scope.metrics.map((m) => metricRow(service, m)));
}
