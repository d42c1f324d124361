/**
 * LangChainInstrumentation as OpenTelemetry's instrumentation machinery drives it: through
 * `registerInstrumentations()` (the installed @opentelemetry/instrumentation), and through the
 * interface calls NodeSDK makes (providers, then enable), including the logger provider.
 */
import { StringOutputParser } from '@langchain/core/output_parsers';
import { ChatPromptTemplate } from '@langchain/core/prompts';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LangChainInstrumentation } from '../src/langchain/index.js';
import { PACKAGE_VERSION } from '../src/version.js';
import { createTestTelemetry, type TestTelemetry } from './support/telemetry.js';
import { ScriptedChatModel, useAsyncLocalStorageContext } from './support/langchain.js';

let t: TestTelemetry;
let instrumentation: LangChainInstrumentation | undefined;
beforeAll(useAsyncLocalStorageContext);
afterEach(async () => {
  instrumentation?.disable();
  await t?.shutdown();
});

const chain = () =>
  ChatPromptTemplate.fromTemplate('{q}')
    .pipe(new ScriptedChatModel(() => ({ content: 'a b', usage: { input: 3, output: 2 } })))
    .pipe(new StringOutputParser());

describe('LangChainInstrumentation', () => {
  it('goes in registerInstrumentations(): the providers it is given, its own scope', async () => {
    t = createTestTelemetry();
    instrumentation = new LangChainInstrumentation();
    const unregister = registerInstrumentations({
      instrumentations: [instrumentation],
      tracerProvider: t.tracerProvider,
      meterProvider: t.meterProvider,
    });
    await chain().invoke({ q: 'x' });
    const spans = t.spans();
    expect(spans).toHaveLength(4);
    for (const span of spans) {
      expect(span.instrumentationScope.name).toBe('genai-telemetry/langchain');
      expect(span.instrumentationScope.version).toBe(PACKAGE_VERSION);
    }
    expect(await t.points('gen_ai.client.token.usage')).not.toHaveLength(0);
    unregister(); // disables it
    await chain().invoke({ q: 'y' });
    expect(t.spans()).toHaveLength(4);
  });

  it('takes the providers as NodeSDK hands them, the logger provider too, and toggles', async () => {
    t = createTestTelemetry();
    instrumentation = new LangChainInstrumentation({
      enabled: false,
      telemetry: { captureMessageContent: 'event_only' },
    });
    expect(instrumentation.getConfig().enabled).toBe(false);
    instrumentation.setTracerProvider(t.tracerProvider);
    instrumentation.setMeterProvider(t.meterProvider);
    instrumentation.setLoggerProvider(t.loggerProvider);
    await chain().invoke({ q: 'before enable' });
    expect(t.spans()).toHaveLength(0);

    instrumentation.enable();
    expect(instrumentation.getConfig().enabled).toBe(true);
    await chain().invoke({ q: 'x' });
    expect(t.spans()).toHaveLength(4);
    const details = t
      .logs()
      .filter((r) => r.eventName === 'gen_ai.client.inference.operation.details');
    expect(details).toHaveLength(1);
    expect(details[0]!.instrumentationScope.name).toBe('genai-telemetry/langchain');

    instrumentation.disable();
    await chain().invoke({ q: 'off' });
    expect(t.spans()).toHaveLength(4);
    instrumentation.enable();
    await chain().invoke({ q: 'on again' });
    expect(t.spans()).toHaveLength(8);
  });

  it('moves new runs to providers set after it was enabled', async () => {
    const early = createTestTelemetry();
    t = createTestTelemetry();
    try {
      instrumentation = new LangChainInstrumentation();
      instrumentation.setTracerProvider(early.tracerProvider);
      await chain().invoke({ q: 'early' });
      instrumentation.setTracerProvider(t.tracerProvider);
      await chain().invoke({ q: 'late' });
      expect(early.spans()).toHaveLength(4);
      expect(t.spans()).toHaveLength(4);
    } finally {
      await early.shutdown();
    }
  });
});
