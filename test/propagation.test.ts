/** Message-header carriers, B3 interop and the baggage allowlist. */
import { context, propagation, ROOT_CONTEXT } from '@opentelemetry/api';
import {
  CompositePropagator,
  W3CBaggagePropagator,
  W3CTraceContextPropagator,
} from '@opentelemetry/core';
import { B3InjectEncoding, B3Propagator } from '@opentelemetry/propagator-b3';
import { afterEach, describe, expect, it } from 'vitest';
import {
  messageHeaderGetter,
  messageHeaderSetter,
  TelemetryHandler,
  type MessageHeaders,
} from '../src/index.js';
import { createTestTelemetry, providers } from './support/telemetry.js';

afterEach(() => propagation.disable());

const w3c = () =>
  propagation.setGlobalPropagator(
    new CompositePropagator({
      propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()],
    }),
  );

describe('message header getter / setter', () => {
  it('reads string, byte and repeated values, and is case-tolerant', () => {
    const headers: MessageHeaders = {
      traceparent: Buffer.from('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'),
      Tracestate: 'vendor=1',
      repeated: [Buffer.from('a'), 'b'],
      missing: undefined,
    };
    expect(messageHeaderGetter.get(headers, 'traceparent')).toBe(
      '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
    );
    expect(messageHeaderGetter.get(headers, 'tracestate')).toBe('vendor=1');
    expect(messageHeaderGetter.get(headers, 'repeated')).toEqual(['a', 'b']);
    expect(messageHeaderGetter.get(headers, 'missing')).toBeUndefined();
    expect(messageHeaderGetter.get(headers, 'absent')).toBeUndefined();
    expect(messageHeaderGetter.get(undefined, 'traceparent')).toBeUndefined();
    expect(messageHeaderGetter.keys(headers)).toEqual([
      'traceparent',
      'Tracestate',
      'repeated',
      'missing',
    ]);
    expect(messageHeaderGetter.keys(undefined)).toEqual([]);
  });

  it('a Kafka-style message carries the trace from producer to consumer, spans on and off', () => {
    w3c();
    for (const emitters of ['span_metric_event', 'metric_event']) {
      const t = createTestTelemetry();
      const handler = new TelemetryHandler({ ...providers(t), emitters });
      const producer = handler.startAgent({ name: 'producer' });
      const message = { value: Buffer.from('{}'), headers: {} as MessageHeaders };
      propagation.inject(handler.contextOf(producer), message.headers, messageHeaderSetter);
      handler.stopAgent(producer);
      // On the wire, Kafka hands headers back as Buffers.
      const received: MessageHeaders = Object.fromEntries(
        Object.entries(message.headers).map(([k, v]) => [k, Buffer.from(String(v))]),
      );
      const parentContext = propagation.extract(ROOT_CONTEXT, received, messageHeaderGetter);
      const consumer = handler.stopLlm(handler.startLlm({ requestModel: 'm' }, { parentContext }));
      expect(consumer.snapshot!.traceId).toBe(producer.snapshot!.traceId);
      expect(consumer.snapshot!.parentSpanId).toBe(producer.snapshot!.spanId);
    }
  });
});

describe('B3 interop', () => {
  it('a B3 multi-header carrier round-trips into a correctly parented invocation', () => {
    propagation.setGlobalPropagator(
      new B3Propagator({ injectEncoding: B3InjectEncoding.MULTI_HEADER }),
    );
    const t = createTestTelemetry();
    const handler = new TelemetryHandler(providers(t));
    const upstream = handler.startWorkflow({ name: 'mesh-caller' });
    const headers: Record<string, string> = {};
    propagation.inject(handler.contextOf(upstream), headers);
    expect(headers).toMatchObject({
      'x-b3-traceid': upstream.snapshot!.traceId,
      'x-b3-spanid': upstream.snapshot!.spanId,
      'x-b3-sampled': '1',
    });
    const parentContext = propagation.extract(ROOT_CONTEXT, headers);
    const downstream = handler.stopLlm(handler.startLlm({ requestModel: 'm' }, { parentContext }));
    handler.stopWorkflow(upstream);
    const span = t.spans().find((s) => s.name === 'chat m')!;
    expect(span.spanContext().traceId).toBe(upstream.snapshot!.traceId);
    expect(span.parentSpanContext?.spanId).toBe(upstream.snapshot!.spanId);
    expect(downstream.snapshot!.parentSpanId).toBe(upstream.snapshot!.spanId);
  });
});

describe('baggage allowlist', () => {
  it('copies listed entries under their attribute names (capped), never unlisted ones, never into metrics', async () => {
    w3c();
    const t = createTestTelemetry();
    const handler = new TelemetryHandler({
      ...providers(t),
      emitters: 'span_metric_event',
      baggageAttributes: { 'conversation.id': 'gen_ai.conversation.id', tenant: 'app.tenant' },
      baggageValueMaxLength: 8,
    });
    const baggage = propagation.createBaggage({
      'conversation.id': { value: 'conv-42' },
      tenant: { value: 'acme-corporation-long' },
      'user.email': { value: 'someone@example.com' },
    });
    const inv = context.with(propagation.setBaggage(ROOT_CONTEXT, baggage), () =>
      handler.stopLlm(handler.startLlm({ requestModel: 'm' })),
    );
    const span = t.spans()[0]!;
    expect(span.attributes['gen_ai.conversation.id']).toBe('conv-42');
    expect(span.attributes['app.tenant']).toBe('acme-cor');
    expect(JSON.stringify(span.attributes)).not.toContain('someone@example.com');
    expect(JSON.stringify(t.logs()[0]!.attributes)).not.toContain('someone@example.com');
    for (const metric of await t.metrics()) {
      for (const point of metric.dataPoints)
        expect(point.attributes).not.toHaveProperty('app.tenant');
    }
    // The invocation object itself is not modified by baggage.
    expect(inv.attributes).toBeUndefined();
  });

  it('an explicit field wins over baggage, and without the option nothing is copied', () => {
    w3c();
    const t = createTestTelemetry();
    const withOption = new TelemetryHandler({
      ...providers(t),
      baggageAttributes: { 'conversation.id': 'gen_ai.conversation.id' },
    });
    const without = new TelemetryHandler(providers(t));
    const ctx = propagation.setBaggage(
      ROOT_CONTEXT,
      propagation.createBaggage({ 'conversation.id': { value: 'from-baggage' } }),
    );
    context.with(ctx, () => {
      withOption.stopLlm(withOption.startLlm({ requestModel: 'a', conversationId: 'explicit' }));
      without.stopLlm(without.startLlm({ requestModel: 'b' }));
    });
    const [a, b] = t.spans();
    expect(a!.attributes['gen_ai.conversation.id']).toBe('explicit');
    expect(b!.attributes).not.toHaveProperty('gen_ai.conversation.id');
  });
});
