/**
 * Configuration: the `evaluation` option, the environment variables, the evaluator list grammar
 * and the registry. Explicit options win; a bad name is one diag report (strict: a typed error).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigurationError, ENV, registerEvaluator, TelemetryHandler } from '../src/index.js';
import { parseEvaluatorList } from '../src/evaluation/index.js';
import { captureDiag, type DiagCapture } from './support/diag.js';
import { runLlm } from './support/evaluation.js';
import { createTestTelemetry, providers } from './support/telemetry.js';

let diag: DiagCapture;
beforeEach(() => {
  diag = captureDiag();
});
afterEach(() => diag.restore());

const names = (handler: TelemetryHandler) =>
  handler.evaluation?.settings.evaluators.map((e) => e.name);

describe('evaluator list grammar', () => {
  it('parses names, arguments, key=value pairs and nested parentheses', () => {
    expect(
      parseEvaluatorList(
        ' length(max=20, unit=words) , json,llm_judge(relevance,toxicity),regex(^(yes|no)$)',
      ),
    ).toEqual([
      { name: 'length', args: ['max=20', 'unit=words'] },
      { name: 'json', args: [] },
      { name: 'llm_judge', args: ['relevance', 'toxicity'] },
      { name: 'regex', args: ['^(yes|no)$'] },
    ]);
    expect(parseEvaluatorList('')).toEqual([]);
  });

  it.each(['length(max=2', 'a)b', 'len gth', 'x(1)y'])('rejects %j', (text) => {
    expect(() => parseEvaluatorList(text)).toThrow();
  });
});

describe('evaluation configuration', () => {
  it('is off without evaluators, and with `evaluation: false` whatever the environment says', () => {
    expect(new TelemetryHandler({ environment: {} }).evaluation).toBeUndefined();
    expect(
      new TelemetryHandler({ evaluation: false, environment: { [ENV.evaluators]: 'length' } })
        .evaluation,
    ).toBeUndefined();
  });

  it('reads the evaluators and the sample rate from the environment, with defaults', () => {
    const handler = new TelemetryHandler({
      environment: {
        OTEL_INSTRUMENTATION_GENAI_EVALUATORS: 'length(max=5),keywords(paris,!london)',
        OTEL_INSTRUMENTATION_GENAI_EVALUATION_SAMPLE_RATE: '0.25',
      },
    });
    expect(names(handler)).toEqual(['length', 'keywords']);
    expect(handler.evaluation!.settings).toMatchObject({
      sampleRate: 0.25,
      concurrency: 4,
      maxQueueSize: 1000,
      timeoutMs: 30_000,
      evaluateFailed: false,
    });
  });

  it('options win over the environment, field by field', () => {
    const handler = new TelemetryHandler({
      evaluation: { evaluators: ['json'], concurrency: 2 },
      environment: {
        [ENV.evaluators]: 'length',
        [ENV.evaluationSampleRate]: '0.5',
      },
    });
    expect(names(handler)).toEqual(['json']);
    expect(handler.evaluation!.settings).toMatchObject({ sampleRate: 0.5, concurrency: 2 });
    const explicitRate = new TelemetryHandler({
      evaluation: { evaluators: 'json', sampleRate: 0 },
      environment: { [ENV.evaluationSampleRate]: '0.5' },
    });
    expect(explicitRate.evaluation!.settings.sampleRate).toBe(0);
  });

  it('an unknown name or bad argument is one report each; the rest still works', async () => {
    const t = createTestTelemetry();
    const handler = new TelemetryHandler({
      ...providers(t),
      evaluation: { evaluators: ['nope,length', 'length(min=abc)'] },
      environment: { [ENV.evaluationSampleRate]: 'lots' },
    });
    expect(names(handler)).toEqual(['length']);
    // An unusable sample rate fails closed (see below).
    expect(handler.evaluation!.settings.sampleRate).toBe(0);
    expect(diag.reports()).toEqual([
      expect.stringContaining('unknown evaluator "nope"'),
      expect.stringContaining('evaluator length: min'),
      expect.stringContaining('OTEL_INSTRUMENTATION_GENAI_EVALUATION_SAMPLE_RATE="lots"'),
    ]);
    runLlm(handler);
    await handler.shutdown();
    expect(handler.evaluation!.stats().queued).toBe(0);
  });

  it.each(['0,05', '5%', '1.5', '-0.1'])(
    'a sample rate of %j in the environment fails closed, with one warning',
    async (raw) => {
      const t = createTestTelemetry();
      const handler = new TelemetryHandler({
        ...providers(t),
        evaluation: { evaluators: 'length' },
        environment: { [ENV.evaluationSampleRate]: raw },
      });
      for (let i = 0; i < 20; i++) runLlm(handler);
      await handler.shutdown();
      expect(handler.evaluation!.settings.sampleRate).toBe(0);
      expect(handler.evaluation!.stats().queued).toBe(0);
      const reports = diag.reports();
      expect(reports).toHaveLength(1);
      expect(reports[0]).toContain(`=${JSON.stringify(raw)}`);
      if (raw === '0,05') expect(reports[0]).toContain('decimal point');
    },
  );

  it('strict mode throws a ConfigurationError naming the evaluator', () => {
    expect(
      () => new TelemetryHandler({ strict: true, evaluation: { evaluators: 'nope' } }),
    ).toThrow(ConfigurationError);
  });

  it('invalid option values are reported and evaluation stays off', () => {
    const handler = new TelemetryHandler({
      evaluation: { evaluators: ['length'], sampleRate: 2 },
    });
    expect(handler.evaluation).toBeUndefined();
    expect(diag.reports()).toEqual([expect.stringContaining('evaluation.sampleRate')]);
  });

  it('user evaluators plug in by name through the registry; the undo restores the previous one', async () => {
    const t = createTestTelemetry();
    const undo = registerEvaluator('echo', (args) => ({
      name: 'echo',
      evaluate: () => [{ name: 'echo', label: args.join('+') }],
    }));
    const handler = new TelemetryHandler({
      ...providers(t),
      environment: { [ENV.evaluators]: 'echo(a,b)' },
    });
    const labels: Array<string | undefined> = [];
    handler.onEvaluationResults((_inv, results) => labels.push(results[0]?.label));
    runLlm(handler);
    await handler.shutdown();
    expect(labels).toEqual(['a+b']);
    undo();
    new TelemetryHandler({ environment: { [ENV.evaluators]: 'echo' } });
    expect(diag.reports()).toEqual([expect.stringContaining('unknown evaluator "echo"')]);
  });
});
