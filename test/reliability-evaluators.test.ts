/**
 * Fault injection in evaluation: evaluators that throw, hang until their signal aborts, or return
 * garbage. The application's stop returns at once and sees nothing; a healthy evaluator beside
 * them still delivers; each broken one yields a result with `error` set, correlated with the
 * evaluated span like any other.
 */
import { describe, expect, it } from 'vitest';
import { TelemetryHandler, type Evaluator } from '../src/index.js';
import { captureDiag } from './support/diag.js';
import { constant, evaluationRecords, runLlm } from './support/evaluation.js';
import { createTestTelemetry, providers } from './support/telemetry.js';

const throwing: Evaluator = {
  name: 'throws',
  evaluate: () => {
    throw new RangeError('judge crashed');
  },
};

const rejecting: Evaluator = {
  name: 'rejects',
  evaluate: () => Promise.reject(new Error('judge unreachable')),
};

const garbage: Evaluator = {
  name: 'garbage',
  evaluate: () => ({ score: 'high' }) as unknown as [],
};

const partlyGarbage: Evaluator = {
  name: 'partly',
  evaluate: () => [{ name: 'partly', score: 0.5 }, null, { name: 'partly', score: 'NaN' }] as never,
};

/** Never answers on its own; records that the timeout aborted its signal. */
function hanging(): Evaluator & { aborted: boolean } {
  const evaluator = {
    name: 'hangs',
    aborted: false,
    evaluate: (_: unknown, { signal }: { signal: AbortSignal }) =>
      new Promise<never>((_resolve, reject) => {
        signal.addEventListener('abort', () => {
          evaluator.aborted = true;
          reject(signal.reason as Error);
        });
      }),
  };
  return evaluator;
}

describe('reliability: broken evaluators', () => {
  it('throwing, rejecting, hanging and garbage evaluators: stop returns, the healthy one delivers, each broken one yields an error result', async () => {
    const t = createTestTelemetry();
    const diag = captureDiag();
    try {
      const hang = hanging();
      const handler = new TelemetryHandler({
        ...providers(t),
        evaluation: {
          evaluators: [constant('healthy', 0.8), throwing, rejecting, hang, garbage, partlyGarbage],
          timeoutMs: 20,
        },
      });
      const inv = runLlm(handler);
      await handler.forceFlush();
      expect(hang.aborted).toBe(true);

      const records = evaluationRecords(t);
      const byName = (name: string) =>
        records.filter((r) => r.attributes['gen_ai.evaluation.name'] === name);
      expect(byName('healthy')[0]!.attributes['gen_ai.evaluation.score.value']).toBe(0.8);
      expect(byName('throws')[0]!.attributes['error.type']).toBe('RangeError');
      expect(byName('rejects')[0]!.attributes['error.type']).toBe('Error');
      expect(byName('hangs')[0]!.attributes['error.type']).toBe('TimeoutError');
      expect(byName('garbage')[0]!.attributes['error.type']).toBe('InvalidEvaluationResult');
      // The valid item of a partly malformed answer survives next to the malformed ones.
      expect(byName('partly').map((r) => r.attributes['error.type'] ?? 'ok')).toEqual([
        'ok',
        'InvalidEvaluationResult',
        'InvalidEvaluationResult',
      ]);
      // Every result, broken or not, is correlated with the evaluated span.
      for (const record of records) expect(record.spanContext?.spanId).toBe(inv.snapshot!.spanId);
      expect(handler.evaluation!.stats()).toMatchObject({ completed: 1, failed: 5 });
      // Broken evaluators are data (error results and counters), not diag noise.
      expect(diag.reports()).toEqual([]);
    } finally {
      diag.restore();
    }
  });

  it('an evaluator returning 200,000 results: the first maxResultsPerCall are kept, the rest counted and reported once', async () => {
    const t = createTestTelemetry();
    const diag = captureDiag();
    try {
      const flood: Evaluator = {
        name: 'flood',
        evaluate: () =>
          Array.from({ length: 200_000 }, (_, i) => ({ name: 'flood', score: i / 200_000 })),
      };
      const handler = new TelemetryHandler({
        ...providers(t),
        evaluation: { evaluators: [flood, constant('healthy')] },
      });
      const batches: number[] = [];
      handler.onEvaluationResults((_inv, results) => batches.push(results.length));
      runLlm(handler);
      runLlm(handler);
      await handler.forceFlush();
      expect(batches).toEqual([101, 101]);
      expect(handler.evaluation!.stats()).toMatchObject({
        completed: 4,
        failed: 0,
        resultsDropped: 2 * (200_000 - 100),
      });
      const reports = diag.reports().filter((m) => m.includes('maxResultsPerCall'));
      expect(reports).toHaveLength(1);
      expect(reports[0]).toContain('flood');
      const dropped = await t.points('genai_telemetry.evaluation.results_dropped');
      expect(dropped.map((p) => p.value)).toEqual([2 * (200_000 - 100)]);
    } finally {
      diag.restore();
    }
  });

  it('maxResultsPerCall is configurable', async () => {
    const t = createTestTelemetry();
    const three: Evaluator = {
      name: 'three',
      evaluate: () => Array.from({ length: 3 }, () => ({ name: 'three', score: 1 })),
    };
    const handler = new TelemetryHandler({
      ...providers(t),
      evaluation: { evaluators: [three], maxResultsPerCall: 2 },
    });
    runLlm(handler);
    await handler.shutdown();
    expect(evaluationRecords(t)).toHaveLength(2);
    expect(handler.evaluation!.stats()).toMatchObject({ resultsDropped: 1 });
  });
});
