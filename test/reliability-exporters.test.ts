/**
 * Fault injection in the OpenTelemetry pipeline itself: exporters and processors that throw or
 * reject, metric views that throw, providers already shut down. The application's code sees
 * nothing, the signals that are not broken still flow, and each fault is reported once: by the
 * library when it reaches the library, by the SDK's error handler when the SDK catches it.
 */
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { describe, expect, it } from 'vitest';
import { TelemetryHandler, type TelemetryHandlerOptions } from '../src/index.js';
import { captureDiag, type DiagCapture } from './support/diag.js';
import {
  failingExporter,
  loggerProviderWith,
  throwingLogProcessor,
  throwingSpanProcessor,
  tracerProviderWith,
} from './support/faults.js';
import { createTestTelemetry, providers, type TestTelemetry } from './support/telemetry.js';
import { EXPECTED_WORKLOAD, userWorkload } from './support/user-workload.js';

/** Errors the SDK caught and reported itself (its global error handler logs through diag). */
const sdkErrors = (diag: DiagCapture) =>
  diag.messages.filter((m) => m.level === 'error' && m.message.includes('injected'));

async function withFault(
  broken: (t: TestTelemetry) => Partial<TelemetryHandlerOptions>,
  check: (t: TestTelemetry, diag: DiagCapture, handler: TelemetryHandler) => Promise<void> | void,
) {
  const t = createTestTelemetry();
  const diag = captureDiag();
  try {
    const handler = new TelemetryHandler({
      ...providers(t),
      emitters: 'span_metric_event',
      ...broken(t),
    });
    await expect(userWorkload(handler)).resolves.toEqual(EXPECTED_WORKLOAD);
    await check(t, diag, handler);
  } finally {
    diag.restore();
  }
}

const eventNames = (t: TestTelemetry) => t.logs().map((l) => l.eventName);

describe('reliability: a broken span pipeline', () => {
  it('a span processor that throws in onStart/onEnd: logs and metrics still flow, one report', async () => {
    await withFault(
      () => ({ tracerProvider: tracerProviderWith(throwingSpanProcessor) }),
      async (t, diag, handler) => {
        expect(eventNames(t)).toContain('gen_ai.evaluation.result');
        expect(eventNames(t)).toContain('gen_ai.client.operation.exception');
        expect(await t.points('gen_ai.client.operation.duration')).not.toHaveLength(0);
        // Every record still carries a trace: the snapshot was synthesised without the span.
        for (const record of t.logs())
          expect(record.spanContext?.traceId).toMatch(/^[0-9a-f]{32}$/);
        expect(diag.reports()).toEqual([expect.stringContaining('emitter "span"')]);
        expect(handler.stats()).toMatchObject({ started: 4, stopped: 3, failed: 1, inFlight: 0 });
      },
    );
  });

  for (const how of ['throws', 'rejects'] as const) {
    it(`a span exporter that ${how}: logs and metrics still flow; the SDK reports, the library adds nothing`, async () => {
      await withFault(
        () => ({ tracerProvider: tracerProviderWith(failingExporter(how)) }),
        async (t, diag) => {
          expect(eventNames(t)).toContain('gen_ai.client.inference.operation.details');
          expect(await t.points('gen_ai.client.token.usage')).not.toHaveLength(0);
          expect(diag.reports()).toEqual([]);
          expect(sdkErrors(diag).length).toBeGreaterThan(0);
        },
      );
    });
  }
});

describe('reliability: a broken log pipeline', () => {
  it('a log processor that throws on every record: spans and metrics flow, one report', async () => {
    await withFault(
      () => ({ loggerProvider: loggerProviderWith(throwingLogProcessor) }),
      async (t, diag) => {
        expect(t.spans().map((s) => s.name)).toEqual([
          'chat gpt-4o',
          'execute_tool get_weather',
          'invoke_agent planner',
          'chat gpt-4o',
        ]);
        expect(await t.points('gen_ai.evaluation.score')).toHaveLength(1);
        // The details and exception emitter and the evaluation event emitter each fail: one
        // report per emitter, then only counted.
        expect(diag.reports()).toEqual([
          expect.stringContaining('emitter "content_events"'),
          expect.stringContaining('emitter "evaluation_events"'),
        ]);
      },
    );
  });

  for (const how of ['throws', 'rejects'] as const) {
    it(`a log exporter that ${how}: spans and metrics still flow; the SDK reports, the library adds nothing`, async () => {
      await withFault(
        () => ({ loggerProvider: loggerProviderWith(failingExporter(how)) }),
        async (t, diag) => {
          expect(t.spans()).toHaveLength(4);
          expect(await t.points('gen_ai.client.operation.duration')).not.toHaveLength(0);
          expect(diag.reports()).toEqual([]);
          expect(sdkErrors(diag).length).toBeGreaterThan(0);
        },
      );
    });
  }
});

describe('reliability: a broken metric pipeline', () => {
  it('a metric view whose attributes processor throws: spans and logs flow, one report', async () => {
    const meterProvider = new MeterProvider({
      views: [
        {
          instrumentName: '*',
          attributesProcessors: [
            {
              process: () => {
                throw new Error('injected: metric attributes processor');
              },
            },
          ],
        },
      ],
    });
    await withFault(
      () => ({ meterProvider }),
      (t, diag) => {
        expect(t.spans()).toHaveLength(4);
        expect(eventNames(t)).toContain('gen_ai.evaluation.result');
        expect(diag.reports()).toEqual([
          expect.stringContaining('emitter "metrics"'),
          expect.stringContaining('emitter "evaluation_metrics"'),
        ]);
      },
    );
  });

  it('a provider whose forceFlush rejects: forceFlush resolves, one report per flush', async () => {
    const t = createTestTelemetry();
    const diag = captureDiag();
    try {
      const tracerProvider = tracerProviderWith(throwingSpanProcessor);
      const handler = new TelemetryHandler({ ...providers(t), tracerProvider });
      await expect(handler.forceFlush()).resolves.toBeUndefined();
      expect(diag.reports()).toEqual([expect.stringContaining('provider forceFlush failed')]);
    } finally {
      diag.restore();
    }
  });
});

describe('reliability: providers already shut down', () => {
  it('every lifecycle call and flush works and reports nothing of its own', async () => {
    await withFault(
      (t) => {
        void t.shutdown();
        return {};
      },
      async (t, diag, handler) => {
        expect(t.spans()).toEqual([]);
        expect(diag.reports()).toEqual([]);
        await expect(handler.shutdown()).resolves.toBeUndefined();
        expect(handler.stats()).toMatchObject({ started: 4, inFlight: 0 });
      },
    );
  });
});
