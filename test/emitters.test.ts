/**
 * The composite: fixed open-first / close-last order, per-emitter isolation, and the ways of
 * choosing emitters (presets, spec objects and modes, registered names, environment variables).
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  ConfigurationError,
  registerEmitter,
  TelemetryHandler,
  type Emitter,
  type EmitterCategory,
  type EmitterSpec,
} from '../src/index.js';
import { captureDiag } from './support/diag.js';
import { createTestTelemetry, providers } from './support/telemetry.js';

type Call = { emitter: string; hook: string; snapshotSet?: boolean; spansExported?: number };

function recorder(
  name: string,
  category: EmitterCategory,
  calls: Call[],
  exported: () => number,
  mode?: EmitterSpec['mode'],
): EmitterSpec {
  const note = (hook: string, inv: { snapshot?: unknown }) =>
    calls.push({
      emitter: name,
      hook,
      snapshotSet: inv.snapshot !== undefined,
      spansExported: exported(),
    });
  return {
    name,
    category,
    mode,
    factory: (): Emitter => ({
      name,
      category,
      onStart: (inv) => note('start', inv),
      onEnd: (inv) => note('end', inv),
      onError: (inv) => note('error', inv),
      onEvaluationResults: (inv) => note('evaluation', inv),
    }),
  };
}

const unregister: Array<() => void> = [];
afterEach(() => unregister.splice(0).forEach((u) => u()));

describe('composite order', () => {
  it('opens span → metrics → content_events → evaluation and closes evaluation → metrics → content_events → span', () => {
    const t = createTestTelemetry();
    const calls: Call[] = [];
    const exported = () => t.spans().length;
    // Registered in reverse order on purpose: the category decides the order, not registration.
    const specs = (['evaluation', 'content_events', 'metrics', 'span'] as const).map((c) =>
      recorder(`rec_${c}`, c, calls, exported),
    );
    const handler = new TelemetryHandler({
      ...providers(t),
      emitters: ['span_metric_event', ...specs],
    });

    const inv = handler.startLlm({ provider: 'openai', requestModel: 'gpt-4o' });
    expect(calls.map((c) => c.emitter)).toEqual([
      'rec_span',
      'rec_metrics',
      'rec_content_events',
      'rec_evaluation',
    ]);
    // The snapshot is frozen right after the span category.
    expect(calls.map((c) => c.snapshotSet)).toEqual([false, true, true, true]);

    calls.length = 0;
    handler.stopLlm(inv);
    expect(calls.map((c) => c.emitter)).toEqual([
      'rec_evaluation',
      'rec_metrics',
      'rec_content_events',
      'rec_span',
    ]);
    // The built-in span emitter runs before the custom span recorder (registration order within
    // the category), and every other category ran while the span was still unended.
    expect(calls.filter((c) => c.emitter !== 'rec_span').every((c) => c.spansExported === 0)).toBe(
      true,
    );
    expect(t.spans()).toHaveLength(1);

    calls.length = 0;
    const failing = handler.startLlm({ provider: 'openai', requestModel: 'gpt-4o' });
    calls.length = 0;
    handler.failLlm(failing, new Error('x'));
    expect(calls.map((c) => `${c.emitter}:${c.hook}`)).toEqual([
      'rec_evaluation:error',
      'rec_metrics:error',
      'rec_content_events:error',
      'rec_span:error',
    ]);
  });

  it('isolates an emitter that throws in every hook: others run, the caller sees nothing, one diag report', async () => {
    const t = createTestTelemetry();
    const diag = captureDiag();
    try {
      const boom = (): never => {
        throw new Error('emitter bug');
      };
      const broken: EmitterSpec = {
        name: 'broken',
        category: 'metrics',
        mode: 'prepend',
        factory: () => ({
          name: 'broken',
          category: 'metrics',
          handles: () => true,
          onStart: boom,
          onEnd: boom,
          onError: boom,
          onEvaluationResults: boom,
          forceFlush: () => Promise.reject(new Error('flush bug')),
        }),
      };
      const handler = new TelemetryHandler({
        ...providers(t),
        emitters: ['span_metric_event', broken],
      });
      for (let i = 0; i < 3; i++) {
        const inv = handler.startLlm({
          provider: 'openai',
          requestModel: 'gpt-4o',
          inputTokens: 5,
        });
        handler.stopLlm(inv);
        handler.evaluationResults(inv, [{ name: 'x', score: 1 }]);
      }
      await handler.forceFlush();
      expect(t.spans()).toHaveLength(3);
      // One input-token point per invocation (each recorded in its own span's context).
      expect(await t.points('gen_ai.client.token.usage')).toHaveLength(3);
      expect(t.logs().filter((l) => l.eventName === 'gen_ai.evaluation.result')).toHaveLength(3);
      expect(diag.reports().filter((m) => m.includes('"broken"'))).toHaveLength(1);
      expect(handler.stats().emitterFailures).toEqual({ broken: 10 });
    } finally {
      diag.restore();
    }
  });
});

describe('emitter selection', () => {
  const spanNames = (t: ReturnType<typeof createTestTelemetry>) => t.spans().map((s) => s.name);

  it('presets: span-less presets emit no span, _event presets add the details event', async () => {
    for (const [preset, spans, events] of [
      ['span', 1, 0],
      ['span_metric', 1, 0],
      ['span_metric_event', 1, 1],
      ['metric', 0, 0],
      ['metric_event', 0, 1],
    ] as const) {
      const t = createTestTelemetry();
      const handler = new TelemetryHandler({ ...providers(t), emitters: preset });
      handler.stopLlm(handler.startLlm({ provider: 'openai', requestModel: 'm' }));
      expect(t.spans().length, preset).toBe(spans);
      expect(t.logs().length, preset).toBe(events);
      const duration = await t.points('gen_ai.client.operation.duration');
      expect(duration.length, preset).toBe(preset.includes('metric') ? 1 : 0);
    }
  });

  it('modes: prepend, append, replace-category, replace-same-name', () => {
    const t = createTestTelemetry();
    const calls: Call[] = [];
    const n = () => 0;
    const handler = new TelemetryHandler({
      ...providers(t),
      emitters: [
        recorder('a', 'metrics', calls, n, 'append'),
        recorder('b', 'metrics', calls, n, 'prepend'),
        recorder('c', 'content_events', calls, n, 'replace-category'),
        recorder('span', 'span', calls, n, 'replace-same-name'),
      ],
    });
    handler.stopLlm(handler.startLlm({ requestModel: 'm' }));
    expect(calls.filter((c) => c.hook === 'start').map((c) => c.emitter)).toEqual([
      'span',
      'b',
      'a',
      'c',
    ]);
    // The built-in span emitter was replaced by name, and the content events built-in by category.
    expect(t.spans()).toHaveLength(0);
    expect(t.logs()).toHaveLength(0);
  });

  it('a replacement span emitter needs no other hook: the snapshot comes from state.span', () => {
    const t = createTestTelemetry();
    const tracer = t.tracerProvider.getTracer('custom');
    const custom: EmitterSpec = {
      name: 'my_span',
      category: 'span',
      mode: 'replace-category',
      factory: () => ({
        name: 'my_span',
        category: 'span',
        onStart: (_inv, state) => {
          state.span = tracer.startSpan('custom span', {}, state.parentContext);
        },
        onEnd: (_inv, state) => state.span?.end(),
      }),
    };
    const handler = new TelemetryHandler({
      ...providers(t),
      emitters: ['span_metric_event', custom],
    });
    const inv = handler.stopLlm(handler.startLlm({ requestModel: 'm' }));
    expect(spanNames(t)).toEqual(['custom span']);
    expect(inv.snapshot!.spanId).toBe(t.spans()[0]!.spanContext().spanId);
    expect(t.logs()[0]!.spanContext?.spanId).toBe(inv.snapshot!.spanId);
  });

  it('names registered with registerEmitter are selectable from the option and the environment', () => {
    const calls: Call[] = [];
    unregister.push(registerEmitter(recorder('audit', 'content_events', calls, () => 0)));
    unregister.push(registerEmitter(recorder('my_metrics', 'metrics', calls, () => 0)));
    const t = createTestTelemetry();
    const fromOption = new TelemetryHandler({ ...providers(t), emitters: 'span,audit' });
    fromOption.stopLlm(fromOption.startLlm({ requestModel: 'm' }));
    expect(calls.map((c) => `${c.emitter}:${c.hook}`)).toEqual(['audit:start', 'audit:end']);
    expect(t.spans()).toHaveLength(1);
    const fromEnv = new TelemetryHandler({
      ...providers(t),
      environment: {
        OTEL_INSTRUMENTATION_GENAI_EMITTERS: 'span_metric',
        OTEL_INSTRUMENTATION_GENAI_EMITTERS_METRICS: 'replace-category:my_metrics',
        OTEL_INSTRUMENTATION_GENAI_EMITTERS_CONTENT_EVENTS: 'audit',
      },
    });
    calls.length = 0;
    fromEnv.stopLlm(fromEnv.startLlm({ requestModel: 'm' }));
    expect(calls.filter((c) => c.hook === 'start').map((c) => c.emitter)).toEqual([
      'my_metrics',
      'audit',
    ]);
  });

  it('the option wins over the environment', () => {
    const t = createTestTelemetry();
    const handler = new TelemetryHandler({
      ...providers(t),
      emitters: 'metric',
      environment: { OTEL_INSTRUMENTATION_GENAI_EMITTERS: 'span' },
    });
    handler.stopLlm(handler.startLlm({ requestModel: 'm' }));
    expect(t.spans()).toHaveLength(0);
  });

  it('an unknown name: one diag warning, or a ConfigurationError in strict mode', () => {
    const diag = captureDiag();
    try {
      const t = createTestTelemetry();
      const handler = new TelemetryHandler({ ...providers(t), emitters: 'span,nope' });
      handler.stopLlm(handler.startLlm({ requestModel: 'm' }));
      expect(diag.reports()).toEqual([expect.stringContaining('unknown emitter "nope"')]);
      expect(t.spans()).toHaveLength(1);
      expect(
        () => new TelemetryHandler({ ...providers(t), emitters: 'span,nope', strict: true }),
      ).toThrow(ConfigurationError);
      expect(
        () =>
          new TelemetryHandler({
            ...providers(t),
            strict: true,
            environment: { OTEL_INSTRUMENTATION_GENAI_EMITTERS_SPAN: 'bogus-mode:span' },
          }),
      ).toThrow(/unknown mode "bogus-mode"/);
    } finally {
      diag.restore();
    }
  });
});
