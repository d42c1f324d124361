/** Helpers shared by the evaluation tests. */
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import type { Evaluator, LlmInvocation, TelemetryHandler } from '../../src/index.js';
import type { TestTelemetry } from './telemetry.js';

export function answer(text: string) {
  return [{ role: 'assistant', parts: [{ type: 'text' as const, content: text }] }];
}

/** Starts and stops one LLM invocation whose answer is `text`. */
export function runLlm(handler: TelemetryHandler, text = 'Sunny in Paris.'): LlmInvocation {
  const inv = handler.startLlm({
    provider: 'openai',
    requestModel: 'gpt-4o',
    inputMessages: [{ role: 'user', parts: [{ type: 'text', content: 'Weather in Paris?' }] }],
  });
  inv.outputMessages = answer(text);
  return handler.stopLlm(inv);
}

/** A promise that the test resolves when it chooses. */
export function gate(): { promise: Promise<void>; open(): void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

/** An evaluator returning one fixed result, counting its calls. */
export function constant(name: string, score = 1): Evaluator & { calls: number } {
  const evaluator = {
    name,
    calls: 0,
    evaluate() {
      evaluator.calls++;
      return [{ name, score }];
    },
  };
  return evaluator;
}

export function evaluationRecords(t: TestTelemetry): ReadableLogRecord[] {
  return t.logs().filter((r) => r.eventName === 'gen_ai.evaluation.result');
}

/** Lets setImmediate-scheduled evaluation work start. */
export const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
