/** Parent resolution: explicit parent invocation, an extracted remote context, the active context; run(). */
import { context, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { describe, expect, it } from 'vitest';
import { TelemetryHandler } from '../src/index.js';
import { createTestTelemetry, providers } from './support/telemetry.js';

const parentIdOf = (span: { parentSpanContext?: { spanId: string } }) =>
  span.parentSpanContext?.spanId;

describe('parents', () => {
  it('an explicit parent invocation wins over the active context', () => {
    const t = createTestTelemetry();
    const handler = new TelemetryHandler(providers(t));
    const agent = handler.startAgent({ name: 'planner' });
    const unrelated = t.tracerProvider.getTracer('app').startSpan('unrelated');
    const llm = context.with(trace.setSpan(context.active(), unrelated), () =>
      handler.startLlm({ requestModel: 'm' }, { parent: agent }),
    );
    handler.stopLlm(llm);
    handler.stopAgent(agent);
    unrelated.end();
    const byName = Object.fromEntries(t.spans().map((s) => [s.name, s]));
    expect(parentIdOf(byName['chat m']!)).toBe(agent.snapshot!.spanId);
    expect(llm.snapshot!.parentSpanId).toBe(agent.snapshot!.spanId);
    expect(llm.snapshot!.traceId).toBe(agent.snapshot!.traceId);
  });

  it('an ended parent, or a JSON copy of one, still parents through its snapshot', () => {
    const t = createTestTelemetry();
    const handler = new TelemetryHandler(providers(t));
    const workflow = handler.stopWorkflow(handler.startWorkflow({ name: 'w' }));
    const child = handler.startStep(
      { name: 's' },
      { parent: JSON.parse(JSON.stringify(workflow)) },
    );
    handler.stopStep(child);
    expect(child.snapshot!.traceId).toBe(workflow.snapshot!.traceId);
    expect(parentIdOf(t.spans()[1]!)).toBe(workflow.snapshot!.spanId);
  });

  it('an extracted remote context continues the caller trace (spans on and off)', () => {
    const propagator = new W3CTraceContextPropagator();
    const carrier = { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' };
    const parentContext = propagator.extract(ROOT_CONTEXT, carrier, {
      get: (c, k) => c[k as keyof typeof c],
      keys: (c) => Object.keys(c),
    });
    for (const emitters of ['span_metric_event', 'metric_event']) {
      const t = createTestTelemetry();
      const handler = new TelemetryHandler({ ...providers(t), emitters });
      const inv = handler.stopLlm(handler.startLlm({ requestModel: 'm' }, { parentContext }));
      expect(inv.snapshot).toMatchObject({
        traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
        parentSpanId: '00f067aa0ba902b7',
      });
      if (emitters === 'span_metric_event')
        expect(parentIdOf(t.spans()[0]!)).toBe('00f067aa0ba902b7');
    }
  });

  it('without parent options the active context is the parent', () => {
    const t = createTestTelemetry();
    const handler = new TelemetryHandler(providers(t));
    const outer = t.tracerProvider.getTracer('app').startSpan('http request');
    const inv = context.with(trace.setSpan(ROOT_CONTEXT, outer), () =>
      handler.startToolCall({ name: 'search' }),
    );
    handler.stopToolCall(inv);
    outer.end();
    expect(inv.snapshot!.parentSpanId).toBe(outer.spanContext().spanId);
  });

  it('run(): fn runs inside the invocation context; spans made there are children; errors pass unchanged', async () => {
    const t = createTestTelemetry();
    const handler = new TelemetryHandler(providers(t));
    const tracer = t.tracerProvider.getTracer('app');
    const agent = { kind: 'agent' as const, name: 'a' };
    const result = await handler.run(agent, async () => {
      await new Promise((r) => setTimeout(r, 1));
      tracer.startSpan('http GET').end();
      return handler.run({ kind: 'tool_call' as const, name: 'lookup' }, () => 42);
    });
    expect(result).toBe(42);
    const byName = Object.fromEntries(t.spans().map((s) => [s.name, s]));
    const agentSpanId = byName['invoke_agent a']!.spanContext().spanId;
    expect(parentIdOf(byName['http GET']!)).toBe(agentSpanId);
    expect(parentIdOf(byName['execute_tool lookup']!)).toBe(agentSpanId);

    const original = new TypeError('bad input');
    await expect(
      handler.run({ kind: 'workflow' as const, name: 'w' }, async () => {
        throw original;
      }),
    ).rejects.toBe(original);
    expect(() =>
      handler.run({ kind: 'step' as const, name: 's' }, () => {
        throw original;
      }),
    ).toThrow(original);
    const failed = t.spans().filter((s) => s.attributes['error.type'] === 'TypeError');
    expect(failed.map((s) => s.name).sort()).toEqual(['invoke_workflow w', 's']);
  });

  it('contextOf a running invocation with spans off carries the synthesised identity for children', () => {
    const t = createTestTelemetry();
    const handler = new TelemetryHandler({ ...providers(t), emitters: 'metric' });
    const agent = handler.startAgent({ name: 'a' });
    const appSpan = t.tracerProvider
      .getTracer('app')
      .startSpan('db query', {}, handler.contextOf(agent));
    appSpan.end();
    handler.stopAgent(agent);
    expect(t.spans()[0]!.spanContext().traceId).toBe(agent.snapshot!.traceId);
    expect(parentIdOf(t.spans()[0]!)).toBe(agent.snapshot!.spanId);
  });
});
