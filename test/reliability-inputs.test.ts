/**
 * Regression tests for what the random programs found: inputs that made a public call throw,
 * or left a started invocation's span unended and the counters unreconciled.
 */
import { describe, expect, it } from 'vitest';
import { InvalidFieldsError, TelemetryHandler, type Invocation } from '../src/index.js';
import { captureDiag } from './support/diag.js';
import { createTestTelemetry, providers } from './support/telemetry.js';

function setup(strict = false) {
  const t = createTestTelemetry();
  const handler = new TelemetryHandler({ ...providers(t), strict });
  return { t, handler };
}

/** The diag reports of `fn`, with the diag logger restored afterwards. */
async function reportsOf(fn: () => unknown): Promise<string[]> {
  const diag = captureDiag();
  try {
    await fn();
    return diag.reports();
  } finally {
    diag.restore();
  }
}

describe('reliability: inputs the random programs found', () => {
  it('stream() over a non-iterable source: stream() returns, iterating throws as iterating null does, the invocation fails once', async () => {
    const { t, handler } = setup();
    const inv = handler.startLlm({ requestModel: 'gpt-4o' });
    const stream = handler.stream(inv, null as unknown as Iterable<string>);
    expect(() => stream.next()).toThrow(TypeError);
    expect(t.spans()).toHaveLength(1);
    expect(t.spans()[0]!.status.code).toBe(2);
    expect(handler.stats()).toMatchObject({ started: 1, failed: 1, inFlight: 0 });
  });

  it('contextOf() on a foreign object whose snapshot is garbage does not throw', async () => {
    const { handler } = setup();
    const foreign = { kind: 'llm', snapshot: { traceId: 7, spanId: null, traceState: 5 } };
    const reports = await reportsOf(() =>
      expect(() => handler.contextOf(foreign as unknown as Invocation)).not.toThrow(),
    );
    expect(reports).toEqual([]);
  });

  it('a typed start on a frozen object does not throw: one report, nothing started', async () => {
    const { t, handler } = setup();
    const frozen = Object.freeze({ requestModel: 'gpt-4o' });
    const reports = await reportsOf(() => expect(() => handler.startLlm(frozen)).not.toThrow());
    expect(reports).toHaveLength(1);
    expect(t.spans()).toEqual([]);
    expect(handler.stats()).toMatchObject({ started: 0, inFlight: 0 });
  });

  it('an invocation frozen between start and stop (an immutable store) still ends its span once', async () => {
    const { t, handler } = setup();
    const inv = handler.startToolCall({ name: 'get_weather' });
    Object.freeze(inv);
    const reports = await reportsOf(() => handler.stopToolCall(inv));
    expect(reports).toEqual([expect.stringContaining('not writable')]);
    expect(t.spans().map((s) => s.spanContext().spanId)).toEqual([inv.snapshot!.spanId]);
    expect(await t.points('gen_ai.client.operation.duration')).toHaveLength(1);
    expect(handler.stats()).toMatchObject({ started: 1, stopped: 1, inFlight: 0 });
  });

  it('a field whose getter throws at stop: the span still ends, the failure is reported and counted', async () => {
    const { t, handler } = setup();
    const inv = handler.startLlm({ requestModel: 'gpt-4o', inputTokens: 3 });
    Object.defineProperty(inv, 'responseModel', {
      enumerable: true,
      get() {
        throw new Error('lazy response field failed');
      },
    });
    const reports = await reportsOf(() => expect(() => handler.stopLlm(inv)).not.toThrow());
    expect(t.spans()).toHaveLength(1);
    expect(t.spans()[0]!.attributes['gen_ai.request.model']).toBe('gpt-4o');
    expect(handler.stats()).toMatchObject({ stopped: 1, inFlight: 0 });
    expect(handler.stats().emitterFailures.span).toBe(1);
    expect(reports.some((r) => r.includes('emitter "span"'))).toBe(true);
  });

  it('strict mode: a stop rejected for invalid fields leaves the invocation running; a corrected stop ends it once', () => {
    const { t, handler } = setup(true);
    const inv = handler.startLlm({ requestModel: 'gpt-4o' });
    inv.outputTokens = -1;
    expect(() => handler.stopLlm(inv)).toThrow(InvalidFieldsError);
    expect(t.spans()).toEqual([]);
    expect(handler.stats().inFlight).toBe(1);
    inv.outputTokens = 1;
    handler.stopLlm(inv);
    expect(t.spans()).toHaveLength(1);
    expect(t.spans()[0]!.attributes['gen_ai.usage.output_tokens']).toBe(1);
    expect(handler.stats()).toMatchObject({ started: 1, stopped: 1, inFlight: 0 });
  });
});
