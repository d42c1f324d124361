/**
 * Many LangChain runs started from one async flow: `batch()`, a cold fan-out (in a fresh child
 * process, so OpenTelemetry's AsyncLocalStorage was really never entered), JSON-schema tools that
 * never end. A run's context is active inside that run and nowhere else, and never nests across
 * runs.
 */
import { execFileSync } from 'node:child_process';
import { StringOutputParser } from '@langchain/core/output_parsers';
import { ChatPromptTemplate } from '@langchain/core/prompts';
import { tool } from '@langchain/core/tools';
import { context, type Context } from '@opentelemetry/api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TelemetryHandler } from '../src/index.js';
import { GenAICallbackHandler } from '../src/langchain/index.js';
import { resetActiveContextSupport } from '../src/langchain/active-context.js';
import { createTestTelemetry, providers, type TestTelemetry } from './support/telemetry.js';
import {
  activeSpanId,
  parentOf,
  ScriptedChatModel,
  useAsyncLocalStorageContext,
} from './support/langchain.js';

let t: TestTelemetry;
beforeEach(() => {
  useAsyncLocalStorageContext();
  resetActiveContextSupport();
});
afterEach(() => t?.shutdown());

function setup() {
  t = createTestTelemetry();
  const handler = new TelemetryHandler(providers(t));
  return { handler, callbacks: [new GenAICallbackHandler({ handler })] };
}

/** How many contexts wrap the active one (ours keep their outer context in `outer`). */
function depth(c: Context = context.active()): number {
  let n = 0;
  for (let x: unknown = c; x && typeof x === 'object' && 'outer' in x; n++)
    x = (x as { outer: unknown }).outer;
  return n;
}

describe('batch()', () => {
  it('runs 1,500 inputs without stacking contexts; each model call sees its own span', async () => {
    const { callbacks } = setup();
    const inside: Array<{ span: string | undefined; depth: number }> = [];
    const chain = ChatPromptTemplate.fromTemplate('{q}')
      .pipe(
        new ScriptedChatModel(() => ({
          content: 'a',
          during: () => void inside.push({ span: activeSpanId(), depth: depth() }),
        })),
      )
      .pipe(new StringOutputParser());
    const inputs = Array.from({ length: 1500 }, (_, i) => ({ q: `${i}` }));
    const out = await chain.batch(inputs, { callbacks });
    expect(out).toHaveLength(1500);
    const chats = t.spans().filter((s) => s.name === 'chat gpt-4o-mini');
    expect(chats).toHaveLength(1500);
    expect(new Set(inside.map((x) => x.span))).toEqual(
      new Set(chats.map((s) => s.spanContext().spanId)),
    );
    expect(Math.max(...inside.map((x) => x.depth))).toBeLessThanOrEqual(3);
    expect(depth()).toBeLessThanOrEqual(1);
  });
});

describe('JSON-schema tools that never end', () => {
  it('leave no context behind: later jobs are not parented under a hung tool', async () => {
    const { callbacks } = setup();
    const hung = tool(() => new Promise<string>(() => {}), {
      name: 'hung',
      description: 'never answers',
      schema: { type: 'object', properties: { q: { type: 'string' } } },
    });
    const tracer = t.tracerProvider.getTracer('app');
    // A queue consumer: each job times the tool out and moves on.
    for (let i = 0; i < 400; i++) {
      await tracer.startActiveSpan(`job`, async (span) => {
        await Promise.race([hung.invoke({ q: `${i}` }, { callbacks }), Promise.resolve('timeout')]);
        tracer.startSpan('after tool').end();
        span.end();
      });
    }
    const jobs = t.spans().filter((s) => s.name === 'job');
    expect(jobs).toHaveLength(400);
    for (const job of jobs) expect(parentOf(job)).toBeUndefined();
    const jobIds = new Set(jobs.map((s) => s.spanContext().spanId));
    for (const after of t.spans().filter((s) => s.name === 'after tool'))
      expect(jobIds.has(parentOf(after)!)).toBe(true);
    expect(depth()).toBeLessThanOrEqual(1);
  });
});

/**
 * A fresh process whose AsyncLocalStorage was never entered: 10,000 parallel `model.invoke`
 * beside the application's own work, the way a batch script's main() or a worker's first job
 * starts. Prints what the test asserts on.
 */
const COLD_FANOUT = `
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
const { TelemetryHandler } = await import('./src/index.ts');
const { GenAICallbackHandler, instrumentLangChain } = await import('./src/langchain/index.ts');
const { ScriptedChatModel } = await import('./test/support/langchain.ts');
const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
const handler = new TelemetryHandler({ tracerProvider: provider });
const perRun = process.env.MODE === 'per-run';
// The handler is built before the context manager is registered, as at import time.
const callbacks = perRun ? [new GenAICallbackHandler({ handler })] : undefined;
if (!perRun) instrumentLangChain({ handler });
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
const tracer = provider.getTracer('app');
const model = new ScriptedChatModel(() => ({ content: 'a' }));
async function loadProfile() {
  await null;
  await null;
  tracer.startSpan('profile').end();
  await new Promise((resolve) => setTimeout(resolve, 1));
  tracer.startSpan('profile').end();
}
let errors = 0;
await Promise.all(
  Array.from({ length: 10000 }, (_, i) =>
    Promise.all([model.invoke(String(i), { callbacks }), i % 10 === 0 ? loadProfile() : null]).catch(
      () => void errors++,
    ),
  ),
);
const spans = exporter.getFinishedSpans();
const chatIds = new Set(spans.filter((s) => s.name.startsWith('chat')).map((s) => s.spanContext().spanId));
const profiles = spans.filter((s) => s.name === 'profile');
let after = 'ok';
try {
  tracer.startActiveSpan('after', (s) => s.end());
} catch (e) {
  after = String(e);
}
console.log(JSON.stringify({
  errors,
  chats: chatIds.size,
  chatsWithParent: spans.filter((s) => s.name.startsWith('chat') && s.parentSpanContext).length,
  profiles: profiles.length,
  profilesUnderChat: profiles.filter((s) => chatIds.has(s.parentSpanContext?.spanId)).length,
  after,
}));
`;

function coldFanout(mode: 'per-run' | 'instrument') {
  const out = execFileSync(
    process.execPath,
    ['--stack-size=984', '--import', 'tsx', '--input-type=module', '-e', COLD_FANOUT],
    { encoding: 'utf8', timeout: 120_000, env: { ...process.env, MODE: mode } },
  );
  return JSON.parse(out.trim().split('\n').at(-1)!) as Record<string, unknown>;
}

describe('a cold fan-out of 10,000 model.invoke', () => {
  for (const mode of ['per-run', 'instrument'] as const) {
    it(`throws nothing and parents nothing beside a run under it (${mode})`, () => {
      expect(coldFanout(mode)).toEqual({
        errors: 0,
        chats: 10000,
        chatsWithParent: 0,
        profiles: 2000,
        profilesUnderChat: 0,
        after: 'ok',
      });
    }, 180_000);
  }
});
