/**
 * The `gen_ai.evaluation.score` histogram: attributes bounded like the other metrics' (long
 * strings cut, free-form names and labels kept to their first distinct values) and buckets made
 * for scores in [0, 1].
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Histogram } from '@opentelemetry/sdk-metrics';
import { TelemetryHandler } from '../src/index.js';
import { captureDiag, type DiagCapture } from './support/diag.js';
import { createTestTelemetry, providers, type TestTelemetry } from './support/telemetry.js';

let t: TestTelemetry;
let diag: DiagCapture;
beforeEach(() => {
  diag = captureDiag();
});
afterEach(async () => {
  diag.restore();
  await t?.shutdown();
});

const SCORE = 'gen_ai.evaluation.score';

describe('gen_ai.evaluation.score', () => {
  it('cuts long names, labels, providers and models to 256 characters', async () => {
    t = createTestTelemetry();
    const handler = new TelemetryHandler(providers(t));
    const long = 'm'.repeat(100_000);
    const inv = handler.stopLlm(handler.startLlm({ provider: long, requestModel: long }));
    handler.evaluationResults(inv, [{ name: long, label: long, score: 0.5 }]);
    const [point] = await t.points(SCORE);
    for (const key of [
      'gen_ai.evaluation.name',
      'gen_ai.evaluation.score.label',
      'gen_ai.provider.name',
      'gen_ai.request.model',
    ]) {
      expect(point!.attributes[key]).toBe('m'.repeat(256));
    }
  });

  it('keeps the first distinct labels and names; later ones are _OTHER, reported once', async () => {
    t = createTestTelemetry();
    const handler = new TelemetryHandler(providers(t));
    const inv = handler.stopLlm(handler.startLlm({ requestModel: 'gpt-4o' }));
    for (let i = 0; i < 2000; i++) {
      handler.evaluationResults(inv, [
        { name: 'relevance', label: `user text ${i}`, score: 1 },
        { name: `judge ${i}`, score: 1 },
      ]);
    }
    const points = await t.points(SCORE);
    const values = (key: string) => new Set(points.map((p) => p.attributes[key]));
    expect(values('gen_ai.evaluation.score.label').size).toBe(50 + 2); // + _OTHER, + none
    expect(values('gen_ai.evaluation.score.label')).toContain('_OTHER');
    expect(values('gen_ai.evaluation.name').size).toBe(100 + 1);
    expect(values('gen_ai.evaluation.name')).toContain('_OTHER');
    expect(points.length).toBeLessThan(200);
    expect(diag.reports().filter((m) => m.includes('distinct'))).toHaveLength(2);
    // The events keep what the evaluator said.
    const labels = t
      .logs()
      .filter((r) => r.attributes['gen_ai.evaluation.name'] === 'relevance')
      .map((r) => r.attributes['gen_ai.evaluation.score.label']);
    expect(new Set(labels).size).toBe(2000);
  });

  it('has buckets for scores in [0, 1]', async () => {
    t = createTestTelemetry();
    const handler = new TelemetryHandler(providers(t));
    const inv = handler.stopLlm(handler.startLlm({ requestModel: 'gpt-4o' }));
    handler.evaluationResults(
      inv,
      [0, 0.05, 0.45, 0.55, 0.95, 1].map((score) => ({ name: 'relevance', score })),
    );
    const [point] = await t.points(SCORE);
    const histogram = point!.value as Histogram;
    expect(histogram.buckets.boundaries).toEqual([
      0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1,
    ]);
    // (-inf, 0], (0, 0.1], ..., (0.9, 1], (1, inf)
    expect(histogram.buckets.counts).toEqual([1, 1, 0, 0, 0, 1, 1, 0, 0, 0, 2, 0]);
  });
});
