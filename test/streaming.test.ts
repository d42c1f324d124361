/** stream(): chunk timings and exactly-once end for sync and async iterables. */
import { SpanStatusCode } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { TelemetryHandler, type LlmInvocation } from '../src/index.js';
import { createTestTelemetry, providers } from './support/telemetry.js';

async function* tokens(n: number, failAt?: number) {
  for (let i = 0; i < n; i++) {
    await new Promise((r) => setTimeout(r, 2));
    if (i === failAt) throw new RangeError('stream broke');
    yield `t${i}`;
  }
}

function setup() {
  const t = createTestTelemetry();
  const handler = new TelemetryHandler(providers(t));
  return { t, handler };
}

describe('stream', () => {
  it('async: time to first chunk, one time-per-output-chunk point per later chunk, ends once', async () => {
    const { t, handler } = setup();
    const inv: LlmInvocation = {
      kind: 'llm',
      provider: 'openai',
      requestModel: 'gpt-4o',
      stream: true,
    };
    let text = '';
    for await (const chunk of handler.stream(inv, tokens(5), (c) => (text += c))) void chunk;
    expect(text).toBe('t0t1t2t3t4');
    expect(t.spans()).toHaveLength(1);
    const ttfc = t.spans()[0]!.attributes['gen_ai.response.time_to_first_chunk'] as number;
    expect(ttfc).toBeGreaterThan(0);
    const [first] = await t.points('gen_ai.client.operation.time_to_first_chunk');
    expect(first!.value).toMatchObject({ count: 1 });
    const perChunk = await t.points('gen_ai.client.operation.time_per_output_chunk');
    expect(perChunk.reduce((n, p) => n + (p.value as { count: number }).count, 0)).toBe(4);
    expect(handler.stats()).toMatchObject({ started: 1, stopped: 1, inFlight: 0 });
  });

  it('async: a throwing stream fails the invocation once and the error reaches the consumer unchanged', async () => {
    const { t, handler } = setup();
    const inv = handler.startLlm({ requestModel: 'm' });
    const consume = async () => {
      for await (const chunk of handler.stream(inv, tokens(5, 2))) void chunk;
    };
    await expect(consume()).rejects.toThrow('stream broke');
    expect(t.spans()).toHaveLength(1);
    expect(t.spans()[0]!.status.code).toBe(SpanStatusCode.ERROR);
    expect(t.spans()[0]!.attributes['error.type']).toBe('RangeError');
    expect(handler.stats()).toMatchObject({ failed: 1, inFlight: 0, misuse: 0 });
  });

  it('async: the consumer breaking early ends the invocation and closes the source', async () => {
    const { t, handler } = setup();
    let closed = false;
    async function* source() {
      try {
        for (let i = 0; ; i++) yield i;
      } finally {
        closed = true;
      }
    }
    for await (const n of handler.stream({ kind: 'llm', requestModel: 'm' }, source()))
      if (n === 2) break;
    expect(closed).toBe(true);
    expect(t.spans()).toHaveLength(1);
    expect(handler.stats()).toMatchObject({ stopped: 1, inFlight: 0, misuse: 0 });
  });

  it('return() before the first next() still ends the invocation exactly once', async () => {
    const { t, handler } = setup();
    const wrapped = handler.stream({ kind: 'llm', requestModel: 'm' }, tokens(3));
    await wrapped.return!();
    await wrapped.return!();
    expect(await wrapped.next()).toEqual({ done: true, value: undefined });
    expect(t.spans()).toHaveLength(1);
    expect(handler.stats()).toMatchObject({ stopped: 1, misuse: 0 });
  });

  it('sync iterables: chunks observed, ended on completion and on early break', () => {
    const { t, handler } = setup();
    expect([...handler.stream({ kind: 'llm', requestModel: 'a' }, ['x', 'y', 'z'])]).toEqual([
      'x',
      'y',
      'z',
    ]);
    for (const c of handler.stream({ kind: 'llm', requestModel: 'b' }, ['x', 'y', 'z']))
      if (c === 'x') break;
    expect(t.spans().map((s) => s.name)).toEqual(['chat a', 'chat b']);
    expect(
      t
        .spans()
        .every((s) => typeof s.attributes['gen_ai.response.time_to_first_chunk'] === 'number'),
    ).toBe(true);
  });

  it('an onChunk callback that throws does not break the stream', async () => {
    const { t, handler } = setup();
    const seen: string[] = [];
    for await (const c of handler.stream({ kind: 'llm', requestModel: 'm' }, tokens(3), () => {
      throw new Error('callback bug');
    }))
      seen.push(c);
    expect(seen).toEqual(['t0', 't1', 't2']);
    expect(t.spans()[0]!.status.code).toBe(SpanStatusCode.UNSET);
  });
});

describe('recordChunk', () => {
  it('gives callback-driven streams the same timings as stream()', async () => {
    const { t, handler } = setup();
    const inv = handler.startLlm({ requestModel: 'm' });
    for (let i = 0; i < 3; i++) {
      await new Promise((r) => setTimeout(r, 2));
      handler.recordChunk(inv);
    }
    handler.stopLlm(inv);
    handler.recordChunk(inv); // after the end: ignored
    expect(t.spans()[0]!.attributes['gen_ai.response.time_to_first_chunk']).toBeGreaterThan(0);
    const perChunk = await t.points('gen_ai.client.operation.time_per_output_chunk');
    expect(perChunk.reduce((n, p) => n + (p.value as { count: number }).count, 0)).toBe(2);
  });
});
