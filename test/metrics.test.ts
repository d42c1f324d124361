/** Histograms: names, units, advised buckets, bounded attributes, error.type on failure. */
import { describe, expect, it } from 'vitest';
import { TelemetryHandler } from '../src/index.js';
import {
  createTestTelemetry,
  providers,
  TEST_SPAN_ID,
  TEST_TRACE_ID,
} from './support/telemetry.js';

describe('metrics', () => {
  it('records duration and token usage with the advised buckets and bounded attributes only', async () => {
    const t = createTestTelemetry();
    const handler = new TelemetryHandler({
      ...providers(t),
      captureMessageContent: 'span_and_event',
    });
    const inv = handler.startLlm({
      provider: 'openai',
      requestModel: 'gpt-4o',
      serverAddress: 'api.openai.com',
      serverPort: 443,
      conversationId: 'conv-secret',
      inputMessages: [{ role: 'user', parts: [{ type: 'text', content: 'hi' }] }],
    });
    Object.assign(inv, {
      responseModel: 'gpt-4o-2024',
      responseId: 'resp-1',
      inputTokens: 300,
      outputTokens: 20,
    });
    handler.stopLlm(inv);
    const metrics = await t.metrics();
    const duration = metrics.find((m) => m.descriptor.name === 'gen_ai.client.operation.duration')!;
    expect(duration.descriptor.unit).toBe('s');
    const point = duration.dataPoints[0]!;
    expect((point.value as { buckets: { boundaries: number[] } }).buckets.boundaries).toEqual([
      0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92,
    ]);
    const { [TEST_TRACE_ID]: _t, [TEST_SPAN_ID]: _s, ...attributes } = point.attributes;
    expect(attributes).toEqual({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o',
      'gen_ai.response.model': 'gpt-4o-2024',
      'server.address': 'api.openai.com',
      'server.port': 443,
    });
    const usage = metrics.find((m) => m.descriptor.name === 'gen_ai.client.token.usage')!;
    expect(usage.descriptor.unit).toBe('{token}');
    const byType = Object.fromEntries(
      usage.dataPoints.map((p) => [
        p.attributes['gen_ai.token.type'],
        (p.value as { sum: number }).sum,
      ]),
    );
    expect(byType).toEqual({ input: 300, output: 20 });
    expect(
      (usage.dataPoints[0]!.value as { buckets: { boundaries: number[] } }).buckets.boundaries.at(
        -1,
      ),
    ).toBe(67108864);
  });

  // Tools and agents are GenAI operations: their durations share the conventions' metric (as the
  // Python reference records them); workflows and steps, which none covers, go to the project's.
  it('failure adds error.type; tools and agents on the operation duration, workflows and steps on the project metric', async () => {
    const t = createTestTelemetry();
    const handler = new TelemetryHandler(providers(t));
    handler.failLlm(
      handler.startLlm({ provider: 'openai', requestModel: 'm' }),
      new TypeError('x'),
    );
    handler.stopToolCall(handler.startToolCall({ name: 'search', toolCallId: 'call-9' }));
    handler.stopAgent(handler.startAgent({ name: 'planner', id: 'agent-7' }));
    handler.stopWorkflow(handler.startWorkflow({ name: 'trip' }));
    handler.stopStep(handler.startStep({ name: 'route', stepType: 'graph_node' }));
    const dimensions = (points: Awaited<ReturnType<typeof t.points>>) =>
      points.map(({ attributes: { [TEST_TRACE_ID]: _t, [TEST_SPAN_ID]: _s, ...rest } }) => rest);
    expect(dimensions(await t.points('gen_ai.client.operation.duration'))).toEqual([
      {
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': 'm',
        'error.type': 'TypeError',
      },
      { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'search' },
      { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'planner' },
    ]);
    expect(dimensions(await t.points('genai_telemetry.invocation.duration'))).toEqual([
      { 'gen_ai.operation.name': 'invoke_workflow', 'gen_ai.workflow.name': 'trip' },
      { 'genai_telemetry.step.name': 'route' },
    ]);
  });
});

describe('metric attribute bounds', () => {
  it('cuts an overlong string dimension to 256 characters', async () => {
    const t = createTestTelemetry();
    const handler = new TelemetryHandler(providers(t));
    handler.stopLlm(handler.startLlm({ provider: 'openai', requestModel: 'm'.repeat(65_536) }));
    const [point] = await t.points('gen_ai.client.operation.duration');
    expect(point!.attributes['gen_ai.request.model']).toBe('m'.repeat(256));
    // The span keeps the value as given.
    expect((t.spans()[0]!.attributes['gen_ai.request.model'] as string).length).toBe(65_536);
  });
});
