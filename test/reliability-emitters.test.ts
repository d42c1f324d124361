/**
 * Fault injection in plug-in emitters: one that throws in every hook (each category in turn,
 * through the whole user workload), and a replacement span emitter whose `state.span` is not a
 * span. The application sees nothing; the built-in emitters keep emitting, correlated.
 */
import { describe, expect, it } from 'vitest';
import {
  TelemetryHandler,
  type Emitter,
  type EmitterCategory,
  type EmitterSpec,
} from '../src/index.js';
import { EMITTER_CATEGORIES } from '../src/emitters/emitter.js';
import { captureDiag } from './support/diag.js';
import { createTestTelemetry, providers, TEST_SPAN_ID } from './support/telemetry.js';
import { EXPECTED_WORKLOAD, userWorkload } from './support/user-workload.js';

function throwingEverywhere(category: EmitterCategory): EmitterSpec {
  const boom = (): never => {
    throw new Error(`${category} emitter bug`);
  };
  const emitter: Emitter = {
    name: `broken_${category}`,
    category,
    handles: () => true,
    onStart: boom,
    onEnd: boom,
    onError: boom,
    onEvaluationResults: boom,
    forceFlush: () => Promise.reject(new Error('flush bug')),
    shutdown: () => Promise.reject(new Error('shutdown bug')),
  };
  return { name: emitter.name, category, mode: 'prepend', factory: () => emitter };
}

describe('reliability: broken emitters', () => {
  for (const category of EMITTER_CATEGORIES) {
    it(`an emitter throwing in every hook (${category}, first in its category): the workload is untouched, built-ins still emit, one report`, async () => {
      const t = createTestTelemetry();
      const diag = captureDiag();
      try {
        const spec = throwingEverywhere(category);
        const handler = new TelemetryHandler({
          ...providers(t),
          emitters: ['span_metric_event', spec],
        });
        await expect(userWorkload(handler)).resolves.toEqual(EXPECTED_WORKLOAD);
        await handler.shutdown();
        expect(t.spans()).toHaveLength(4);
        expect(t.logs().map((l) => l.eventName)).toEqual(
          expect.arrayContaining([
            'gen_ai.client.inference.operation.details',
            'gen_ai.client.operation.exception',
            'gen_ai.evaluation.result',
          ]),
        );
        expect(await t.points('gen_ai.client.token.usage')).toHaveLength(2);
        expect(diag.reports()).toEqual([expect.stringContaining(`"${spec.name}"`)]);
        expect(handler.stats().emitterFailures[spec.name]).toBeGreaterThan(4);
      } finally {
        diag.restore();
      }
    });
  }

  it('a replacement span emitter that sets state.span to a non-span: the snapshot is synthesised and every signal correlates with it, one report', async () => {
    const t = createTestTelemetry();
    const diag = captureDiag();
    try {
      const handler = new TelemetryHandler({
        ...providers(t),
        emitters: [
          'span_metric_event',
          {
            name: 'span',
            category: 'span',
            mode: 'replace-category',
            factory: () => ({
              name: 'not_a_span',
              category: 'span',
              onStart: (_invocation, state) => {
                state.span = {} as never;
              },
            }),
          },
        ],
      });
      const inv = handler.startLlm({ requestModel: 'gpt-4o', inputTokens: 3 });
      handler.stopLlm(inv);
      expect(inv.snapshot?.spanId).toMatch(/^[0-9a-f]{16}$/);
      expect(t.logs()[0]!.spanContext?.spanId).toBe(inv.snapshot!.spanId);
      const points = await t.points('gen_ai.client.token.usage');
      expect(points.map((p) => p.attributes[TEST_SPAN_ID])).toEqual([inv.snapshot!.spanId]);
      expect(diag.reports()).toEqual([expect.stringContaining('not a usable span')]);
      expect(handler.stats()).toMatchObject({ started: 1, stopped: 1, inFlight: 0 });
    } finally {
      diag.restore();
    }
  });
});
