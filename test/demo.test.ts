/**
 * `npm run demo` as a test, in-process: one trace id across the app, the gateway and the
 * evaluation worker thread, and every log record (content events, evaluation results) pointing
 * at a span of that trace, or with spans off at an invocation's snapshot.
 */
import { describe, expect, it } from 'vitest';
import type { ServiceCollection } from '../examples/demo/collected.js';
import { checkCorrelation, EVALUATION_EVENT } from '../examples/demo/correlation.js';
import { runDemo, type DemoResult } from '../examples/demo/main.js';
import { SERVICES } from '../examples/demo/protocol.js';

const DEMO_TIMEOUT_MS = 120_000;

async function demo(spans: boolean): Promise<{ result: DemoResult; output: string[] }> {
  const output: string[] = [];
  const result = await runDemo({ spans, print: (line) => output.push(line) });
  return { result, output };
}

const service = (result: DemoResult, name: string): ServiceCollection =>
  result.collections.find((c) => c.service === name)!;

/** The W3C traceparent's trace id. */
const traceOf = (traceparent: string | undefined) => traceparent?.split('-')[1];

function expectOneTrace(result: DemoResult, nodes: (c: ServiceCollection) => unknown[]) {
  const { traceId } = result.correlation;
  expect(traceId).toMatch(/^[0-9a-f]{32}$/);
  expect(traceOf(result.traceparent)).toBe(traceId);
  for (const name of Object.values(SERVICES)) {
    const collection = service(result, name);
    expect(nodes(collection).length, name).toBeGreaterThan(0);
    const ids = new Set([
      ...collection.spans.map((s) => s.traceId),
      ...collection.snapshots.map((s) => s.traceId),
      ...collection.logs.map((l) => l.traceId),
    ]);
    expect([...ids], name).toEqual([traceId]);
  }
}

describe('npm run demo', () => {
  it(
    'spans on: one trace across both services and the worker; every event on a span of it',
    async () => {
      const { result, output } = await demo(true);
      expect(result.correlation.problems).toEqual([]);
      expect(result.ok).toBe(true);
      expect(result.answer).toContain('Paris');
      expectOneTrace(result, (c) => c.spans);

      const spans = result.collections.flatMap((c) => c.spans);
      const spanIds = new Set(spans.map((s) => s.spanId));
      const logs = result.collections.flatMap((c) => c.logs);
      for (const log of logs) expect(spanIds, log.eventName).toContain(log.spanId);

      // The gateway continued the app's trace: its request span is a child of the app's span.
      const clientSpan = service(result, SERVICES.app).spans.find((s) => s.kind === 'client')!;
      const gatewayRequest = service(result, SERVICES.gateway).spans.find(
        (s) => s.name === 'POST /v1/agent',
      )!;
      expect(gatewayRequest.parentSpanId).toBe(clientSpan.spanId);

      // Evaluation events come from the worker thread and point at the gateway's model spans.
      const chats = service(result, SERVICES.gateway).spans.filter((s) =>
        s.name.startsWith('chat'),
      );
      const evaluations = logs.filter((l) => l.eventName === EVALUATION_EVENT);
      expect(evaluations.length).toBeGreaterThanOrEqual(5);
      for (const event of evaluations) {
        expect(event.service).toBe(SERVICES.worker);
        expect(chats.map((c) => c.spanId)).toContain(event.spanId);
      }
      const names = evaluations.map((e) => e.attributes['gen_ai.evaluation.name']).sort();
      expect(names).toEqual(
        expect.arrayContaining(['answer_length', 'relevance', 'tool_arguments', 'toxicity']),
      );
      expect(evaluations.filter((e) => e.attributes['error.type'] !== undefined)).toEqual([]);

      // The judge's model calls are in the trace too, under the evaluated model span.
      const worker = service(result, SERVICES.worker).spans;
      const evaluate = worker.filter((s) => s.name === 'evaluate');
      expect(evaluate.map((s) => s.parentSpanId).sort()).toEqual(chats.map((c) => c.spanId).sort());
      expect(worker.filter((s) => s.name === 'chat scripted-judge-1')).toHaveLength(2);

      expect(output.at(-1)).toMatch(
        new RegExp(
          `^trace ${result.correlation.traceId}: 3 services, \\d+ spans, .*all correlated$`,
        ),
      );
      expect(output.join('\n')).toContain('✓ eval relevance = 0.92 relevant');
    },
    DEMO_TIMEOUT_MS,
  );

  it(
    'spans off: no span anywhere; logs, metrics and evaluations still correlated by snapshot',
    async () => {
      const { result, output } = await demo(false);
      expect(result.correlation.problems).toEqual([]);
      expect(result.counts.spans).toBe(0);
      expectOneTrace(result, (c) => c.snapshots);

      const snapshots = result.collections.flatMap((c) => c.snapshots);
      const snapshotIds = new Set(snapshots.map((s) => s.spanId));
      const logs = result.collections.flatMap((c) => c.logs);
      for (const log of logs) expect(snapshotIds, log.eventName).toContain(log.spanId);

      const models = service(result, SERVICES.gateway).snapshots.filter((s) =>
        s.name.startsWith('chat'),
      );
      const evaluations = logs.filter((l) => l.eventName === EVALUATION_EVENT);
      expect(evaluations.length).toBeGreaterThanOrEqual(5);
      for (const event of evaluations) expect(models.map((m) => m.spanId)).toContain(event.spanId);
      expect(result.counts.metricPoints).toBeGreaterThan(0);
      expect(output.at(-1)).toMatch(/0 spans \(off\), \d+ snapshots, .*all correlated$/);
    },
    DEMO_TIMEOUT_MS,
  );
});

describe('the correlation check', () => {
  const node = (traceId: string, spanId: string) => ({
    service: 'svc',
    traceId,
    spanId,
    name: 'chat m',
    kind: 'client',
    startMs: 0,
    endMs: 1,
    error: false,
  });
  const log = (traceId: string | undefined, spanId: string | undefined) => ({
    service: 'svc',
    eventName: EVALUATION_EVENT,
    ...(traceId && spanId ? { traceId, spanId } : {}),
    timeMs: 0,
    attributes: {},
  });
  const collection = (
    spans: ReturnType<typeof node>[],
    logs: ReturnType<typeof log>[],
  ): ServiceCollection => ({ service: 'svc', spans, snapshots: spans, logs, metrics: [] });
  const a = 'a'.repeat(32);
  const b = 'b'.repeat(32);

  it('accepts one trace whose events all point at its spans', () => {
    const c = checkCorrelation(
      [collection([node(a, '1'.repeat(16))], [log(a, '1'.repeat(16))])],
      true,
    );
    expect(c.problems).toEqual([]);
    expect(c.traceId).toBe(a);
  });

  it('reports a second trace id, an event on an unknown span, and one without context', () => {
    const c = checkCorrelation(
      [
        collection(
          [node(a, '1'.repeat(16)), node(b, '2'.repeat(16))],
          [log(a, '3'.repeat(16)), log(undefined, undefined)],
        ),
      ],
      true,
    );
    expect(c.traceId).toBeUndefined();
    expect(c.problems).toEqual([
      expect.stringMatching(/expected one trace id, found 2/),
      expect.stringMatching(/points at 3{16}, not a span of the trace/),
      expect.stringMatching(/carries no trace context/),
    ]);
  });
});
