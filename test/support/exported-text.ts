/**
 * Everything a test's SDK pipeline exported, as searchable text per signal: span names, attribute
 * values and events; log bodies and attributes; metric point attributes (without the test-only
 * correlation attributes). Used to prove that something, such as message content, never left.
 */
import { TEST_SPAN_ID, TEST_TRACE_ID, type TestTelemetry } from './telemetry.js';

const text = (value: unknown) =>
  JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)) ?? '';

export interface ExportedText {
  spans: string;
  logs: string;
  metrics: string;
  /** Metric point attribute keys, test-only ones excluded. */
  metricKeys: Set<string>;
}

export async function exportedText(t: TestTelemetry): Promise<ExportedText> {
  const spans = t
    .spans()
    .map((s) =>
      text({ name: s.name, attributes: s.attributes, events: s.events, status: s.status }),
    )
    .join('\n');
  const logs = t
    .logs()
    .map((r) => text({ eventName: r.eventName, body: r.body, attributes: r.attributes }))
    .join('\n');
  const metricKeys = new Set<string>();
  const points: unknown[] = [];
  for (const metric of await t.metrics()) {
    for (const point of metric.dataPoints) {
      const attributes = { ...point.attributes };
      delete attributes[TEST_TRACE_ID];
      delete attributes[TEST_SPAN_ID];
      for (const key of Object.keys(attributes)) metricKeys.add(key);
      points.push(attributes);
    }
  }
  return { spans, logs, metrics: text(points), metricKeys };
}
