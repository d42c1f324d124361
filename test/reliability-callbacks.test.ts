/**
 * Fault injection in the user's own callbacks: completion and evaluation-result subscribers and
 * a stream's onChunk that throw on every call. Delivery to the others goes on, the application
 * sees nothing, and each broken callback is reported once, not once per invocation or chunk.
 */
import { describe, expect, it } from 'vitest';
import { TelemetryHandler } from '../src/index.js';
import { captureDiag } from './support/diag.js';
import { constant, evaluationRecords, runLlm } from './support/evaluation.js';
import { createTestTelemetry, providers } from './support/telemetry.js';

const broken = () => {
  throw new Error('subscriber bug');
};

describe('reliability: callbacks that throw', () => {
  it('a completion and an evaluation results callback throwing every time: the others still hear everything, one report each', async () => {
    const t = createTestTelemetry();
    const diag = captureDiag();
    try {
      const handler = new TelemetryHandler({
        ...providers(t),
        evaluation: { evaluators: [constant('healthy')] },
      });
      const completed: string[] = [];
      const evaluated: string[] = [];
      handler.onCompletion(broken);
      handler.onCompletion((inv) => completed.push(inv.kind));
      handler.onEvaluationResults(broken);
      handler.onEvaluationResults((_inv, results) => evaluated.push(...results.map((r) => r.name)));
      for (let i = 0; i < 5; i++) runLlm(handler);
      await handler.forceFlush();
      expect(completed).toHaveLength(5);
      expect(evaluated).toEqual(Array(5).fill('healthy'));
      expect(evaluationRecords(t)).toHaveLength(5);
      expect(diag.reports()).toEqual([
        expect.stringContaining('a completion callback threw'),
        expect.stringContaining('an evaluation results callback threw'),
      ]);
    } finally {
      diag.restore();
    }
  });

  it('an onChunk callback throwing on every chunk: the consumer gets every chunk, one report', async () => {
    const t = createTestTelemetry();
    const diag = captureDiag();
    try {
      const handler = new TelemetryHandler(providers(t));
      const chunks = ['a', 'b', 'c', 'd'];
      const seen = [...handler.stream({ kind: 'llm', requestModel: 'gpt-4o' }, chunks, broken)];
      expect(seen).toEqual(chunks);
      expect(await t.points('gen_ai.client.operation.time_per_output_chunk')).toHaveLength(1);
      expect(diag.reports()).toEqual([expect.stringContaining('onChunk callback threw')]);
    } finally {
      diag.restore();
    }
  });
});
