/**
 * Evaluation events are correlated with the evaluated invocation: every `gen_ai.evaluation.result`
 * log record and every `gen_ai.evaluation.score` point carries the trace and span id of
 * `invocation.snapshot`, with spans on and off, and for results sent on a JSON copy.
 */
import { describe, expect, it } from 'vitest';
import { TelemetryHandler, type Invocation } from '../src/index.js';
import { constant, evaluationRecords, runLlm } from './support/evaluation.js';
import {
  createTestTelemetry,
  providers,
  TEST_SPAN_ID,
  TEST_TRACE_ID,
} from './support/telemetry.js';

async function expectCorrelated(
  t: ReturnType<typeof createTestTelemetry>,
  invocations: Invocation[],
  perInvocation: number,
) {
  const ids = (traceId: string, spanId: string) => `${traceId}/${spanId}`;
  const expected = invocations.map((inv) => ids(inv.snapshot!.traceId, inv.snapshot!.spanId));
  const records = evaluationRecords(t);
  expect(records).toHaveLength(invocations.length * perInvocation);
  for (const record of records) {
    expect(expected).toContain(ids(record.spanContext!.traceId, record.spanContext!.spanId));
  }
  const points = await t.points('gen_ai.evaluation.score');
  expect(points.length).toBeGreaterThan(0);
  let counted = 0;
  for (const point of points) {
    expect(expected).toContain(
      ids(String(point.attributes[TEST_TRACE_ID]), String(point.attributes[TEST_SPAN_ID])),
    );
    counted += (point.value as { count: number }).count;
  }
  expect(counted).toBe(invocations.length * perInvocation);
}

describe('evaluation correlation', () => {
  it.each([
    ['spans on', 'span_metric_event'],
    ['spans off', 'metric_event'],
  ])(
    '%s: every result record and score point carries the snapshot ids',
    async (_case, emitters) => {
      const t = createTestTelemetry();
      const handler = new TelemetryHandler({
        ...providers(t),
        emitters,
        evaluation: { evaluators: [constant('a', 0.2), constant('b', 0.9)] },
      });
      const invocations = Array.from({ length: 6 }, (_, i) => runLlm(handler, `answer ${i}`));
      await handler.shutdown();
      if (emitters === 'metric_event') {
        expect(t.spans()).toHaveLength(0);
        expect(invocations.every((inv) => inv.snapshot!.recording === false)).toBe(true);
      } else {
        const spanIds = t.spans().map((s) => s.spanContext().spanId);
        expect(invocations.map((inv) => inv.snapshot!.spanId).sort()).toEqual(spanIds.sort());
      }
      await expectCorrelated(t, invocations, 2);
    },
  );

  it('results for a JSON copy land on the original span; callbacks see the copy', async () => {
    const t = createTestTelemetry();
    const handler = new TelemetryHandler(providers(t));
    const seen: Invocation[] = [];
    const unsubscribe = handler.onEvaluationResults((inv) => seen.push(inv));
    const original = runLlm(handler);
    const copy = JSON.parse(JSON.stringify(original)) as Invocation;
    handler.evaluationResults(copy, [{ name: 'offline', score: 0.4, label: 'fail' }]);
    unsubscribe();
    handler.evaluationResults(copy, [{ name: 'unheard', score: 1 }]);
    await handler.shutdown();
    expect(seen).toEqual([copy]);
    const [record] = evaluationRecords(t).filter(
      (r) => r.attributes['gen_ai.evaluation.name'] === 'offline',
    );
    expect(record!.spanContext).toMatchObject({
      traceId: original.snapshot!.traceId,
      spanId: original.snapshot!.spanId,
    });
    expect(record!.attributes).toMatchObject({
      'gen_ai.evaluation.score.value': 0.4,
      'gen_ai.evaluation.score.label': 'fail',
    });
  });

  it('result callbacks get the invocation itself and its batch, from the manager too', async () => {
    const t = createTestTelemetry();
    const handler = new TelemetryHandler({
      ...providers(t),
      evaluation: { evaluators: [constant('a'), constant('b')] },
    });
    const batches: Array<[Invocation, string[]]> = [];
    handler.onEvaluationResults((inv, results) => batches.push([inv, results.map((r) => r.name)]));
    const inv = runLlm(handler);
    await handler.forceFlush();
    expect(batches).toEqual([[inv, ['a', 'b']]]);
  });
});
