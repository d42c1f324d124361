/**
 * `genai-telemetry/judges`: the openevals-based LLM judge on a scripted LangChain chat model (no
 * network), and the openevals / autoevals adapters on those libraries' real offline evaluators.
 */
import type { BaseMessage } from '@langchain/core/messages';
import type { ChatResult } from '@langchain/core/outputs';
import { FakeListChatModel } from '@langchain/core/utils/testing';
import { Levenshtein, NumericDiff } from 'autoevals';
import { exactMatch, levenshteinDistance } from 'openevals';
import { describe, expect, it } from 'vitest';
import { ENV, TelemetryHandler, type EvaluationResult, type LlmInvocation } from '../src/index.js';
import { runEvaluators } from '../src/evaluation/index.js';
import {
  createLlmJudge,
  fromAutoevals,
  fromOpenEvals,
  registerLlmJudge,
} from '../src/judges/index.js';
import { answer, evaluationRecords, runLlm } from './support/evaluation.js';
import { createTestTelemetry, providers } from './support/telemetry.js';

/** LangChain's scripted chat model, recording the prompts it was sent. */
class ScriptedChatModel extends FakeListChatModel {
  readonly prompts: string[] = [];
  constructor(responses: Array<string | object>) {
    super({ responses: responses.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))) });
  }
  override async _generate(
    messages: BaseMessage[],
    options: this['ParsedCallOptions'],
  ): Promise<ChatResult> {
    this.prompts.push(messages.map((m) => `${m.type}: ${String(m.content)}`).join('\n'));
    return super._generate(messages, options);
  }
}

const question: LlmInvocation = {
  kind: 'llm',
  systemInstructions: [{ type: 'text', content: 'Paris weather today: sunny, 21 C.' }],
  inputMessages: [{ role: 'user', parts: [{ type: 'text', content: 'Weather in Paris?' }] }],
  outputMessages: answer('Sunny and 21 C.'),
};
const judged = (judge: ReturnType<typeof createLlmJudge>, inv: LlmInvocation = question) =>
  runEvaluators([judge], inv, 5000);
const verdict = { score: 0.9, label: 'relevant', explanation: 'Answers the question.' };

describe('LLM judge', () => {
  it('asks with the openevals prompt and returns a validated verdict', async () => {
    const model = new ScriptedChatModel([verdict]);
    const results = await judged(createLlmJudge({ model, metrics: ['relevance'] }));
    expect(results).toEqual([{ name: 'relevance', ...verdict }]);
    expect(model.prompts).toHaveLength(1);
    expect(model.prompts[0]).toContain('assessing whether outputs are relevant');
    expect(model.prompts[0]).toContain('Weather in Paris?');
    expect(model.prompts[0]).toContain('Sunny and 21 C.');
    expect(model.prompts[0]).toMatch(/system: Grade for "relevance"/);
  });

  it('retries a malformed answer once', async () => {
    const model = new ScriptedChatModel(['Sure! It is relevant.', verdict]);
    const results = await judged(createLlmJudge({ model, metrics: ['relevance'] }));
    expect(results).toEqual([{ name: 'relevance', ...verdict }]);
    expect(model.prompts).toHaveLength(2);
  });

  it('reports two malformed answers as an error result', async () => {
    const model = new ScriptedChatModel([
      { score: 7, label: 'relevant', explanation: 'x' },
      { score: 0.5, label: 'maybe', explanation: 'x' },
    ]);
    const [result] = await judged(createLlmJudge({ model, metrics: ['relevance'] }));
    expect(result).toEqual({
      name: 'relevance',
      error: {
        type: 'MalformedVerdict',
        message: expect.stringMatching(/after 2 attempts: label/),
      },
    });
    expect(model.prompts).toHaveLength(2);
  });

  it('grades several metrics, including a user rubric, one result each', async () => {
    const model = new ScriptedChatModel([
      { score: 0.1, label: 'grounded', explanation: 'Matches the context.' },
      { score: 0, label: 'non_toxic', explanation: 'Neutral.' },
      { score: 1, label: 'polite', explanation: 'Courteous.' },
    ]);
    const judge = createLlmJudge({
      model,
      metrics: [
        'hallucination',
        'toxicity',
        { name: 'politeness', rubric: 'The answer is {polite}.', labels: ['polite', 'rude'] },
      ],
    });
    const results = await judged(judge);
    expect(results.map((r: EvaluationResult) => [r.name, r.label])).toEqual([
      ['hallucination', 'grounded'],
      ['toxicity', 'non_toxic'],
      ['politeness', 'polite'],
    ]);
    // The hallucination prompt is given the grounding context; a rubric's braces stay literal.
    expect(model.prompts.find((p) => p.includes('hallucinations'))).toContain('sunny, 21 C');
    expect(model.prompts.find((p) => p.includes('Rubric>\nThe answer is {polite}.'))).toBeDefined();
  });

  it('runs by name from the environment and emits correlated results', async () => {
    const model = new ScriptedChatModel([
      verdict,
      { score: 0, label: 'non_toxic', explanation: 'ok' },
    ]);
    const undo = registerLlmJudge(model);
    try {
      const t = createTestTelemetry();
      const handler = new TelemetryHandler({
        ...providers(t),
        environment: { [ENV.evaluators]: 'llm_judge(relevance,toxicity)' },
      });
      const inv = runLlm(handler);
      await handler.shutdown();
      const records = evaluationRecords(t);
      expect(records.map((r) => r.attributes['gen_ai.evaluation.name'])).toEqual([
        'relevance',
        'toxicity',
      ]);
      for (const record of records) {
        expect(record.spanContext?.spanId).toBe(inv.snapshot!.spanId);
        expect(record.spanContext?.traceId).toBe(inv.snapshot!.traceId);
      }
    } finally {
      undo();
    }
  });
});

describe('adapters', () => {
  it('openevals evaluators become evaluators (boolean scores as 1/0 with pass/fail)', async () => {
    const reference = { referenceOutputs: 'Sunny and 21 C.' };
    const results = await runEvaluators(
      [
        fromOpenEvals(exactMatch, { name: 'exact', args: () => reference }),
        fromOpenEvals(levenshteinDistance, {
          args: () => ({ referenceOutputs: 'Sunny and 20 C.' }),
        }),
      ],
      question,
      1000,
    );
    expect(results).toEqual([
      { name: 'exact_match', score: 1, label: 'pass' },
      { name: 'levenshtein_distance', score: expect.closeTo(14 / 15, 5) },
    ]);
  });

  it('autoevals scorers become evaluators', async () => {
    const results = await runEvaluators(
      [
        fromAutoevals(Levenshtein, { args: () => ({ expected: 'Sunny and 21 C.' }) }),
        fromAutoevals(NumericDiff, { args: () => ({ output: 20, expected: 21 }) }),
      ],
      question,
      1000,
    );
    expect(results).toEqual([
      { name: 'Levenshtein', score: 1 },
      // autoevals: 1 - |a - b| / (|a| + |b|)
      { name: 'NumericDiff', score: expect.closeTo(1 - 1 / 41, 5) },
    ]);
  });
});
