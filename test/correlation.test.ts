/**
 * The correlation contract: every span, log record and metric point of an invocation carries the
 * trace and span id of `invocation.snapshot`, in every configuration.
 */
import { context, propagation, ROOT_CONTEXT, trace, TraceFlags } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { AlwaysOffSampler } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  TelemetryHandler,
  type LlmInvocation,
  type TelemetryHandlerOptions,
} from '../src/index.js';
import {
  createTestTelemetry,
  providers,
  TEST_SPAN_ID,
  TEST_TRACE_ID,
  twoMessages,
  type TestTelemetry,
} from './support/telemetry.js';

beforeAll(() => propagation.setGlobalPropagator(new W3CTraceContextPropagator()));
afterAll(() => propagation.disable());

function runLlm(handler: TelemetryHandler): LlmInvocation {
  const inv = handler.startLlm({
    provider: 'openai',
    requestModel: 'gpt-4o',
    inputMessages: twoMessages(),
  });
  inv.outputMessages = [
    { role: 'assistant', parts: [{ type: 'text', content: 'Sunny.' }], finishReason: 'stop' },
  ];
  inv.inputTokens = 20;
  inv.outputTokens = 3;
  handler.stopLlm(inv);
  handler.evaluationResults(inv, [{ name: 'relevance', score: 0.9, label: 'pass' }]);
  return inv;
}

async function expectCorrelated(t: TestTelemetry, inv: LlmInvocation) {
  const { traceId, spanId } = inv.snapshot!;
  const logs = t.logs();
  expect(logs.map((l) => l.eventName).sort()).toEqual([
    'gen_ai.client.inference.operation.details',
    'gen_ai.evaluation.result',
  ]);
  for (const record of logs) {
    expect(record.spanContext?.traceId).toBe(traceId);
    expect(record.spanContext?.spanId).toBe(spanId);
  }
  const names = [
    'gen_ai.client.operation.duration',
    'gen_ai.client.token.usage',
    'gen_ai.evaluation.score',
  ];
  for (const name of names) {
    const points = await t.points(name);
    expect(points.length, name).toBeGreaterThan(0);
    for (const point of points) {
      expect(point.attributes[TEST_TRACE_ID], name).toBe(traceId);
      expect(point.attributes[TEST_SPAN_ID], name).toBe(spanId);
    }
  }
}

function injected(handler: TelemetryHandler, inv: LlmInvocation): string | undefined {
  const carrier: Record<string, string> = {};
  propagation.inject(handler.contextOf(inv), carrier);
  return carrier.traceparent;
}

describe('correlation through the snapshot', () => {
  const configurations: Array<
    [string, Partial<TelemetryHandlerOptions>, { sampler?: AlwaysOffSampler }]
  > = [
    ['spans on', { emitters: 'span_metric_event' }, {}],
    ['spans off (metric_event)', { emitters: 'metric_event' }, {}],
    [
      'sampler drops the span',
      { emitters: 'span_metric_event' },
      { sampler: new AlwaysOffSampler() },
    ],
  ];

  for (const [label, options, telemetryOptions] of configurations) {
    it(`correlates logs and metrics with the snapshot: ${label}`, async () => {
      const t = createTestTelemetry(telemetryOptions);
      const handler = new TelemetryHandler({ ...providers(t), ...options });
      const inv = runLlm(handler);
      await expectCorrelated(t, inv);
    });
  }

  it('spans on: the snapshot is the exported span, frozen and recording', () => {
    const t = createTestTelemetry();
    const handler = new TelemetryHandler(providers(t));
    const inv = runLlm(handler);
    const [span] = t.spans();
    expect(span!.spanContext().traceId).toBe(inv.snapshot!.traceId);
    expect(span!.spanContext().spanId).toBe(inv.snapshot!.spanId);
    expect(inv.snapshot!.recording).toBe(true);
    expect(inv.snapshot!.traceFlags).toBe(TraceFlags.SAMPLED);
    expect(Object.isFrozen(inv.snapshot)).toBe(true);
  });

  it('spans off: no span, a synthesised snapshot that continues the active trace', () => {
    const t = createTestTelemetry();
    const handler = new TelemetryHandler({ ...providers(t), emitters: 'metric_event' });
    const parent = {
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: 'b7ad6b7169203331',
      traceFlags: TraceFlags.SAMPLED,
      isRemote: true,
    };
    const inv = context.with(trace.setSpanContext(ROOT_CONTEXT, parent), () => runLlm(handler));
    expect(t.spans()).toHaveLength(0);
    expect(inv.snapshot).toMatchObject({
      traceId: parent.traceId,
      parentSpanId: parent.spanId,
      traceFlags: TraceFlags.SAMPLED,
      recording: false,
    });
    expect(inv.snapshot!.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(inv.snapshot!.spanId).not.toBe(parent.spanId);
  });

  it('sampler drops the span: the snapshot keeps the unsampled span identity', () => {
    const t = createTestTelemetry({ sampler: new AlwaysOffSampler() });
    const handler = new TelemetryHandler(providers(t));
    const inv = runLlm(handler);
    expect(t.spans()).toHaveLength(0);
    expect(inv.snapshot!.recording).toBe(false);
    expect(inv.snapshot!.traceFlags).toBe(TraceFlags.NONE);
  });

  it('evaluation results sent for a JSON copy (another process) carry the snapshot ids', async () => {
    const t = createTestTelemetry();
    const handler = new TelemetryHandler(providers(t));
    const inv = handler.startLlm({ provider: 'openai', requestModel: 'gpt-4o' });
    handler.stopLlm(inv);
    const copy = JSON.parse(JSON.stringify(inv)) as LlmInvocation;
    handler.evaluationResults(copy, [{ name: 'toxicity', score: 0.01, label: 'pass' }]);
    const record = t.logs().find((l) => l.eventName === 'gen_ai.evaluation.result')!;
    expect(record.spanContext?.traceId).toBe(inv.snapshot!.traceId);
    expect(record.spanContext?.spanId).toBe(inv.snapshot!.spanId);
    const [point] = await t.points('gen_ai.evaluation.score');
    expect(point!.attributes[TEST_SPAN_ID]).toBe(inv.snapshot!.spanId);
  });

  it('a failed evaluation result carries error.type and its message as the explanation', () => {
    const t = createTestTelemetry();
    const handler = new TelemetryHandler(providers(t));
    const inv = handler.stopLlm(handler.startLlm({ requestModel: 'm', responseId: 'resp-7' }));
    handler.evaluationResults(inv, [
      {
        name: 'relevance',
        error: { type: 'TimeoutError', message: 'judge timed out after 30000 ms' },
      },
    ]);
    const record = t.logs().find((l) => l.eventName === 'gen_ai.evaluation.result')!;
    expect(record.attributes).toEqual({
      'gen_ai.evaluation.name': 'relevance',
      'gen_ai.evaluation.explanation': 'judge timed out after 30000 ms',
      'gen_ai.response.id': 'resp-7',
      'error.type': 'TimeoutError',
    });
  });

  it('JSON.stringify(invocation) holds data only and round-trips the snapshot', () => {
    const t = createTestTelemetry();
    const handler = new TelemetryHandler(providers(t));
    const inv = handler.startLlm({ provider: 'openai', requestModel: 'gpt-4o' });
    const live = JSON.parse(JSON.stringify(inv));
    expect(Object.keys(live).sort()).toEqual([
      'kind',
      'provider',
      'requestModel',
      'snapshot',
      'startTime',
    ]);
    handler.failLlm(inv, new RangeError('boom'));
    expect(JSON.parse(JSON.stringify(inv))).toMatchObject({
      snapshot: inv.snapshot,
      error: { type: 'RangeError', message: 'boom' },
    });
  });

  for (const [label, options] of [
    ['spans on', {}],
    ['spans off', { emitters: 'metric' }],
  ] as const) {
    it(`propagation.inject(contextOf(inv)) yields the snapshot ids: ${label}`, () => {
      const t = createTestTelemetry();
      const handler = new TelemetryHandler({ ...providers(t), ...options });
      const inv = handler.startLlm({ provider: 'openai', requestModel: 'gpt-4o' });
      const expected = `00-${inv.snapshot!.traceId}-${inv.snapshot!.spanId}-01`;
      expect(injected(handler, inv)).toBe(expected);
      handler.stopLlm(inv);
      // After the end the context comes from the snapshot alone.
      expect(injected(handler, inv)).toBe(expected);
      expect(injected(handler, JSON.parse(JSON.stringify(inv)) as LlmInvocation)).toBe(expected);
    });
  }
});
