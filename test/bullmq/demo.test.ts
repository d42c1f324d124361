/**
 * The demo's BullMQ variant (`npm run demo -- --redis`): the evaluation worker is a separate OS
 * process fed over BullMQ on a real Redis, and the trace is as correlated as with the thread.
 */
import { expect, it } from 'vitest';
import { EVALUATION_EVENT } from '../../examples/demo/correlation.js';
import { runDemo } from '../../examples/demo/main.js';
import { SERVICES } from '../../examples/demo/protocol.js';
import { redisForFile } from '../support/redis.js';

const redis = redisForFile();

it('npm run demo -- --redis: one correlated trace, evaluations from the worker process', async () => {
  const output: string[] = [];
  const result = await runDemo({ redisUrl: redis().url, print: (line) => output.push(line) });
  expect(result.correlation.problems).toEqual([]);
  expect(result.ok).toBe(true);
  const worker = result.collections.find((c) => c.service === SERVICES.worker)!;
  const evaluations = worker.logs.filter((l) => l.eventName === EVALUATION_EVENT);
  expect(evaluations.map((e) => e.attributes['gen_ai.evaluation.name']).sort()).toEqual([
    'answer_length',
    'no_secrets',
    'relevance',
    'tool_arguments',
    'toxicity',
  ]);
  // Each result sits on a gateway model call; the worker's evaluate steps are children of them.
  const gatewayChats = result.collections
    .find((c) => c.service === SERVICES.gateway)!
    .spans.filter((s) => s.name.startsWith('chat '));
  for (const event of evaluations)
    expect(gatewayChats.map((s) => s.spanId)).toContain(event.spanId);
  const steps = worker.spans.filter((s) => s.name === 'evaluate');
  expect(steps.map((s) => s.parentSpanId).sort()).toEqual(gatewayChats.map((s) => s.spanId).sort());
  expect(output.at(-1)).toMatch(/5 evaluation results, .* all correlated$/);
}, 60_000);
