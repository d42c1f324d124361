/**
 * Shared set-up of the AI SDK tests: the Node version gate (ai@7 needs Node 22), a handler on the
 * in-memory SDK with the integration, and scripted models from the AI SDK's own `ai/test`.
 */
import { trace } from '@opentelemetry/api';
import type { LanguageModelV4StreamPart } from '@ai-sdk/provider';
import { MockLanguageModelV4, simulateReadableStream } from 'ai/test';
import { TelemetryHandler, type TelemetryHandlerOptions } from '../../src/index.js';
import { GenAITelemetry, type GenAITelemetryOptions } from '../../src/ai-sdk/index.js';
import { createTestTelemetry, providers, type TestTelemetry } from '../support/telemetry.js';

const NODE_MAJOR = Number(process.versions.node.split('.')[0]);
/** ai@7 supports Node 22 and later; on older Node the suites skip, and say so in their name. */
export const BEFORE_NODE_22 = NODE_MAJOR < 22;
export const SUITE_NOTE = BEFORE_NODE_22
  ? ` (skipped: ai@7 needs Node 22, this is Node ${NODE_MAJOR})`
  : '';

export interface AiSdkTelemetry {
  t: TestTelemetry;
  handler: TelemetryHandler;
  integration: GenAITelemetry;
}

export function setup(
  options: Omit<
    TelemetryHandlerOptions,
    'tracerProvider' | 'meterProvider' | 'loggerProvider'
  > = {},
  integrationOptions: Omit<GenAITelemetryOptions, 'handler'> = {},
): AiSdkTelemetry {
  const t = createTestTelemetry();
  const handler = new TelemetryHandler({ ...providers(t), ...options });
  return { t, handler, integration: new GenAITelemetry({ handler, ...integrationOptions }) };
}

export const usage = (
  input: number,
  output: number,
  extra: { cacheRead?: number; cacheWrite?: number; reasoning?: number } = {},
) => ({
  inputTokens: {
    total: input,
    noCache: input - (extra.cacheRead ?? 0),
    cacheRead: extra.cacheRead,
    cacheWrite: extra.cacheWrite,
  },
  outputTokens: {
    total: output,
    text: output - (extra.reasoning ?? 0),
    reasoning: extra.reasoning,
  },
});

type GenerateResult = Awaited<ReturnType<MockLanguageModelV4['doGenerate']>>;

export function textResult(text: string, id = 'resp-1'): GenerateResult {
  return {
    content: [{ type: 'text', text }],
    finishReason: { unified: 'stop', raw: 'stop' },
    usage: usage(12, 4, { cacheRead: 2, reasoning: 1 }),
    response: { id, modelId: 'mock-model-2026', timestamp: new Date(0) },
    warnings: [],
  };
}

export function toolCallResult(
  toolName: string,
  input: unknown,
  toolCallId: string,
): GenerateResult {
  return {
    content: [{ type: 'tool-call', toolCallId, toolName, input: JSON.stringify(input) }],
    finishReason: { unified: 'tool-calls', raw: 'tool_calls' },
    usage: usage(20, 6),
    response: { id: `resp-${toolCallId}`, modelId: 'mock-model-2026', timestamp: new Date(0) },
    warnings: [],
  };
}

/** A generating model answering from a list, one result per call. */
export function scriptedModel(...results: GenerateResult[]): MockLanguageModelV4 {
  const queue = [...results];
  return new MockLanguageModelV4({
    provider: 'openai.chat',
    modelId: 'mock-model',
    doGenerate: async () => {
      const next = queue.shift();
      if (!next) throw new Error('the scripted model has no result left');
      return next;
    },
  });
}

export function textChunks(words: string[], id = 'stream-1'): LanguageModelV4StreamPart[] {
  return [
    { type: 'stream-start', warnings: [] },
    { type: 'response-metadata', id, modelId: 'mock-model-2026', timestamp: new Date(0) },
    { type: 'text-start', id: 't' },
    ...words.map((delta): LanguageModelV4StreamPart => ({ type: 'text-delta', id: 't', delta })),
    { type: 'text-end', id: 't' },
    {
      type: 'finish',
      finishReason: { unified: 'stop', raw: 'stop' },
      usage: usage(9, words.length),
    },
  ];
}

/** A streaming model whose chunks arrive `delayMs` apart. */
export function streamingModel(words: string[], delayMs = 0): MockLanguageModelV4 {
  return new MockLanguageModelV4({
    provider: 'anthropic.messages',
    modelId: 'mock-stream',
    doStream: async () => ({
      stream: simulateReadableStream({
        chunks: textChunks(words),
        chunkDelayInMs: delayMs,
        initialDelayInMs: delayMs,
      }),
    }),
  });
}

export const activeSpanId = (): string | undefined => trace.getActiveSpan()?.spanContext().spanId;

export const attr = (span: { attributes: Record<string, unknown> }, key: string): unknown =>
  span.attributes[key];
