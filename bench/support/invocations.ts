/**
 * What the evaluation suites stop: one answered LLM invocation, and handler options on a
 * discarding SDK of their own.
 */
import type { LlmInvocation, TelemetryHandler, TelemetryHandlerOptions } from '../../src/index.js';
import { discardingSdk } from './sdk.js';

export function discardingProviders(): TelemetryHandlerOptions {
  const { tracerProvider, meterProvider, loggerProvider } = discardingSdk();
  return { tracerProvider, meterProvider, loggerProvider };
}

export function startAnsweredLlm(handler: TelemetryHandler): LlmInvocation {
  const inv = handler.startLlm({
    provider: 'openai',
    requestModel: 'gpt-4o',
    inputMessages: [{ role: 'user', parts: [{ type: 'text', content: 'Weather in Paris?' }] }],
  });
  inv.outputMessages = [
    { role: 'assistant', parts: [{ type: 'text', content: 'Sunny, 21 C.' }], finishReason: 'stop' },
  ];
  inv.inputTokens = 12;
  inv.outputTokens = 5;
  return inv;
}
