/**
 * Global providers as applications register them: the handler is often built at import time,
 * before `sdk.start()`, or with no tracer provider at all. Registration order must not matter,
 * and log records must stay correlatable without spans (issue 9 item 4, issue 10).
 */
import { metrics, trace } from '@opentelemetry/api';
import { logs } from '@opentelemetry/api-logs';
import { afterEach, describe, expect, it } from 'vitest';
import { TelemetryHandler } from '../src/index.js';
import { captureDiag, type DiagCapture } from './support/diag.js';
import { createTestTelemetry, type TestTelemetry } from './support/telemetry.js';

let t: TestTelemetry | undefined;
let diagCapture: DiagCapture | undefined;
afterEach(async () => {
  diagCapture?.restore();
  diagCapture = undefined;
  trace.disable();
  metrics.disable();
  logs.disable();
  await t?.shutdown();
  t = undefined;
});

describe('global providers registered after the handler was built', () => {
  it('metrics and log records reach the providers registered later', async () => {
    const handler = new TelemetryHandler({ captureMessageContent: 'event_only' });
    t = createTestTelemetry();
    trace.setGlobalTracerProvider(t.tracerProvider);
    metrics.setGlobalMeterProvider(t.meterProvider);
    logs.setGlobalLoggerProvider(t.loggerProvider);

    const inv = handler.startLlm({ requestModel: 'm', provider: 'openai' });
    inv.inputTokens = 3;
    inv.outputTokens = 5;
    handler.stopLlm(inv);

    expect(t.spans()).toHaveLength(1);
    expect((await t.points('gen_ai.client.operation.duration')).length).toBe(1);
    expect((await t.points('gen_ai.client.token.usage')).length).toBe(2);
    const details = t
      .logs()
      .filter((r) => r.eventName === 'gen_ai.client.inference.operation.details');
    expect(details).toHaveLength(1);
    expect(details[0]!.spanContext?.spanId).toBe(inv.snapshot!.spanId);
  });

  it('with no logger provider at all, one diag warning says records are dropped', () => {
    diagCapture = captureDiag();
    const handler = new TelemetryHandler({ captureMessageContent: 'event_only' });
    for (let i = 0; i < 3; i++) handler.stopLlm(handler.startLlm({ requestModel: 'm' }));
    const warnings = diagCapture.reports().filter((m) => m.includes('no global logger provider'));
    expect(warnings).toHaveLength(1);
  });
});

describe('no tracer provider registered', () => {
  it('the snapshot is synthesised (not all zeros), so log records stay correlated', () => {
    t = createTestTelemetry();
    const handler = new TelemetryHandler({
      meterProvider: t.meterProvider,
      loggerProvider: t.loggerProvider,
      captureMessageContent: 'event_only',
    });
    const inv = handler.startLlm({ requestModel: 'm' });
    handler.stopLlm(inv);
    expect(inv.snapshot!.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(inv.snapshot!.traceId).not.toBe('0'.repeat(32));
    expect(inv.snapshot!.spanId).not.toBe('0'.repeat(16));
    const [record] = t.logs();
    expect(record?.spanContext?.traceId).toBe(inv.snapshot!.traceId);
    // And propagation has something to carry.
    expect(trace.getSpanContext(handler.contextOf(inv))?.traceId).toBe(inv.snapshot!.traceId);
  });
});
