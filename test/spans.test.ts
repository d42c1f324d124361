/** Span names, kinds and attributes per SEMCONV.md for the seven kinds, and failure status. */
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { TelemetryHandler, type Invocation } from '../src/index.js';
import { createTestTelemetry, providers } from './support/telemetry.js';

function emit(invocation: Invocation) {
  const t = createTestTelemetry();
  const handler = new TelemetryHandler(providers(t));
  handler.stop(handler.start(invocation));
  return t.spans()[0]!;
}

describe('span shape per kind', () => {
  it('llm: "{operation} {model}", CLIENT, request attributes at start, response and usage at the end', () => {
    const t = createTestTelemetry();
    const seenAtStart: Record<string, unknown>[] = [];
    const handler = new TelemetryHandler({
      ...providers(t),
      // A span-category recorder sees what the span had when it started.
      emitters: [
        'span',
        {
          name: 'start_attrs',
          category: 'span',
          factory: () => ({
            name: 'start_attrs',
            category: 'span',
            onStart: (_inv, state) =>
              seenAtStart.push({ ...(state.span as unknown as { attributes: object }).attributes }),
          }),
        },
      ],
    });
    const inv = handler.startLlm({
      operation: 'text_completion',
      provider: 'anthropic',
      requestModel: 'claude-x',
      serverAddress: 'api.anthropic.com',
      serverPort: 443,
      temperature: 0.3,
      topP: 0.9,
      topK: 40,
      maxTokens: 256,
      stopSequences: ['END'],
      seed: 7,
      conversationId: 'conv-1',
      attributes: { 'app.tenant': 'acme' },
    });
    Object.assign(inv, {
      responseModel: 'claude-x-2025',
      responseId: 'msg_1',
      finishReasons: ['stop'],
      inputTokens: 120,
      outputTokens: 30,
      cacheReadInputTokens: 100,
      cacheCreationInputTokens: 5,
      reasoningOutputTokens: 12,
    });
    handler.stopLlm(inv);
    const span = t.spans()[0]!;
    expect(span.name).toBe('text_completion claude-x');
    expect(span.kind).toBe(SpanKind.CLIENT);
    expect(seenAtStart[0]).toEqual({
      'gen_ai.operation.name': 'text_completion',
      'gen_ai.provider.name': 'anthropic',
      'gen_ai.request.model': 'claude-x',
      'server.address': 'api.anthropic.com',
      'server.port': 443,
      'gen_ai.request.temperature': 0.3,
      'gen_ai.request.top_p': 0.9,
      'gen_ai.request.top_k': 40,
      'gen_ai.request.max_tokens': 256,
      'gen_ai.request.stop_sequences': ['END'],
      'gen_ai.request.seed': 7,
      'gen_ai.conversation.id': 'conv-1',
      'app.tenant': 'acme',
    });
    expect(span.attributes).toMatchObject({
      'gen_ai.response.model': 'claude-x-2025',
      'gen_ai.response.id': 'msg_1',
      'gen_ai.response.finish_reasons': ['stop'],
      'gen_ai.usage.input_tokens': 120,
      'gen_ai.usage.output_tokens': 30,
      'gen_ai.usage.cache_read.input_tokens': 100,
      'gen_ai.usage.cache_creation.input_tokens': 5,
      'gen_ai.usage.reasoning.output_tokens': 12,
    });
    expect(span.attributes).not.toHaveProperty('gen_ai.input.messages');
  });

  it('the latest-experimental opt-in switches renamed attributes', () => {
    const t = createTestTelemetry();
    const handler = new TelemetryHandler({
      ...providers(t),
      environment: { OTEL_SEMCONV_STABILITY_OPT_IN: 'http,gen_ai_latest_experimental' },
    });
    handler.stopLlm(handler.startLlm({ requestModel: 'm', cacheCreationInputTokens: 9 }));
    expect(t.spans()[0]!.attributes).toMatchObject({ 'gen_ai.usage.cache_write.input_tokens': 9 });
    expect(t.spans()[0]!.attributes).not.toHaveProperty('gen_ai.usage.cache_creation.input_tokens');
  });

  const cases: Array<[string, Invocation, string, SpanKind, Record<string, unknown>]> = [
    [
      'embedding',
      {
        kind: 'embedding',
        provider: 'openai',
        requestModel: 'text-embedding-3-small',
        dimensionCount: 1536,
        encodingFormats: ['float'],
        inputTokens: 8,
      },
      'embeddings text-embedding-3-small',
      SpanKind.CLIENT,
      {
        'gen_ai.operation.name': 'embeddings',
        'gen_ai.embeddings.dimension.count': 1536,
        'gen_ai.request.encoding_formats': ['float'],
        'gen_ai.usage.input_tokens': 8,
      },
    ],
    [
      'retrieval',
      { kind: 'retrieval', dataSourceId: 'kb-main', topK: 5, provider: 'pinecone' },
      'retrieval kb-main',
      SpanKind.CLIENT,
      {
        'gen_ai.operation.name': 'retrieval',
        'gen_ai.data_source.id': 'kb-main',
        'gen_ai.request.top_k': 5,
      },
    ],
    [
      'tool_call',
      {
        kind: 'tool_call',
        name: 'get_weather',
        toolCallId: 'call_1',
        toolType: 'function',
        description: 'Weather by city',
      },
      'execute_tool get_weather',
      SpanKind.INTERNAL,
      {
        'gen_ai.operation.name': 'execute_tool',
        'gen_ai.tool.name': 'get_weather',
        'gen_ai.tool.call.id': 'call_1',
        'gen_ai.tool.type': 'function',
        'gen_ai.tool.description': 'Weather by city',
      },
    ],
    [
      'agent (in-process)',
      { kind: 'agent', name: 'planner', id: 'ag-1', description: 'Plans trips' },
      'invoke_agent planner',
      SpanKind.INTERNAL,
      {
        'gen_ai.operation.name': 'invoke_agent',
        'gen_ai.agent.name': 'planner',
        'gen_ai.agent.id': 'ag-1',
        'gen_ai.agent.description': 'Plans trips',
      },
    ],
    [
      'agent (remote)',
      { kind: 'agent', name: 'booking', remote: true },
      'invoke_agent booking',
      SpanKind.CLIENT,
      { 'gen_ai.operation.name': 'invoke_agent' },
    ],
    [
      'agent (create)',
      { kind: 'agent', operation: 'create_agent', name: 'helper' },
      'create_agent helper',
      SpanKind.CLIENT,
      { 'gen_ai.operation.name': 'create_agent' },
    ],
    [
      'workflow',
      { kind: 'workflow', name: 'trip-planning' },
      'invoke_workflow trip-planning',
      SpanKind.INTERNAL,
      { 'gen_ai.operation.name': 'invoke_workflow', 'gen_ai.workflow.name': 'trip-planning' },
    ],
    [
      'step',
      { kind: 'step', name: 'route_request', stepType: 'graph_node' },
      'route_request',
      SpanKind.INTERNAL,
      // Steps have no convention: their attributes are the project's own, outside gen_ai.*.
      { 'genai_telemetry.step.name': 'route_request', 'genai_telemetry.step.type': 'graph_node' },
    ],
    ['agent without a name', { kind: 'agent' }, 'invoke_agent', SpanKind.INTERNAL, {}],
    [
      'llm without a model',
      { kind: 'llm' },
      'chat',
      SpanKind.CLIENT,
      { 'gen_ai.operation.name': 'chat' },
    ],
  ];
  for (const [label, invocation, name, kind, attributes] of cases) {
    it(`${label}: "${name}"`, () => {
      const span = emit(invocation);
      expect(span.name).toBe(name);
      expect(span.kind).toBe(kind);
      expect(span.attributes).toMatchObject(attributes);
    });
  }

  it('failure: status ERROR, error.type is the class name (or _OTHER), the span ends once', () => {
    const t = createTestTelemetry();
    const handler = new TelemetryHandler(providers(t));
    class RateLimitError extends Error {}
    handler.failLlm(handler.startLlm({ requestModel: 'm' }), new RateLimitError('429'));
    handler.fail(handler.start({ kind: 'tool_call', name: 't' }), 'a string was thrown');
    const [llm, tool] = t.spans();
    expect(llm!.status).toEqual({ code: SpanStatusCode.ERROR, message: '429' });
    expect(llm!.attributes['error.type']).toBe('RateLimitError');
    expect(tool!.attributes['error.type']).toBe('_OTHER');
    expect(t.spans()).toHaveLength(2);
  });
});
