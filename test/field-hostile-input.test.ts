/**
 * Unlucky and hostile input as applications really produce it (issue 9, item 4): invalid dates,
 * throwing errors and getters, richer promises, frozen objects, upper-case ids, broken
 * iterators. Each must leave the span exported, the counters right and the caller untouched.
 */
import { ROOT_CONTEXT, SpanKind, trace, TraceFlags } from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';
import { TelemetryHandler } from '../src/index.js';
import { captureDiag, type DiagCapture } from './support/diag.js';
import { createTestTelemetry, providers, type TestTelemetry } from './support/telemetry.js';

let t: TestTelemetry;
let diagCapture: DiagCapture | undefined;
afterEach(async () => {
  diagCapture?.restore();
  diagCapture = undefined;
  await t?.shutdown();
});

function setup(options: ConstructorParameters<typeof TelemetryHandler>[0] = {}) {
  t = createTestTelemetry();
  diagCapture = captureDiag();
  return new TelemetryHandler({ ...providers(t), ...options });
}

const epochMs = (hr: [number, number]) => hr[0] * 1000 + hr[1] / 1e6;

describe('start times', () => {
  it.each([
    ['an invalid Date', new Date(undefined as unknown as string)],
    ['NaN', Number.NaN],
    ['a monotonic reading', 12_345.6],
    ['a time an hour ahead', Date.now() + 3_600_000],
  ])('%s is reported once and replaced by now', (_name, startTime) => {
    const handler = setup();
    const before = Date.now();
    const inv = handler.startLlm({ requestModel: 'm', provider: 'p' }, { startTime });
    handler.stopLlm(inv);
    const [span] = t.spans();
    const start = epochMs(span!.startTime);
    expect(Number.isFinite(start)).toBe(true);
    expect(start).toBeGreaterThanOrEqual(before - 1);
    expect(start).toBeLessThanOrEqual(Date.now() + 1);
    expect(diagCapture!.reports().filter((m) => m.includes('startTime'))).toHaveLength(1);
  });

  it('throws a typed error in strict mode', () => {
    const handler = setup({ strict: true });
    expect(() =>
      handler.startLlm({ requestModel: 'm' }, { startTime: new Date('not a date') }),
    ).toThrow(/startTime/);
  });
});

describe('hostile thrown values', () => {
  const hostile: Array<[string, () => unknown]> = [
    [
      'an error whose message getter throws',
      () => {
        const e = new Error('x');
        Object.defineProperty(e, 'message', {
          get() {
            throw new Error('no message for you');
          },
        });
        return e;
      },
    ],
    [
      'an error whose constructor getter throws',
      () => {
        const e = new Error('x');
        Object.defineProperty(e, 'constructor', {
          get() {
            throw new Error('no constructor');
          },
        });
        return e;
      },
    ],
    [
      'a revoked proxy',
      () => {
        const { proxy, revoke } = Proxy.revocable(new Error('x'), {});
        revoke();
        return proxy;
      },
    ],
  ];
  it.each(hostile)('%s: the span is exported and inFlight goes back to 0', (_name, make) => {
    const handler = setup();
    const inv = handler.startToolCall({ name: 'lookup' });
    expect(() => handler.failToolCall(inv, make())).not.toThrow();
    expect(t.spans()).toHaveLength(1);
    expect(t.spans()[0]!.status.code).toBe(2);
    expect(handler.stats().inFlight).toBe(0);
  });
});

describe('run()', () => {
  class ApiPromise<T> extends Promise<T> {
    withResponse() {
      return this.then((data) => ({ data, response: { status: 200 } }));
    }
  }

  it("returns fn's own object, so methods of a richer promise still work", async () => {
    const handler = setup();
    const inv = { kind: 'llm' as const, requestModel: 'm', provider: 'p' };
    const result = handler.run(inv, () => new ApiPromise<string>((r) => r('answer')));
    expect(result).toBeInstanceOf(ApiPromise);
    await expect(result.withResponse()).resolves.toEqual({
      data: 'answer',
      response: { status: 200 },
    });
    expect(t.spans()).toHaveLength(1);
  });

  it('has ended the invocation by the time the caller continues', async () => {
    const handler = setup();
    await handler.run({ kind: 'tool_call', name: 't' }, async () => 1);
    expect(t.spans()).toHaveLength(1);
    const failing = handler.run({ kind: 'tool_call', name: 'u' }, async () => {
      throw new TypeError('boom');
    });
    await expect(failing).rejects.toThrow('boom');
    expect(t.spans()).toHaveLength(2);
    expect(t.spans()[1]!.attributes['error.type']).toBe('TypeError');
  });

  it('a result whose then getter throws is returned as a plain value', () => {
    const handler = setup();
    const weird = {};
    Object.defineProperty(weird, 'then', {
      get() {
        throw new Error('then getter');
      },
    });
    expect(handler.run({ kind: 'step', name: 's' }, () => weird)).toBe(weird);
    expect(t.spans()).toHaveLength(1);
  });
});

describe('construction', () => {
  it('a provider whose getTracer throws: no throw outside strict, spans fall back to the global', () => {
    t = createTestTelemetry();
    diagCapture = captureDiag();
    const tracerProvider = {
      getTracer() {
        throw new Error('broken provider');
      },
    };
    expect(() => new TelemetryHandler({ tracerProvider })).not.toThrow();
    expect(diagCapture.reports().some((m) => m.includes('broken provider'))).toBe(true);
  });

  it('an option getter that throws: no throw outside strict, defaults used', () => {
    t = createTestTelemetry();
    diagCapture = captureDiag();
    const options = {};
    Object.defineProperty(options, 'captureMessageContent', {
      enumerable: true,
      get() {
        throw new Error('getter');
      },
    });
    let handler: TelemetryHandler | undefined;
    expect(() => (handler = new TelemetryHandler(options))).not.toThrow();
    expect(handler!.config.captureMode).toBe('none');
  });
});

describe('objects and ids', () => {
  it('a frozen invocation is traced, and its span ends', () => {
    const handler = setup();
    const inv = Object.freeze({ kind: 'llm' as const, requestModel: 'frozen', provider: 'p' });
    handler.start(inv);
    expect(handler.contextOf(inv)).not.toBe(ROOT_CONTEXT);
    handler.stop(inv);
    expect(t.spans().map((s) => s.name)).toEqual(['chat frozen']);
    expect(handler.stats().inFlight).toBe(0);
  });

  it('upper-case trace ids from a propagator are stored in lower case and accepted back', () => {
    const handler = setup();
    const parent = trace.setSpanContext(ROOT_CONTEXT, {
      traceId: 'ABCDEF0123456789ABCDEF0123456789',
      spanId: '0123456789ABCDEF',
      traceFlags: TraceFlags.SAMPLED,
      isRemote: true,
    });
    const inv = handler.startLlm({ requestModel: 'm' }, { parentContext: parent });
    handler.stopLlm(inv);
    expect(inv.snapshot!.traceId).toBe('abcdef0123456789abcdef0123456789');
    expect(inv.snapshot!.parentSpanId).toBe('0123456789abcdef');
    // A JSON copy made by a service that upper-cased the ids still takes its results.
    const copy = JSON.parse(JSON.stringify(inv));
    copy.snapshot = {
      ...inv.snapshot,
      traceId: inv.snapshot!.traceId.toUpperCase(),
      spanId: inv.snapshot!.spanId.toUpperCase(),
    };
    handler.evaluationResults(copy, [{ name: 'relevance', score: 1 }]);
    const [event] = t.logs().filter((r) => r.eventName === 'gen_ai.evaluation.result');
    expect(event?.spanContext?.traceId).toBe('abcdef0123456789abcdef0123456789');
  });

  it('forScope names cannot collide', () => {
    const handler = setup();
    const a = handler.forScope({ name: 'a', version: 'b@' });
    const b = handler.forScope({ name: 'a@b' });
    expect(a).not.toBe(b);
    // (The SDK's own tracer cache keys by `${name}@${version}` too, so spans of two such scopes
    // may share a tracer there; the handler's scopes, their configuration and emitters do not.)
    expect(b.config.scope).toEqual({ name: 'a@b' });
    expect(a.config.scope).toEqual({ name: 'a', version: 'b@' });
  });
});

describe('streams', () => {
  it('a source whose Symbol.asyncIterator getter throws: stream() does not throw, iterating fails the invocation', async () => {
    const handler = setup();
    const source = {};
    Object.defineProperty(source, Symbol.asyncIterator, {
      get() {
        throw new Error('getter');
      },
    });
    const inv = { kind: 'llm' as const, requestModel: 'm' };
    let stream: Iterable<unknown> | undefined;
    expect(() => (stream = handler.stream(inv, source as Iterable<unknown>))).not.toThrow();
    expect(() => [...stream!]).toThrow();
    expect(t.spans()).toHaveLength(1);
    expect(handler.stats().inFlight).toBe(0);
  });

  it('next() resolving to a non-object ends the invocation as failed', async () => {
    const handler = setup();
    const source = {
      [Symbol.asyncIterator]: () => ({ next: async () => 42 as unknown as IteratorResult<string> }),
    };
    const inv = { kind: 'llm' as const, requestModel: 'm' };
    await expect(async () => {
      for await (const _chunk of handler.stream(inv, source)) void _chunk;
    }).rejects.toThrow(TypeError);
    expect(t.spans()).toHaveLength(1);
    expect(t.spans()[0]!.kind).toBe(SpanKind.CLIENT);
    expect(handler.stats().inFlight).toBe(0);
  });
});
