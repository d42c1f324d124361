/**
 * forScope: an integration's telemetry carries its own instrumentation scope while sharing the
 * handler's state, subscribers, counters and shutdown. The LangChain integration uses it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { TelemetryHandler } from '../src/index.js';
import { GenAICallbackHandler } from '../src/langchain/index.js';
import { ScriptedChatModel } from './support/langchain.js';
import { createTestTelemetry, providers, type TestTelemetry } from './support/telemetry.js';

let t: TestTelemetry;
afterEach(() => t?.shutdown());

describe('forScope', () => {
  it('attributes spans and events to the scope and shares state, counters and subscribers', async () => {
    t = createTestTelemetry();
    const handler = new TelemetryHandler({ ...providers(t), emitters: 'span_metric_event' });
    const integration = handler.forScope({ name: 'my-integration', version: '2.0.0' });
    expect(handler.forScope({ name: 'my-integration', version: '2.0.0' })).toBe(integration);
    const completed: string[] = [];
    handler.onCompletion((inv) => completed.push(inv.kind));

    const agent = handler.startAgent({ name: 'planner' });
    const llm = integration.startLlm({ requestModel: 'm' }, { parent: agent });
    integration.stopLlm(llm);
    handler.stopAgent(agent);

    const byName = Object.fromEntries(t.spans().map((s) => [s.name, s]));
    expect(byName['chat m']!.instrumentationScope).toMatchObject({
      name: 'my-integration',
      version: '2.0.0',
    });
    expect(byName['invoke_agent planner']!.instrumentationScope.name).toBe('genai-telemetry');
    expect(byName['chat m']!.parentSpanContext?.spanId).toBe(agent.snapshot!.spanId);
    const event = t
      .logs()
      .find((l) => l.eventName === 'gen_ai.client.inference.operation.details')!;
    expect(event.instrumentationScope.name).toBe('my-integration');
    expect(completed).toEqual(['llm', 'agent']);
    expect(handler.stats()).toMatchObject({ started: 2, stopped: 2 });
    expect(integration.stats()).toEqual(handler.stats());

    // One shutdown for both: after it, neither starts anything.
    await integration.shutdown();
    handler.startLlm({ requestModel: 'late' });
    integration.startLlm({ requestModel: 'late' });
    expect(handler.stats()).toMatchObject({ started: 2, ignoredAfterShutdown: 2 });
  });

  it('stats count emitter failures of every scope', () => {
    t = createTestTelemetry();
    const broken = {
      name: 'broken',
      category: 'metrics' as const,
      factory: () => ({
        name: 'broken',
        category: 'metrics' as const,
        onEnd: () => {
          throw new Error('emitter bug');
        },
      }),
    };
    const handler = new TelemetryHandler({ ...providers(t), emitters: ['span', broken] });
    const integration = handler.forScope({ name: 'my-integration' });
    handler.stopLlm(handler.startLlm({ requestModel: 'a' }));
    integration.stopLlm(integration.startLlm({ requestModel: 'b' }));
    expect(handler.stats().emitterFailures).toEqual({ broken: 2 });
    expect(t.spans()).toHaveLength(2);
  });

  it('LangChain runs carry the integration scope unless the handler has a scope of its own', async () => {
    t = createTestTelemetry();
    const model = new ScriptedChatModel(() => ({ content: 'ok', usage: { input: 1, output: 1 } }));
    const packageScoped = new TelemetryHandler(providers(t));
    const appScoped = new TelemetryHandler({
      ...providers(t),
      instrumentationScope: { name: 'my-app' },
    });
    await model.invoke('hi', { callbacks: [new GenAICallbackHandler({ handler: packageScoped })] });
    await model.invoke('hi', { callbacks: [new GenAICallbackHandler({ handler: appScoped })] });
    expect(t.spans().map((s) => s.instrumentationScope.name)).toEqual([
      'genai-telemetry/langchain',
      'my-app',
    ]);
  });
});
