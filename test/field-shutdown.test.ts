/**
 * Shutdown as a process that is about to be killed needs it (issue 9 item 6): what is ready is
 * flushed before queued evaluations are awaited, and nothing (a hung evaluator, an exporter
 * that never calls back) holds `forceFlush()` / `shutdown()` past `flushTimeoutMs`.
 */
import {
  BatchSpanProcessor,
  BasicTracerProvider,
  InMemorySpanExporter,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-base';
import { afterEach, describe, expect, it } from 'vitest';
import { TelemetryHandler, type Evaluator } from '../src/index.js';
import { captureDiag, type DiagCapture } from './support/diag.js';

let diagCapture: DiagCapture | undefined;
afterEach(() => {
  diagCapture?.restore();
  diagCapture = undefined;
});

const hung: Evaluator = { name: 'hung', evaluate: () => new Promise(() => undefined) };

describe('shutdown deadline', () => {
  it('spans already ended are exported before a hung evaluation is awaited', async () => {
    diagCapture = captureDiag();
    const exporter = new InMemorySpanExporter();
    // A batch processor holds spans until flushed: only the first flush can export them.
    const tracerProvider = new BasicTracerProvider({
      spanProcessors: [new BatchSpanProcessor(exporter, { scheduledDelayMillis: 60_000 })],
    });
    const handler = new TelemetryHandler({
      tracerProvider,
      flushTimeoutMs: 300,
      evaluation: { evaluators: [hung], timeoutMs: 60_000 },
    });
    handler.stopLlm(handler.startLlm({ requestModel: 'm' }));
    const started = Date.now();
    const done = handler.shutdown();
    await new Promise((r) => setTimeout(r, 100));
    // Still waiting for the evaluation, but the span is out already.
    expect(exporter.getFinishedSpans().map((s) => s.name)).toEqual(['chat m']);
    await done;
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(diagCapture.reports().some((m) => m.includes('flushTimeoutMs'))).toBe(true);
  });

  it('an exporter that never calls back cannot hold forceFlush or shutdown', async () => {
    const silent: SpanExporter = { export: () => undefined, shutdown: async () => undefined };
    const tracerProvider = new BasicTracerProvider({
      spanProcessors: [new BatchSpanProcessor(silent, { exportTimeoutMillis: 600_000 })],
    });
    const handler = new TelemetryHandler({ tracerProvider, flushTimeoutMs: 200 });
    handler.stopLlm(handler.startLlm({ requestModel: 'm' }));
    const started = Date.now();
    await handler.forceFlush();
    await handler.shutdown();
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
