/**
 * LangGraph human in the loop: a graph that calls `interrupt()` ends its run normally, marked
 * paused; the resume (`Command({ resume })` on the same thread id) carries the same conversation
 * id and a span link to the paused run, in the same process and in another one that loads the
 * checkpoint from disk. No span is an error.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command, MemorySaver } from '@langchain/langgraph';
import { SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TelemetryHandler } from '../src/index.js';
import { GenAICallbackHandler, tracedCheckpointer } from '../src/langchain/index.js';
import { createTestTelemetry, providers, type TestTelemetry } from './support/telemetry.js';
import {
  approvalGraph,
  byName,
  saveCheckpoints,
  useAsyncLocalStorageContext,
} from './support/langchain.js';

const PAUSED = 'genai_telemetry.agent.paused';
let t: TestTelemetry;
beforeAll(useAsyncLocalStorageContext);
afterEach(() => t?.shutdown());

function setup() {
  t = createTestTelemetry();
  return [new GenAICallbackHandler({ handler: new TelemetryHandler(providers(t)) })];
}

const roots = (spans: readonly ReadableSpan[]) =>
  spans.filter((s) => s.name === 'invoke_workflow approval');

function expectNoError(spans: readonly ReadableSpan[]) {
  for (const span of spans) {
    expect(span.status.code, span.name).toBe(SpanStatusCode.UNSET);
    expect(span.attributes, span.name).not.toHaveProperty('error.type');
  }
}

describe('LangGraph interrupt and resume', () => {
  it('marks the interrupted run paused and links the resume to it, in one process', async () => {
    const callbacks = setup();
    const graph = approvalGraph(new MemorySaver());
    const config = { callbacks, configurable: { thread_id: 'thread-7' } };
    expect(await graph.invoke({}, config)).toHaveProperty('__interrupt__');
    const [paused] = roots(t.spans());
    expect(paused!.attributes[PAUSED]).toBe(true);
    expect(paused!.events.map((e) => e.name)).toContain(PAUSED);
    expect(paused!.attributes['gen_ai.conversation.id']).toBe('thread-7');

    expect(await graph.invoke(new Command({ resume: 'yes' }), config)).toEqual({ answer: 'yes' });
    const [, resumed] = roots(t.spans());
    expect(resumed!.attributes['gen_ai.conversation.id']).toBe('thread-7');
    expect(resumed!.attributes[PAUSED]).toBeUndefined();
    expect(resumed!.links.map((l) => l.context.spanId)).toEqual([paused!.spanContext().spanId]);
    expect(resumed!.links[0]!.context.traceId).toBe(paused!.spanContext().traceId);
    expect(resumed!.links[0]!.attributes).toEqual({ 'genai_telemetry.link.reason': 'resume' });
    expectNoError(t.spans());
  });

  it('does not link a new run on the same thread that is no resume', async () => {
    const callbacks = setup();
    const graph = approvalGraph(new MemorySaver());
    const config = { callbacks, configurable: { thread_id: 'thread-8' } };
    await graph.invoke({}, config);
    await graph.invoke({}, config);
    expect(roots(t.spans()).flatMap((s) => s.links)).toEqual([]);
  });

  it('finds the paused run from the checkpoint when the resume runs in another process', async () => {
    const callbacks = setup();
    const dir = mkdtempSync(join(tmpdir(), 'genai-telemetry-resume-'));
    try {
      const saver = new MemorySaver();
      await approvalGraph(tracedCheckpointer(saver)).invoke(
        {},
        { callbacks, configurable: { thread_id: 'thread-9' } },
      );
      saveCheckpoints(saver, join(dir, 'checkpoints.json'));
      const out = execFileSync(
        process.execPath,
        ['--import', 'tsx', '--input-type=module', '-e', RESUME],
        { encoding: 'utf8', timeout: 60_000, env: { ...process.env, CHECKPOINTS: dir } },
      );
      const resumed = JSON.parse(out.trim().split('\n').at(-1)!) as Record<string, unknown>;
      const paused = byName(t.spans(), 'invoke_workflow approval');
      expect(paused.attributes[PAUSED]).toBe(true);
      expect(resumed).toEqual({
        answer: 'yes',
        conversationId: 'thread-9',
        links: [
          {
            traceId: paused.spanContext().traceId,
            spanId: paused.spanContext().spanId,
            reason: 'resume',
          },
        ],
        errors: 0,
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** The second process: loads the checkpoint file and resumes the thread. */
const RESUME = `
import { join } from 'node:path';
import { Command } from '@langchain/langgraph';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
const { TelemetryHandler } = await import('./src/index.ts');
const { instrumentLangChain, tracedCheckpointer } = await import('./src/langchain/index.ts');
const { approvalGraph, loadCheckpoints, useAsyncLocalStorageContext } = await import('./test/support/langchain.ts');
useAsyncLocalStorageContext();
const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
instrumentLangChain({ handler: new TelemetryHandler({ tracerProvider: provider }) });
const saver = tracedCheckpointer(loadCheckpoints(join(process.env.CHECKPOINTS, 'checkpoints.json')));
const out = await approvalGraph(saver).invoke(new Command({ resume: 'yes' }), { configurable: { thread_id: 'thread-9' } });
const spans = exporter.getFinishedSpans();
const root = spans.find((s) => s.name === 'invoke_workflow approval');
console.log(JSON.stringify({
  answer: out.answer,
  conversationId: root.attributes['gen_ai.conversation.id'],
  links: root.links.map((l) => ({ traceId: l.context.traceId, spanId: l.context.spanId, reason: l.attributes['genai_telemetry.link.reason'] })),
  errors: spans.filter((s) => s.status.code === 2).length,
}));
`;
