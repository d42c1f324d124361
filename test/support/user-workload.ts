/**
 * A small piece of "application code" for fault injection: every lifecycle path (start/stop,
 * fail, run, stream, evaluation results) whose return values the test checks, so a fault that
 * leaked into user code would show as a throw or a changed value.
 */
import type { TelemetryHandler } from '../../src/index.js';

export interface WorkloadResult {
  runValue: string;
  streamed: string[];
  stopped: boolean;
}

export async function userWorkload(handler: TelemetryHandler): Promise<WorkloadResult> {
  const llm = handler.startLlm({
    provider: 'openai',
    requestModel: 'gpt-4o',
    inputMessages: [{ role: 'user', parts: [{ type: 'text', content: 'Weather in Paris?' }] }],
  });
  llm.inputTokens = 10;
  llm.outputTokens = 4;
  const stopped = handler.stopLlm(llm) === llm;
  handler.evaluationResults(llm, [{ name: 'relevance', score: 1 }]);
  handler.failToolCall(handler.startToolCall({ name: 'get_weather' }), new Error('tool down'));
  const runValue = await handler.run({ kind: 'agent', name: 'planner' }, async () => 'planned');
  const streamed: string[] = [];
  const chunks = (async function* () {
    yield 'Sun';
    yield 'ny';
  })();
  for await (const chunk of handler.stream({ kind: 'llm', requestModel: 'gpt-4o' }, chunks))
    streamed.push(chunk);
  return { runValue, streamed, stopped };
}

export const EXPECTED_WORKLOAD: WorkloadResult = {
  runValue: 'planned',
  streamed: ['Sun', 'ny'],
  stopped: true,
};
