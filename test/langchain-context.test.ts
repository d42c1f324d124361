import { BaseCallbackHandler } from '@langchain/core/callbacks/base';
import type { CallbackManager } from '@langchain/core/callbacks/manager';
import { awaitAllCallbacks } from '@langchain/core/callbacks/promises';
import { StringOutputParser } from '@langchain/core/output_parsers';
import { ChatPromptTemplate } from '@langchain/core/prompts';
import { RunnableLambda } from '@langchain/core/runnables';
import { StructuredTool, tool } from '@langchain/core/tools';
import { context, diag, DiagLogLevel, trace } from '@opentelemetry/api';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { TelemetryHandler } from '../src/index.js';
import { GenAICallbackHandler } from '../src/langchain/index.js';
import { resetActiveContextSupport } from '../src/langchain/active-context.js';
import { createTestTelemetry, providers, type TestTelemetry } from './support/telemetry.js';
import {
  activeSpanId,
  byName,
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

const spanId = (name: string) => byName(t.spans(), name).spanContext().spanId;

describe('active span inside LangChain runs', () => {
  it('makes the tool span active inside a zod tool, and the chat span inside the model', async () => {
    const { callbacks } = setup();
    const seen: Record<string, string | undefined> = {};
    const lookup = tool(
      async () => {
        seen.tool = activeSpanId();
        await new Promise((resolve) => setTimeout(resolve, 1));
        seen.toolAfterAwait = activeSpanId();
        return 'ok';
      },
      { name: 'lookup', description: 'd', schema: z.object({ q: z.string() }) },
    );
    const model = new ScriptedChatModel(() => ({
      content: 'hi',
      during: () => void (seen.model = activeSpanId()),
    }));
    const tracer = t.tracerProvider.getTracer('app');
    await tracer.startActiveSpan('request', async (span) => {
      await lookup.invoke({ q: 'x' }, { callbacks });
      seen.callerAfterTool = activeSpanId();
      await model.invoke('hello', { callbacks });
      seen.callerAfterModel = activeSpanId();
      span.end();
    });
    expect(seen.tool).toBe(spanId('execute_tool lookup'));
    expect(seen.toolAfterAwait).toBe(spanId('execute_tool lookup'));
    expect(seen.model).toBe(spanId('chat gpt-4o-mini'));
    expect(seen.callerAfterTool).toBe(spanId('request'));
    expect(seen.callerAfterModel).toBe(spanId('request'));
  });

  it('makes the chat span active where a streamed model sends its request', async () => {
    const { callbacks } = setup();
    let seen: string | undefined;
    const model = new ScriptedChatModel(() => ({
      content: 'a b',
      during: () => void (seen = activeSpanId()),
    }));
    for await (const _ of await model.stream('hello', { callbacks }));
    expect(seen).toBe(spanId('chat gpt-4o-mini'));
  });

  it('makes the tool span active inside a tool class called from a step', async () => {
    const { callbacks } = setup();
    let seen: string | undefined;
    class Lookup extends StructuredTool {
      name = 'lookup';
      description = 'd';
      schema = z.object({ q: z.string() });
      async _call() {
        await new Promise((resolve) => setTimeout(resolve, 1));
        seen = activeSpanId();
        return 'ok';
      }
    }
    const lookup = new Lookup();
    const step = RunnableLambda.from((q: string) => lookup.invoke({ q })).withConfig({
      runName: 'step',
    });
    await step.invoke('x', { callbacks });
    // A tool class reaches the callbacks by its class name only (LangChain passes no tool name).
    expect(seen).toBe(spanId('execute_tool Lookup'));
  });

  it('does not leak a JSON-schema tool context into its caller or its siblings', async () => {
    const { callbacks } = setup();
    const inside: string[] = [];
    const jsonTool = (name: string) =>
      tool(
        async () => {
          inside.push(`${name}:${activeSpanId()}`);
          await new Promise((resolve) => setTimeout(resolve, 1));
          return name;
        },
        {
          name,
          description: 'd',
          schema: { type: 'object', properties: { q: { type: 'string' } } },
        },
      );
    const tracer = t.tracerProvider.getTracer('app');
    let after: string | undefined;
    await tracer.startActiveSpan('request', async (span) => {
      await Promise.all([
        jsonTool('a').invoke({ q: '1' }, { callbacks }),
        jsonTool('b').invoke({ q: '2' }, { callbacks }),
      ]);
      after = activeSpanId();
      span.end();
    });
    expect(after).toBe(spanId('request'));
    expect(parentOf(byName(t.spans(), 'execute_tool a'))).toBe(spanId('request'));
    expect(parentOf(byName(t.spans(), 'execute_tool b'))).toBe(spanId('request'));
    expect(inside.sort()).toEqual([
      `a:${spanId('execute_tool a')}`,
      `b:${spanId('execute_tool b')}`,
    ]);
  });

  it('does not pile up contexts in a frame that runs JSON-schema tools one after another', async () => {
    const { callbacks } = setup();
    const echo = tool(async () => 'ok', {
      name: 'echo',
      description: 'd',
      schema: { type: 'object', properties: { q: { type: 'string' } } },
    });
    for (let i = 0; i < 50; i++) await echo.invoke({ q: `${i}` }, { callbacks });
    let depth = 0;
    for (let c: unknown = context.active(); c && typeof c === 'object' && 'outer' in c; depth++)
      c = (c as { outer: unknown }).outer;
    expect(depth).toBeLessThanOrEqual(1);
    expect(t.spans()).toHaveLength(50);
  });

  it('nests spans created inside a graph-free lambda under its step', async () => {
    const { callbacks } = setup();
    const tracer = t.tracerProvider.getTracer('app');
    const chain = RunnableLambda.from(async (x: string) => x)
      .withConfig({ runName: 'outer' })
      .pipe(
        RunnableLambda.from(async (x: string) => {
          tracer.startSpan('db query').end();
          return x;
        }).withConfig({ runName: 'inner' }),
      );
    await chain.invoke('x', { callbacks });
    expect(parentOf(byName(t.spans(), 'db query'))).toBe(spanId('inner'));
  });

  it('degrades to correct parents, said once, without the ALS context manager', async () => {
    context.disable();
    resetActiveContextSupport();
    const warn = vi.fn();
    diag.setLogger(
      { warn, error: vi.fn(), info() {}, debug() {}, verbose() {} },
      DiagLogLevel.WARN,
    );
    try {
      const { callbacks } = setup();
      const chain = ChatPromptTemplate.fromTemplate('{q}')
        .pipe(new ScriptedChatModel(() => ({ content: 'a' })))
        .pipe(new StringOutputParser());
      await chain.invoke({ q: '1' }, { callbacks });
      await chain.invoke({ q: '2' }, { callbacks });
      const spans = t.spans();
      const workflows = spans.filter((s) => s.name.startsWith('invoke_workflow'));
      expect(workflows).toHaveLength(2);
      for (const chat of spans.filter((s) => s.name === 'chat gpt-4o-mini'))
        expect(workflows.map((w) => w.spanContext().spanId)).toContain(parentOf(chat));
      const messages = warn.mock.calls.map((c) => String(c[0]));
      expect(messages.filter((m) => m.includes('cannot be made active'))).toHaveLength(1);
    } finally {
      diag.disable();
    }
  });
});

describe('contextOfRun, the explicit alternative', () => {
  it('gives the context of a live run by its runId, for context.with() inside the run', async () => {
    context.disable(); // the case it exists for: no ALS context manager, no active run span
    resetActiveContextSupport();
    const { callbacks } = setup();
    const [ours] = callbacks;
    const tracer = t.tracerProvider.getTracer('app');
    const step = RunnableLambda.from((x: string, config) => {
      const runId = (config?.callbacks as CallbackManager).getParentRunId()!;
      tracer.startSpan('db query', {}, ours!.contextOfRun(runId)).end();
      return x;
    }).withConfig({ runName: 'lookup' });
    await step.invoke('x', { callbacks });
    expect(parentOf(byName(t.spans(), 'db query'))).toBe(spanId('invoke_workflow lookup'));
    expect(ours!.contextOfRun('no-such-run')).toBeUndefined();
  });
});

describe('concurrent requests', () => {
  const chain = () =>
    ChatPromptTemplate.fromTemplate('{q}')
      .pipe(
        new ScriptedChatModel(() => ({
          content: 'answer',
          during: () => new Promise((resolve) => setTimeout(resolve, Math.random() * 5)),
        })),
      )
      .pipe(new StringOutputParser());

  async function runConcurrently(extra: BaseCallbackHandler[]) {
    const { callbacks } = setup();
    const tracer = t.tracerProvider.getTracer('app');
    const c = chain();
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        tracer.startActiveSpan(`request ${i}`, async (span) => {
          await c.invoke({ q: String(i) }, { callbacks: [...callbacks, ...extra] });
          span.end();
        }),
      ),
    );
    await awaitAllCallbacks();
    const spans = t.spans();
    for (let i = 0; i < 20; i++) {
      const request = byName(spans, `request ${i}`);
      const mine = spans.filter((s) => s.spanContext().traceId === request.spanContext().traceId);
      expect(mine).toHaveLength(5); // request, workflow, prompt, chat, parser
      const workflow = mine.find((s) => s.name.startsWith('invoke_workflow'))!;
      expect(parentOf(workflow)).toBe(request.spanContext().spanId);
    }
  }

  it('keeps each request in its own trace', async () => {
    await runConcurrently([]);
  });

  it('keeps each request in its own trace next to a background (non-awaited) user handler', async () => {
    const tokens: string[] = [];
    const background = BaseCallbackHandler.fromMethods({
      handleChainStart: async () => {
        await new Promise((resolve) => setTimeout(resolve, 1));
      },
      handleLLMEnd: (output) => void tokens.push(output.generations[0]![0]!.text),
    });
    expect(background.awaitHandlers).toBe(false);
    await runConcurrently([background]);
    expect(tokens).toHaveLength(20);
  });

  it('gives concurrent root runs without a caller span separate traces', async () => {
    const { callbacks } = setup();
    const c = chain();
    await Promise.all(Array.from({ length: 10 }, (_, i) => c.invoke({ q: `${i}` }, { callbacks })));
    const workflows = t.spans().filter((s) => s.name.startsWith('invoke_workflow'));
    expect(workflows).toHaveLength(10);
    for (const w of workflows) expect(parentOf(w)).toBeUndefined();
    expect(new Set(workflows.map((w) => w.spanContext().traceId)).size).toBe(10);
    expect(trace.getActiveSpan()).toBeUndefined();
  });
});
