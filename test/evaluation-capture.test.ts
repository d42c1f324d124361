/**
 * A queued evaluation is about the run that ended, not about the object: the manager captures
 * the invocation (fields and snapshot) and its instrumentation scope at completion, so reusing
 * the object or stopping it through a scoped handler cannot misattribute the results.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { TelemetryHandler, type Evaluator, type LlmInvocation } from '../src/index.js';
import type { EvaluationJob } from '../src/evaluation/index.js';
import { outputText } from '../src/evaluation/index.js';
import { answer, evaluationRecords } from './support/evaluation.js';
import {
  createTestTelemetry,
  providers,
  TEST_SPAN_ID,
  type TestTelemetry,
} from './support/telemetry.js';

let t: TestTelemetry;
afterEach(() => t?.shutdown());

/** Scores each answer by what it says, so a result names the run it judged. */
const echo: Evaluator = {
  name: 'echo',
  evaluate: (inv) => [{ name: 'echo', score: 1, label: outputText(inv) ?? '' }],
};

describe('evaluation captures its invocation at completion', () => {
  it('a reused invocation object: each run is evaluated on its own fields and span', async () => {
    t = createTestTelemetry();
    const handler = new TelemetryHandler({ ...providers(t), evaluation: { evaluators: [echo] } });
    const template: LlmInvocation = { kind: 'llm', provider: 'openai', requestModel: 'gpt-4o' };
    const spans: string[] = [];
    for (const text of ['first', 'second']) {
      // Both runs end before either is evaluated: evaluation starts on a later turn.
      handler.startLlm(template);
      template.outputMessages = answer(text);
      handler.stopLlm(template);
      spans.push(template.snapshot!.spanId);
    }
    await handler.forceFlush();
    const records = evaluationRecords(t).map((r) => [
      r.attributes['gen_ai.evaluation.score.label'],
      r.spanContext?.spanId,
    ]);
    expect(records).toEqual([
      ['first', spans[0]],
      ['second', spans[1]],
    ]);
    const points = (await t.points('gen_ai.evaluation.score')).map((p) => [
      p.attributes['gen_ai.evaluation.score.label'],
      p.attributes[TEST_SPAN_ID],
    ]);
    expect(points).toEqual([
      ['first', spans[0]],
      ['second', spans[1]],
    ]);
  });

  it('a reused object sent to a target: the job keeps the first run', async () => {
    t = createTestTelemetry();
    const jobs: EvaluationJob[] = [];
    const handler = new TelemetryHandler({
      ...providers(t),
      evaluation: { evaluators: [echo], target: { submit: (job) => void jobs.push(job) } },
    });
    const template: LlmInvocation = { kind: 'llm', requestModel: 'gpt-4o' };
    handler.startLlm(template);
    template.outputMessages = answer('first');
    handler.stopLlm(template);
    const first = template.snapshot!;
    handler.startLlm(template);
    template.outputMessages = answer('second');
    await handler.forceFlush();
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.invocation.snapshot).toEqual(first);
    expect(outputText(jobs[0]!.invocation)).toBe('first');
    handler.stopLlm(template);
    await handler.shutdown();
  });

  // Depends on the handler passing `scope` in the completion outcome and delivering the
  // manager's results through that scope's emitters.
  it('results of a scoped handler come out under its instrumentation scope', async () => {
    t = createTestTelemetry();
    const handler = new TelemetryHandler({ ...providers(t), evaluation: { evaluators: [echo] } });
    const scoped = handler.forScope({ name: 'genai-telemetry/langchain', version: '9.9.9' });
    const inv = scoped.startLlm({ requestModel: 'gpt-4o', outputMessages: answer('scoped') });
    scoped.stopLlm(inv);
    const root = handler.startLlm({ requestModel: 'gpt-4o', outputMessages: answer('root') });
    handler.stopLlm(root);
    await handler.forceFlush();
    const scopes = Object.fromEntries(
      evaluationRecords(t).map((r) => [
        r.attributes['gen_ai.evaluation.score.label'],
        r.instrumentationScope,
      ]),
    );
    expect(scopes['scoped']).toMatchObject({ name: 'genai-telemetry/langchain', version: '9.9.9' });
    expect(scopes['root']).toMatchObject({ name: 'genai-telemetry' });
    // One histogram per meter (scope): the scoped run's point is not in the root's.
    const histograms = (await t.metrics())
      .filter((m) => m.descriptor.name === 'gen_ai.evaluation.score')
      .map((m) => m.dataPoints.map((p) => p.attributes['gen_ai.evaluation.score.label']));
    expect(histograms.sort()).toEqual([['root'], ['scoped']]);
  });

  // Depends on the handler passing `scope` in the completion outcome.
  it('a job for a target names the scope its invocation was started under', async () => {
    t = createTestTelemetry();
    const jobs: EvaluationJob[] = [];
    const handler = new TelemetryHandler({
      ...providers(t),
      evaluation: { evaluators: [echo], target: { submit: (job) => void jobs.push(job) } },
    });
    const scoped = handler.forScope({ name: 'genai-telemetry/langchain', version: '9.9.9' });
    scoped.stopLlm(scoped.startLlm({ requestModel: 'gpt-4o' }));
    handler.stopLlm(handler.startLlm({ requestModel: 'gpt-4o' }));
    await handler.shutdown();
    expect(jobs.map((j) => j.scope)).toEqual([
      { name: 'genai-telemetry/langchain', version: '9.9.9' },
      expect.objectContaining({ name: 'genai-telemetry' }),
    ]);
  });
});
