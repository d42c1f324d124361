/**
 * AI SDK overhead: the same `generateText` call on the SDK's own test model (one model call, a
 * scripted answer with usage), with no integration, with the AI SDK's own OpenTelemetry
 * integration (`@ai-sdk/otel`, which records content by default) and with genai-telemetry,
 * interleaved in one run, each on its own discarding SDK. ai@7 needs Node 22: on older Node the
 * suite says so and exits cleanly.
 */
import { context, metrics } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import type { Telemetry } from 'ai';
import { TelemetryHandler, type TelemetryHandlerOptions } from '../../src/index.js';
import { GenAITelemetry } from '../../src/ai-sdk/index.js';
import { measure, type CaseResult } from '../support/measure.js';
import { discardingSdk } from '../support/sdk.js';

const NODE_MAJOR = Number(process.versions.node.split('.')[0]);
if (NODE_MAJOR < 22) {
  console.log(`\n### AI SDK\n\nskipped: ai@7 needs Node 22 or later (this is ${process.version})`);
  process.exit(0);
}

context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
const { generateText } = await import('ai');
const { MockLanguageModelV4 } = await import('ai/test');
const { OpenTelemetry } = await import('@ai-sdk/otel');

const model = new MockLanguageModelV4({
  provider: 'openai.chat',
  modelId: 'gpt-4o-mini',
  doGenerate: async () => ({
    content: [{ type: 'text', text: 'Sunny and 21°C in Paris.' }],
    finishReason: { unified: 'stop', raw: 'stop' },
    usage: {
      inputTokens: { total: 24, noCache: 24, cacheRead: undefined, cacheWrite: undefined },
      outputTokens: { total: 9, text: 9, reasoning: undefined },
    },
    response: { id: 'resp-1', modelId: 'gpt-4o-mini-2024-07-18', timestamp: new Date(0) },
    warnings: [],
  }),
});

const call = (integrations: Telemetry[]) =>
  generateText({
    model,
    instructions: 'You are a helpful travel assistant.',
    prompt: 'What is the weather in Paris today?',
    telemetry: { functionId: 'travel', integrations },
  });

interface Setup {
  name: string;
  integrations: Telemetry[];
  exported(): number;
}

function genai(name: string, options: TelemetryHandlerOptions): Setup {
  const sdk = discardingSdk();
  const handler = new TelemetryHandler({ ...sdk, ...options });
  return {
    name,
    integrations: [new GenAITelemetry({ handler })],
    exported: () => sdk.spans.exported + sdk.logs.exported,
  };
}

function aiSdkOtel(): Setup {
  const sdk = discardingSdk();
  // Its duration histogram goes through the global meter provider.
  metrics.setGlobalMeterProvider(sdk.meterProvider);
  return {
    name: '@ai-sdk/otel `OpenTelemetry` (spans + 1 histogram, content on)',
    integrations: [new OpenTelemetry({ tracer: sdk.tracerProvider.getTracer('gen_ai') })],
    exported: () => sdk.spans.exported,
  };
}

/** The AI SDK's own cost of dispatching every hook and wrapper to an integration that does nothing. */
function noopIntegration(): Setup {
  let calls = 0;
  const hook = () => void calls++;
  const wrap = <T>({ execute }: { execute: () => PromiseLike<T> }) => execute();
  const integration: Telemetry = {
    onStart: hook,
    onLanguageModelCallStart: hook,
    onLanguageModelCallEnd: hook,
    onToolExecutionStart: hook,
    onToolExecutionEnd: hook,
    onStepError: hook,
    onEnd: hook,
    onAbort: hook,
    onError: hook,
    executeLanguageModelCall: wrap,
    executeTool: wrap,
  };
  return {
    name: 'a no-op integration (the AI SDK dispatching to any integration)',
    integrations: [integration],
    exported: () => calls,
  };
}

const setups: Setup[] = [
  { name: 'no integration (baseline)', integrations: [], exported: () => 0 },
  aiSdkOtel(),
  genai('genai-telemetry (spans + metrics + events, content on)', {
    captureMessageContent: 'span_and_event',
  }),
  genai('genai-telemetry (spans only, content on: like for like)', {
    emitters: 'span',
    captureMessageContent: 'span_only',
  }),
  genai('genai-telemetry (no emitters: the mapping alone)', { emitters: 'none' }),
  noopIntegration(),
];

const results: CaseResult[] = await measure(
  setups.map((s) => ({ name: s.name, fn: () => call(s.integrations) })),
  { rounds: 15, iterations: 300, warmupIterations: 300 },
);

const fmt = (ns: number) => `${(ns / 1000).toFixed(1)} µs`;
const base = results[0]!;
console.log('\n### AI SDK: `generateText` on the test model, overhead over no integration\n');
console.log('| integration | median / call | overhead / call | p25–p75 | ratio | exported¹ |');
console.log('|---|---:|---:|---:|---:|---:|');
results.forEach((r, i) => {
  const overhead = i === 0 ? '–' : fmt(r.medianNs - base.medianNs);
  const exported = i === 0 ? '–' : String(setups[i]!.exported());
  console.log(
    `| ${r.name} | ${fmt(r.medianNs)} | ${overhead} | ${fmt(r.p25Ns)}–${fmt(r.p75Ns)} | ${r.ratio.toFixed(2)}x | ${exported} |`,
  );
});
console.log('\n¹ spans (and log records) the discarding SDK received over the whole run.');
const silent = setups.slice(1, -2).filter((s) => s.exported() === 0);
if (silent.length) {
  console.error(`no telemetry exported by: ${silent.map((s) => s.name).join(', ')}`);
  process.exitCode = 1;
}
