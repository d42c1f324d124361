/**
 * Trace-id sampling with the Python SDK's TraceIdRatioBased rule: evaluated iff the low 64 bits
 * of the trace id are below round(rate * 2^64). Expected outcomes below were computed with
 * Python (`int(trace_id, 16) & (2**64 - 1) < round(rate * 2**64)`), not with this library.
 */
import { ROOT_CONTEXT, trace, TraceFlags } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { TelemetryHandler, type Evaluator, type Invocation } from '../src/index.js';
import { isSampled, samplingBound } from '../src/evaluation/index.js';
import { createTestTelemetry, providers } from './support/telemetry.js';

const PYTHON_CASES: Array<[rate: number, traceId: string, sampled: boolean]> = [
  [0.1, '00000000000000000000000000000001', true],
  [0.1, '0af7651916cd43dd8448eb211c80319c', false],
  // round(0.1 * 2**64) is 0x1999999999999a00 (the double's value), not 0x1999999999999999.
  [0.1, 'abcdef012345678919999999999999ff', true],
  [0.1, 'abcdef01234567891999999999999a00', false],
  [0.5, 'ffffffffffffffff7fffffffffffffff', true],
  [0.5, 'ffffffffffffffff8000000000000000', false],
  [0.5, '4bf92f3577b34da6a3ce929d0e0e4736', false],
  [1 / 3, '12345678123456781999999999999999', true],
  [1, '0000000000000000ffffffffffffffff', true],
  [0, '00000000000000000000000000000001', false],
];

describe('evaluation sampling', () => {
  it('computes the same bounds as Python round(rate * 2**64)', () => {
    expect(samplingBound(0)).toBe(0n);
    expect(samplingBound(1)).toBe(2n ** 64n);
    expect(samplingBound(0.5)).toBe(9223372036854775808n);
    expect(samplingBound(0.1)).toBe(1844674407370955264n);
    expect(samplingBound(1 / 3)).toBe(6148914691236516864n);
  });

  it.each(PYTHON_CASES)('rate %s, trace %s: sampled %s', (rate, traceId, sampled) => {
    expect(isSampled(traceId, samplingBound(rate))).toBe(sampled);
  });

  it('the evaluated set is exactly the rule set, with spans on and off', async () => {
    for (const emitters of ['span_metric_event', 'metric_event']) {
      const t = createTestTelemetry();
      const rate = 0.3;
      const evaluated = new Set<string>();
      const evaluator: Evaluator = {
        name: 'trace',
        evaluate: (inv) => [{ name: 'trace', label: inv.snapshot!.traceId }],
      };
      const handler = new TelemetryHandler({
        ...providers(t),
        emitters,
        evaluation: { evaluators: [evaluator], sampleRate: rate },
      });
      handler.onEvaluationResults((inv) => evaluated.add(inv.snapshot!.traceId));
      const all: Invocation[] = [];
      for (let i = 0; i < 300; i++) all.push(handler.stop(handler.start({ kind: 'llm' })));
      await handler.shutdown();
      // Independent of the BigInt implementation: fixed-width lowercase hex compares like numbers.
      const boundHex = 0x4ccccccccccccc00n.toString(16).padStart(16, '0');
      expect(samplingBound(rate).toString(16).padStart(16, '0')).toBe(boundHex);
      const expected = all
        .map((inv) => inv.snapshot!.traceId)
        .filter((id) => id.slice(16) < boundHex);
      expect([...evaluated].sort()).toEqual([...new Set(expected)].sort());
      expect(expected.length).toBeGreaterThan(50);
      expect(expected.length).toBeLessThan(250);
    }
  });

  it('one trace is evaluated everywhere or nowhere: children of a given parent follow its trace id', async () => {
    const t = createTestTelemetry();
    const evaluated: string[] = [];
    const handler = new TelemetryHandler({
      ...providers(t),
      evaluation: {
        evaluators: [{ name: 'x', evaluate: () => [{ name: 'x', score: 1 }] }],
        sampleRate: 0.5,
      },
    });
    handler.onEvaluationResults((inv) => evaluated.push(inv.snapshot!.traceId));
    const parentFor = (traceId: string) =>
      trace.setSpanContext(ROOT_CONTEXT, {
        traceId,
        spanId: '00f067aa0ba902b7',
        traceFlags: TraceFlags.SAMPLED,
        isRemote: true,
      });
    const inTrace = 'ffffffffffffffff7fffffffffffffff'; // sampled at 0.5 (Python)
    const outOfTrace = 'ffffffffffffffff8000000000000000'; // not sampled at 0.5 (Python)
    for (const traceId of [inTrace, outOfTrace]) {
      for (let i = 0; i < 5; i++) {
        handler.stop(handler.start({ kind: 'llm' }, { parentContext: parentFor(traceId) }));
      }
    }
    await handler.forceFlush();
    expect(evaluated).toEqual(Array(5).fill(inTrace));
  });
});
