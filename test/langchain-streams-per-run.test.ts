/**
 * Streams with a handler passed per run: one broken off ends at once, cancelled; one whose
 * consumer silently stops reading (never closing it) ends on the telemetry handler's forceFlush()
 * once idle, and on shutdown(). Never ERROR. Held runs keep only what the configured signals
 * need, and their bound is in bytes too.
 */
import { StringOutputParser } from '@langchain/core/output_parsers';
import { ChatPromptTemplate } from '@langchain/core/prompts';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TelemetryHandler, type TelemetryHandlerOptions } from '../src/index.js';
import { GenAICallbackHandler } from '../src/langchain/index.js';
import { createTestTelemetry, providers, type TestTelemetry } from './support/telemetry.js';
import {
  ScriptedChatModel,
  useAsyncLocalStorageContext,
  cancellations,
  chainLeft,
} from './support/langchain.js';

let t: TestTelemetry;
beforeAll(useAsyncLocalStorageContext);
afterEach(async () => {
  await t?.shutdown();
});

function perRun(options: TelemetryHandlerOptions = {}, heldRunIdleMs?: number) {
  t = createTestTelemetry();
  const handler = new TelemetryHandler({ ...providers(t), ...options });
  const ours = new GenAICallbackHandler({ handler, heldRunIdleMs });
  return { handler, ours, callbacks: [ours] };
}

const model = () => new ScriptedChatModel(() => ({ content: 'one two three four five' }));
const chain = () =>
  ChatPromptTemplate.fromTemplate('{q}').pipe(model()).pipe(new StringOutputParser());

/** A consumer that reads the first chunk and then just stops, never closing the stream. */
async function leave(stream: Promise<AsyncIterable<unknown>>): Promise<void> {
  await (await stream)[Symbol.asyncIterator]().next();
}

describe('with a handler passed per run', () => {
  it('ends a broken-off stream at once', async () => {
    const { ours, callbacks } = perRun();
    for await (const _ of await chain().stream({ q: 'x' }, { callbacks })) break;
    expect(ours.stats().active).toBe(0);
    expect(cancellations(t.spans())).toEqual(chainLeft('consumer_stopped'));
  });

  it('ends a stream left unread on forceFlush(), once idle for heldRunIdleMs', async () => {
    const { handler, ours, callbacks } = perRun({}, 0);
    await leave(chain().stream({ q: 'x' }, { callbacks }));
    expect(ours.stats().active).toBeGreaterThan(0);
    await handler.forceFlush();
    expect(ours.stats().active).toBe(0);
    expect(cancellations(t.spans())).toEqual(chainLeft('idle'));
  });

  it('keeps a live stream open on forceFlush() before heldRunIdleMs', async () => {
    const { handler, ours, callbacks } = perRun({}, 60_000);
    await leave(chain().stream({ q: 'x' }, { callbacks }));
    await handler.forceFlush();
    expect(ours.stats().active).toBe(3);
    expect(t.spans()).toHaveLength(1);
  });

  it('ends every run still in flight on shutdown()', async () => {
    const { handler, ours, callbacks } = perRun();
    await leave(chain().stream({ q: 'x' }, { callbacks }));
    await handler.shutdown();
    expect(ours.stats().active).toBe(0);
    expect(cancellations(t.spans())).toEqual(chainLeft('shutdown'));
  });
});

describe('what held runs keep', () => {
  const prompt = 'x'.repeat(20_000);
  async function abandon(callbacks: GenAICallbackHandler[], n: number) {
    const m = model();
    for (let i = 0; i < n; i++) await leave(m.stream(prompt, { callbacks }));
  }

  it('keeps no input messages with content capture off', async () => {
    const { ours, callbacks } = perRun();
    await abandon(callbacks, 50);
    expect(ours.stats().active).toBe(50);
    expect(ours.stats().bytes).toBeLessThan(50 * 4096);
  });

  it('counts the content it must keep, and bounds it in bytes', async () => {
    t = createTestTelemetry();
    const handler = new TelemetryHandler({ ...providers(t), captureMessageContent: 'span_only' });
    const ours = new GenAICallbackHandler({ handler, maxRunBytes: 10 * 40_000 });
    await abandon([ours], 50);
    const stats = ours.stats();
    expect(stats.bytes).toBeLessThanOrEqual(10 * 40_000);
    expect(stats.bytes).toBeGreaterThan(5 * 40_000);
    expect(stats.evictedByBytes).toBeGreaterThan(30);
  });

  it('withholds the error text of a run whose content it dropped (capture off)', async () => {
    const { callbacks } = perRun();
    class ProviderError extends Error {}
    const secret = 'my account number is 12345';
    const failing = new ScriptedChatModel(() => ({ error: new ProviderError(`bad: ${secret}`) }));
    await expect(failing.invoke(secret, { callbacks })).rejects.toThrow(ProviderError);
    const [span] = t.spans();
    expect(span!.attributes['error.type']).toBe('ProviderError');
    expect(JSON.stringify([span!.attributes, span!.status, span!.events])).not.toContain('12345');
  });
});
