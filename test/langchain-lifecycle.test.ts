import { BaseCallbackHandler } from '@langchain/core/callbacks/base';
import { StringOutputParser } from '@langchain/core/output_parsers';
import { ChatPromptTemplate } from '@langchain/core/prompts';
import { RunnableLambda } from '@langchain/core/runnables';
import { tool } from '@langchain/core/tools';
import { SpanStatusCode } from '@opentelemetry/api';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { TelemetryHandler, type Invocation, type StartOptions } from '../src/index.js';
import { AbandonedRunError, GenAICallbackHandler } from '../src/langchain/index.js';
import { createTestTelemetry, providers, type TestTelemetry } from './support/telemetry.js';
import { byName, ScriptedChatModel, useAsyncLocalStorageContext } from './support/langchain.js';

let t: TestTelemetry;
const unhandled = vi.fn();
beforeAll(() => {
  useAsyncLocalStorageContext();
  process.on('unhandledRejection', unhandled);
});
afterAll(() => void process.off('unhandledRejection', unhandled));
afterEach(async () => {
  await new Promise((resolve) => setTimeout(resolve, 5));
  expect(unhandled).not.toHaveBeenCalled();
  await t?.shutdown();
});

function setup(limits: { maxRuns?: number; maxRunAgeMs?: number } = {}) {
  t = createTestTelemetry();
  const handler = new TelemetryHandler(providers(t));
  const ours = new GenAICallbackHandler({ handler, ...limits });
  return { handler, ours, callbacks: [ours] };
}

class RateLimitError extends Error {
  override name = 'RateLimitError';
}

const chain = (model: ScriptedChatModel) =>
  ChatPromptTemplate.fromTemplate('{q}').pipe(model).pipe(new StringOutputParser());

describe('the handleChainStart contract of the installed @langchain/core', () => {
  it('passes parentRunId 4th and runName 8th, not in the declared order', async () => {
    const calls: unknown[][] = [];
    const probe = BaseCallbackHandler.fromMethods({
      handleChainStart: (...args: unknown[]) => void calls.push(args),
    });
    probe.awaitHandlers = true;
    const inner = RunnableLambda.from((x: string) => x).withConfig({ runName: 'inner' });
    const outer = RunnableLambda.from((x: string) => inner.invoke(x)).withConfig({
      runName: 'outer',
    });
    await outer.invoke('x', { callbacks: [probe] });
    const [outerCall, innerCall] = calls;
    expect(outerCall![3]).toBeUndefined();
    expect(outerCall![7]).toBe('outer');
    expect(innerCall![3]).toBe(outerCall![2]);
    expect(innerCall![7]).toBe('inner');
  });
});

describe('errors', () => {
  it('fails the chat span, its steps and the workflow; the caller gets the original error', async () => {
    const { callbacks } = setup();
    const error = new RateLimitError('slow down');
    const failing = chain(new ScriptedChatModel(() => ({ error })));
    await expect(failing.invoke({ q: 'x' }, { callbacks })).rejects.toBe(error);
    for (const name of ['chat gpt-4o-mini', 'invoke_workflow RunnableSequence']) {
      const span = byName(t.spans(), name);
      expect(span.status.code).toBe(SpanStatusCode.ERROR);
      expect(span.attributes['error.type']).toBe('RateLimitError');
    }
  });

  it('fails a tool span with the tool error, which reaches the caller unchanged', async () => {
    const { callbacks } = setup();
    const error = new TypeError('bad city');
    const broken = tool(
      async () => {
        throw error;
      },
      { name: 'broken', description: 'd', schema: z.object({ city: z.string() }) },
    );
    await expect(broken.invoke({ city: 'x' }, { callbacks })).rejects.toBe(error);
    const span = byName(t.spans(), 'execute_tool broken');
    expect(span.attributes['error.type']).toBe('TypeError');
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
  });

  it('never throws into the chain when the telemetry handler itself fails', async () => {
    t = createTestTelemetry();
    class Broken extends TelemetryHandler {
      override start<T extends Invocation>(invocation: T, options?: StartOptions): T {
        if (invocation.kind === 'llm') throw new Error('telemetry bug');
        return super.start(invocation, options);
      }
      override stop<T extends Invocation>(invocation: T): T {
        if (invocation.kind === 'step') throw new Error('telemetry bug');
        return super.stop(invocation);
      }
    }
    const callbacks = [new GenAICallbackHandler({ handler: new Broken(providers(t)) })];
    const out = await chain(new ScriptedChatModel(() => ({ content: 'fine' }))).invoke(
      { q: 'x' },
      { callbacks },
    );
    expect(out).toBe('fine');
    expect(t.spans().map((s) => s.name)).toContain('invoke_workflow RunnableSequence');
  });
});

describe('user handlers side by side', () => {
  it('leaves the callbacks array untouched, and the user handler gets every event', async () => {
    const { callbacks: ours } = setup();
    const seen: string[] = [];
    const user = BaseCallbackHandler.fromMethods({
      handleChainStart: () => void seen.push('chainStart'),
      handleChainEnd: () => void seen.push('chainEnd'),
      handleChatModelStart: () => void seen.push('chatStart'),
      handleLLMNewToken: (token) => void seen.push(`token:${token}`),
      handleLLMEnd: () => void seen.push('llmEnd'),
    });
    user.awaitHandlers = true;
    const callbacks = [user, ...ours];
    const before = [...callbacks];
    const stream = await chain(new ScriptedChatModel(() => ({ content: 'a b c' }))).stream(
      { q: 'x' },
      { callbacks },
    );
    for await (const _ of stream);
    expect(callbacks).toEqual(before);
    expect(seen.filter((s) => s.startsWith('token:'))).toEqual(['token:a ', 'token:b ', 'token:c']);
    expect(seen.filter((s) => s === 'chainStart')).toHaveLength(3);
    expect(seen.filter((s) => s === 'chainEnd')).toHaveLength(3);
    expect(seen).toContain('llmEnd');
    expect(t.spans()).toHaveLength(4);
  });
});

describe('runs that never end', () => {
  it('evicts abandoned stream runs by count and ends them as abandoned', async () => {
    const { ours, callbacks } = setup({ maxRuns: 4 });
    const c = chain(new ScriptedChatModel(() => ({ content: 'a b c d' })));
    for (let i = 0; i < 5; i++) {
      // Read once and left, never closed: nothing ever ends these runs.
      await (await c.stream({ q: 'x' }, { callbacks }))[Symbol.asyncIterator]().next();
    }
    const stats = ours.stats();
    expect(stats.active).toBeLessThanOrEqual(4);
    expect(stats.evictedByCount).toBeGreaterThan(0);
    const abandoned = t.spans().filter((s) => s.attributes['error.type'] === 'AbandonedRunError');
    expect(abandoned.length).toBe(stats.evictedByCount);
    expect(abandoned.every((s) => s.status.code === SpanStatusCode.ERROR)).toBe(true);
  });

  it('evicts runs older than maxRunAgeMs when the next run starts', async () => {
    const { ours, callbacks } = setup({ maxRunAgeMs: 1 });
    const c = chain(new ScriptedChatModel(() => ({ content: 'a b' })));
    await (await c.stream({ q: 'x' }, { callbacks }))[Symbol.asyncIterator]().next();
    await new Promise((resolve) => setTimeout(resolve, 10));
    await c.invoke({ q: 'y' }, { callbacks });
    expect(ours.stats().evictedByAge).toBeGreaterThanOrEqual(3);
    expect(ours.stats().active).toBe(0);
    expect(new AbandonedRunError('x').name).toBe('AbandonedRunError');
  });
});
