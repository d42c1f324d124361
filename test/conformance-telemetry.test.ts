/**
 * Conformance of exported spans, metrics and events with the GenAI conventions (items of the
 * conformance audit): the opt-in details event, exceptions recorded once, streaming requests,
 * agents' and workflows' attributes, durations per operation, nothing of the project's own in
 * `gen_ai.*`, derived finish reasons, the scope's schema URL, required attributes, and error text
 * read only from what the handler wrote.
 */
import { SpanStatusCode } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import {
  InvalidFieldsError,
  TelemetryHandler,
  type EmitterSpec,
  type TelemetryHandlerOptions,
} from '../src/index.js';
import { captureDiag } from './support/diag.js';
import { exportedText } from './support/exported-text.js';
import {
  createTestTelemetry,
  providers,
  TEST_SPAN_ID,
  TEST_TRACE_ID,
} from './support/telemetry.js';

const DETAILS = 'gen_ai.client.inference.operation.details';
const EXCEPTION = 'gen_ai.client.operation.exception';

function setup(options: Partial<TelemetryHandlerOptions> = {}) {
  const t = createTestTelemetry();
  const handler = new TelemetryHandler({ ...providers(t), ...options });
  const events = (name: string) => t.logs().filter((l) => l.eventName === name);
  const span = (name: string) => t.spans().find((s) => s.name === name)!;
  return { t, handler, events, span };
}

const chat = (handler: TelemetryHandler) =>
  handler.stopLlm(handler.startLlm({ provider: 'openai', requestModel: 'gpt-4o' }));

describe('the details event is opt-in', () => {
  const cases: Array<[string, Partial<TelemetryHandlerOptions>, boolean]> = [
    ['default selection, no capture', {}, false],
    ['default selection, span_only', { captureMessageContent: 'span_only' }, false],
    ['default selection, event_only', { captureMessageContent: 'event_only' }, true],
    ['default selection, span_and_event', { captureMessageContent: 'span_and_event' }, true],
    [
      'span_metric, event_only',
      { emitters: 'span_metric', captureMessageContent: 'event_only' },
      true,
    ],
    ['span_metric_event, no capture', { emitters: 'span_metric_event' }, true],
    ['metric_event, no capture', { emitters: 'metric_event' }, true],
    ['span_metric plus content_events by name', { emitters: 'span_metric,content_events' }, true],
    [
      'environment: content_events by name',
      { environment: { OTEL_INSTRUMENTATION_GENAI_EMITTERS_CONTENT_EVENTS: 'content_events' } },
      true,
    ],
  ];
  for (const [label, options, emitted] of cases) {
    it(`${label}: ${emitted ? 'one event' : 'none'}`, () => {
      const { handler, events } = setup(options);
      chat(handler);
      expect(events(DETAILS)).toHaveLength(emitted ? 1 : 0);
    });
  }
});

describe('gen_ai.client.operation.exception', () => {
  it('one error through workflow → agent → tool: recorded once, on the tool that failed first', () => {
    const { handler, events } = setup();
    const error = new Error('tool down');
    const workflow = handler.startWorkflow({ name: 'trip' });
    const agent = handler.startAgent({ name: 'planner' }, { parent: workflow });
    const tool = handler.startToolCall({ name: 'search' }, { parent: agent });
    handler.failToolCall(tool, error);
    handler.failAgent(agent, error);
    handler.failWorkflow(workflow, error);
    const recorded = events(EXCEPTION);
    expect(recorded).toHaveLength(1);
    expect(recorded[0]!.spanContext?.spanId).toBe(tool.snapshot!.spanId);
    expect(recorded[0]!.attributes['exception.type']).toBe('Error');
  });

  it('different errors are each recorded; thrown strings always; steps never', () => {
    const { handler, events } = setup();
    handler.failToolCall(handler.startToolCall({ name: 'a' }), new Error('one'));
    handler.failToolCall(handler.startToolCall({ name: 'b' }), new Error('two'));
    handler.failToolCall(handler.startToolCall({ name: 'c' }), 'a string');
    handler.failToolCall(handler.startToolCall({ name: 'd' }), 'a string');
    handler.failStep(handler.startStep({ name: 'route' }), new Error('three'));
    expect(events(EXCEPTION)).toHaveLength(4);
  });

  it('a scoped handler and its root share what was recorded', () => {
    const { handler, events } = setup();
    const scoped = handler.forScope({ name: 'my-integration' });
    const error = new Error('down');
    const agent = handler.startAgent({ name: 'planner' });
    const llm = scoped.startLlm({ requestModel: 'm' }, { parent: agent });
    scoped.failLlm(llm, error);
    handler.failAgent(agent, error);
    expect(events(EXCEPTION)).toHaveLength(1);
  });
});

describe('error text comes only from what the handler recorded', () => {
  // Stands in for the handler's content stripping: an emitter of the evaluation category runs
  // first on failure and rewrites the recorded message and stack, as the handler would.
  const stripping: EmitterSpec = {
    name: 'stripping',
    category: 'evaluation',
    factory: () => ({
      name: 'stripping',
      category: 'evaluation',
      onError: (inv, _error, state) => {
        inv.error = { type: inv.error!.type, message: 'request failed' };
        state.errorStacktrace = 'Error: request failed\n    at handler';
      },
    }),
  };

  it('status description, exception.message and exception.stacktrace', async () => {
    const { t, handler, events } = setup({ emitters: ['span_metric', stripping] });
    const error = new Error('could not parse: SECRET-ANSWER');
    error.stack = 'Error: could not parse: SECRET-ANSWER\n    at SECRET-FRAME';
    handler.failLlm(handler.startLlm({ requestModel: 'm' }), error);
    expect(t.spans()[0]!.status).toEqual({ code: SpanStatusCode.ERROR, message: 'request failed' });
    expect(events(EXCEPTION)[0]!.attributes).toEqual({
      'exception.type': 'Error',
      'exception.message': 'request failed',
      'exception.stacktrace': 'Error: request failed\n    at handler',
    });
    const exported = await exportedText(t);
    expect(exported.spans + exported.logs).not.toContain('SECRET');
  });
});

describe('gen_ai.request.stream', () => {
  async function* chunks() {
    yield 'a';
    yield 'b';
  }

  it('set when the invocation says so, or when the handler saw the stream; absent otherwise', async () => {
    const { handler, span } = setup();
    handler.stopLlm(handler.startLlm({ requestModel: 'declared', stream: true }));
    for await (const _ of handler.stream({ kind: 'llm', requestModel: 'observed' }, chunks()));
    const viaChunks = handler.startLlm({ requestModel: 'recorded' });
    handler.recordChunk(viaChunks);
    handler.stopLlm(viaChunks);
    handler.stopLlm(handler.startLlm({ requestModel: 'plain' }));
    expect(span('chat declared').attributes['gen_ai.request.stream']).toBe(true);
    expect(span('chat observed').attributes['gen_ai.request.stream']).toBe(true);
    expect(span('chat recorded').attributes['gen_ai.request.stream']).toBe(true);
    expect(span('chat plain').attributes).not.toHaveProperty('gen_ai.request.stream');
  });
});

describe('agents and workflows through the direct API', () => {
  it('an agent records request model, parameters, usage incl. cache, finish reasons, tool definitions; token metrics', async () => {
    const { t, handler, span } = setup({ captureMessageContent: 'span_only' });
    const agent = handler.startAgent({
      name: 'planner',
      provider: 'anthropic',
      requestModel: 'claude-x',
      temperature: 0.2,
      maxTokens: 512,
      toolDefinitions: [{ name: 'search' }],
    });
    Object.assign(agent, {
      responseModel: 'claude-x-1',
      inputTokens: 100,
      outputTokens: 20,
      cacheReadInputTokens: 60,
      cacheCreationInputTokens: 10,
      finishReasons: ['stop'],
    });
    handler.stopAgent(agent);
    expect(span('invoke_agent planner').attributes).toMatchObject({
      'gen_ai.provider.name': 'anthropic',
      'gen_ai.request.model': 'claude-x',
      'gen_ai.request.temperature': 0.2,
      'gen_ai.request.max_tokens': 512,
      'gen_ai.response.model': 'claude-x-1',
      'gen_ai.usage.input_tokens': 100,
      'gen_ai.usage.output_tokens': 20,
      'gen_ai.usage.cache_read.input_tokens': 60,
      'gen_ai.usage.cache_creation.input_tokens': 10,
      'gen_ai.response.finish_reasons': ['stop'],
      'gen_ai.tool.definitions': '[{"type":"function","name":"search"}]',
    });
    const usage = await t.points('gen_ai.client.token.usage');
    expect(
      usage.map((p) => [
        p.attributes['gen_ai.operation.name'],
        p.attributes['gen_ai.token.type'],
        (p.value as { sum: number }).sum,
      ]),
    ).toEqual([
      ['invoke_agent', 'input', 100],
      ['invoke_agent', 'output', 20],
    ]);
  });

  it('a workflow carries its opt-in input and output messages', () => {
    const { handler, span } = setup({ captureMessageContent: 'span_only' });
    const workflow = handler.startWorkflow({
      name: 'trip',
      inputMessages: [{ role: 'user', parts: [{ type: 'text', content: 'Paris' }] }],
    });
    workflow.outputMessages = [{ role: 'assistant', parts: [{ type: 'text', content: 'Done' }] }];
    handler.stopWorkflow(workflow);
    const attributes = span('invoke_workflow trip').attributes;
    expect(JSON.parse(attributes['gen_ai.input.messages'] as string)).toEqual([
      { role: 'user', parts: [{ type: 'text', content: 'Paris' }] },
    ]);
    expect(JSON.parse(attributes['gen_ai.output.messages'] as string)).toEqual([
      { role: 'assistant', parts: [{ type: 'text', content: 'Done' }], finish_reason: 'stop' },
    ]);
  });
});

describe('durations and names', () => {
  it('every GenAI operation on gen_ai.client.operation.duration; workflows and steps on the project metric', async () => {
    const { t, handler } = setup();
    chat(handler);
    handler.stopEmbedding(handler.startEmbedding({ requestModel: 'e' }));
    handler.stopRetrieval(handler.startRetrieval({ dataSourceId: 'kb' }));
    handler.stopToolCall(handler.startToolCall({ name: 't' }));
    handler.stopAgent(handler.startAgent({ name: 'a' }));
    handler.stopAgent(handler.startAgent({ name: 'b', operation: 'create_agent' }));
    handler.stopWorkflow(handler.startWorkflow({ name: 'w' }));
    handler.stopStep(handler.startStep({ name: 's' }));
    const operations = async (metric: string) =>
      (await t.points(metric)).map((p) => p.attributes['gen_ai.operation.name'] ?? '(none)');
    expect(await operations('gen_ai.client.operation.duration')).toEqual([
      'chat',
      'embeddings',
      'retrieval',
      'execute_tool',
      'invoke_agent',
      'create_agent',
    ]);
    expect(await operations('genai_telemetry.invocation.duration')).toEqual([
      'invoke_workflow',
      '(none)',
    ]);
  });

  it('nothing of the project’s own in gen_ai.*: steps use genai_telemetry.*, metric names are the conventions’', async () => {
    const { t, handler, span } = setup({ evaluation: false });
    chat(handler);
    const workflow = handler.startWorkflow({ name: 'w' });
    handler.stopStep(
      handler.startStep({ name: 'route', stepType: 'graph_node' }, { parent: workflow }),
    );
    handler.stopWorkflow(workflow);
    handler.evaluationResults(workflow, [{ name: 'quality', score: 0.5 }]);
    expect(Object.keys(span('route').attributes).filter((k) => k.startsWith('gen_ai.'))).toEqual(
      [],
    );
    expect(span('route').attributes).toMatchObject({
      'genai_telemetry.step.name': 'route',
      'genai_telemetry.step.type': 'graph_node',
    });
    const names = (await t.metrics()).map((m) => m.descriptor.name);
    expect(names.filter((n) => n.startsWith('gen_ai.')).sort()).toEqual([
      'gen_ai.client.operation.duration',
      'gen_ai.evaluation.score',
    ]);
    const keys = (await t.points('genai_telemetry.invocation.duration')).flatMap((p) =>
      Object.keys(p.attributes).filter((k) => k !== TEST_TRACE_ID && k !== TEST_SPAN_ID),
    );
    expect(new Set(keys)).toEqual(
      new Set(['gen_ai.operation.name', 'gen_ai.workflow.name', 'genai_telemetry.step.name']),
    );
  });

  it('finish reasons are derived from the output messages when not given', () => {
    const { handler, span } = setup();
    const llm = handler.startLlm({ requestModel: 'm' });
    llm.outputMessages = [
      { role: 'assistant', parts: [], finishReason: 'tool_call' },
      { role: 'assistant', parts: [] },
      { role: 'assistant', parts: [], finishReason: 'length' },
    ];
    handler.stopLlm(llm);
    expect(span('chat m').attributes['gen_ai.response.finish_reasons']).toEqual([
      'tool_call',
      'length',
    ]);
  });

  it('the instrumentation scope carries the conventions’ schema URL on every signal', async () => {
    const { t, handler } = setup({ emitters: 'span_metric_event' });
    chat(handler);
    const schemaUrl = 'https://opentelemetry.io/schemas/1.41.0';
    expect(t.spans()[0]!.instrumentationScope.schemaUrl).toBe(schemaUrl);
    expect(t.logs()[0]!.instrumentationScope.schemaUrl).toBe(schemaUrl);
  });
});

describe('required attributes', () => {
  it('a tool without a name: one report naming gen_ai.tool.name; still emitted', () => {
    const diag = captureDiag();
    try {
      const { t, handler } = setup();
      handler.stopToolCall(handler.startToolCall({ toolCallId: 'call-1' }));
      handler.stopToolCall(handler.startToolCall({ name: 'named' }));
      expect(diag.reports()).toEqual([
        expect.stringMatching(/name: required for gen_ai\.tool\.name/),
      ]);
      expect(t.spans().map((s) => s.name)).toEqual(['execute_tool', 'execute_tool named']);
    } finally {
      diag.restore();
    }
  });

  it('strict mode: a typed error at start, nothing started; a corrected start works', () => {
    const { t, handler } = setup({ strict: true });
    const tool = { toolCallId: 'call-1' } as { toolCallId: string; name?: string };
    expect(() => handler.startToolCall(tool)).toThrow(InvalidFieldsError);
    expect(handler.stats()).toMatchObject({ started: 0 });
    tool.name = 'search';
    handler.stopToolCall(handler.startToolCall(tool));
    expect(t.spans().map((s) => [s.name, s.attributes['gen_ai.tool.name']])).toEqual([
      ['execute_tool search', 'search'],
    ]);
  });
});
