/**
 * Shutdown under load: evaluations and streams in flight, shutdown called twice, every public
 * call after shutdown. Graceful shutdown loses nothing that was already accepted, and what comes
 * after it is ignored quietly: one diag report, the application's values unchanged.
 */
import { describe, expect, it } from 'vitest';
import { TelemetryHandler, type Evaluator } from '../src/index.js';
import { captureDiag } from './support/diag.js';
import { evaluationRecords, gate, nextTurn, runLlm } from './support/evaluation.js';
import { createTestTelemetry, providers } from './support/telemetry.js';
import { EXPECTED_WORKLOAD, userWorkload } from './support/user-workload.js';

describe('reliability: shutdown', () => {
  it('waits for evaluations in flight and for queued ones: none is lost', async () => {
    const t = createTestTelemetry();
    const open = gate();
    const slow: Evaluator = {
      name: 'slow',
      evaluate: async () => {
        await open.promise;
        return [{ name: 'slow', score: 1 }];
      },
    };
    const handler = new TelemetryHandler({
      ...providers(t),
      evaluation: { evaluators: [slow], concurrency: 1 },
    });
    const invocations = [runLlm(handler), runLlm(handler), runLlm(handler)];
    await nextTurn(); // the first evaluation is running, the others are queued
    let finished = false;
    const shutdown = handler.shutdown().then(() => (finished = true));
    await nextTurn();
    expect(finished).toBe(false);
    open.open();
    await shutdown;
    expect(evaluationRecords(t).map((r) => r.spanContext?.spanId)).toEqual(
      invocations.map((inv) => inv.snapshot!.spanId),
    );
  });

  it('a stream in flight at shutdown ends normally afterwards: one span with its chunk timings', async () => {
    const t = createTestTelemetry();
    const handler = new TelemetryHandler(providers(t));
    const inv = { kind: 'llm' as const, requestModel: 'gpt-4o' };
    const stream = handler.stream(inv, ['a', 'b', 'c']);
    expect(stream.next().value).toBe('a');
    await handler.shutdown();
    expect([...stream]).toEqual(['b', 'c']);
    expect(t.spans()).toHaveLength(1);
    expect(t.spans()[0]!.attributes['gen_ai.response.time_to_first_chunk']).toBeTypeOf('number');
    expect(await t.points('gen_ai.client.operation.time_per_output_chunk')).toHaveLength(1);
    expect(handler.stats()).toMatchObject({ started: 1, stopped: 1, inFlight: 0 });
  });

  it('double shutdown: one promise, one flush, no report', async () => {
    const t = createTestTelemetry();
    const diag = captureDiag();
    try {
      let flushes = 0;
      const handler = new TelemetryHandler({
        ...providers(t),
        emitters: [
          'span_metric_event',
          {
            name: 'flush_counter',
            category: 'metrics',
            factory: () => ({
              name: 'flush_counter',
              category: 'metrics',
              shutdown: async () => void flushes++,
            }),
          },
        ],
      });
      const first = handler.shutdown();
      const second = handler.shutdown();
      expect(second).toBe(first);
      await Promise.all([first, second, handler.shutdown()]);
      expect(flushes).toBe(1);
      expect(diag.reports()).toEqual([]);
    } finally {
      diag.restore();
    }
  });

  it('every call after shutdown: the application sees its own values, nothing is emitted, one report', async () => {
    const t = createTestTelemetry();
    const handler = new TelemetryHandler(providers(t));
    await handler.shutdown();
    const diag = captureDiag();
    try {
      await expect(userWorkload(handler)).resolves.toEqual(EXPECTED_WORKLOAD);
      expect(handler.run({ kind: 'step', name: 's' }, () => 42)).toBe(42);
      expect(t.spans()).toEqual([]);
      // The evaluation result above had no snapshot (its start was ignored): dropped, not emitted.
      expect(t.logs()).toEqual([]);
      expect(diag.reports()).toEqual([expect.stringContaining('after shutdown is ignored')]);
      expect(handler.stats()).toMatchObject({ started: 0, inFlight: 0 });
      expect(handler.stats().ignoredAfterShutdown).toBeGreaterThan(5);
    } finally {
      diag.restore();
    }
  });
});
