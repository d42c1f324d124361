/** The offline built-in evaluators: JSON / zod schema, tool-call arguments, regex, keywords, length. */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  jsonOutput,
  keywords,
  lengthBounds,
  regexMatch,
  TelemetryHandler,
  toolArguments,
  type Evaluator,
  type LlmInvocation,
} from '../src/index.js';
import { runEvaluators } from '../src/evaluation/index.js';
import { answer, evaluationRecords } from './support/evaluation.js';
import { createTestTelemetry, providers } from './support/telemetry.js';

const llm = (text: string): LlmInvocation => ({ kind: 'llm', outputMessages: answer(text) });
const evaluate = (evaluator: Evaluator, inv: LlmInvocation) =>
  runEvaluators([evaluator], inv, 1000);

describe('jsonOutput', () => {
  it('passes valid JSON, also inside a Markdown fence, and fails anything else', async () => {
    expect(await evaluate(jsonOutput(), llm('{"city":"Paris"}'))).toEqual([
      { name: 'json', score: 1, label: 'pass' },
    ]);
    expect(await evaluate(jsonOutput(), llm('```json\n[1, 2]\n```'))).toMatchObject([
      { label: 'pass' },
    ]);
    expect(await evaluate(jsonOutput(), llm('{city: Paris}'))).toEqual([
      {
        name: 'json',
        score: 0,
        label: 'fail',
        explanation: expect.stringContaining('not valid JSON'),
      },
    ]);
  });

  it('never quotes the answer in its explanation (events are emitted whatever the capture mode)', async () => {
    const [result] = await evaluate(jsonOutput(), llm('SSN 078-05-1120 is on file'));
    expect(result).toEqual({
      name: 'json',
      score: 0,
      label: 'fail',
      explanation: 'not valid JSON',
    });
  });

  it('checks a zod schema and explains the mismatch', async () => {
    const schema = z.object({ city: z.string(), temperature: z.number() });
    const evaluator = jsonOutput({ schema, name: 'weather_shape' });
    expect(await evaluate(evaluator, llm('{"city":"Paris","temperature":21}'))).toMatchObject([
      { name: 'weather_shape', label: 'pass' },
    ]);
    expect(await evaluate(evaluator, llm('{"city":"Paris","temperature":"warm"}'))).toEqual([
      {
        name: 'weather_shape',
        score: 0,
        label: 'fail',
        explanation: expect.stringMatching(/temperature: .*number/),
      },
    ]);
  });

  it('never quotes the keys or values of the answer in a schema mismatch', async () => {
    const secrets = ['alice@example.com', 'ssn_078051120', 'my pin is 1234'];
    const evaluator = jsonOutput({
      schema: z.strictObject({
        city: z.string(),
        scores: z.record(z.string(), z.number()),
        note: z.string().refine(() => false, { error: (issue) => `bad: ${String(issue.input)}` }),
      }),
    });
    const text = JSON.stringify({
      city: 'Paris',
      scores: { [secrets[0]!]: 'high' },
      [secrets[1]!]: true,
      note: secrets[2],
    });
    const [result] = await evaluate(evaluator, llm(text));
    expect(result).toMatchObject({ score: 0, label: 'fail' });
    for (const secret of secrets) expect(result!.explanation).not.toContain(secret);
    expect(result!.explanation).toMatch(/scores\.\*: .*number/);
    expect(result!.explanation).toContain('(root): 1 key(s) the schema does not declare');
    expect(result!.explanation).toContain('note: fails a custom check');
  });

  it('yields nothing for an invocation without an answer', async () => {
    expect(await evaluate(jsonOutput(), { kind: 'llm' })).toEqual([]);
  });
});

describe('toolArguments', () => {
  const toolDefinitions = [
    {
      type: 'function',
      name: 'get_weather',
      parameters: {
        type: 'object',
        properties: { city: { type: 'string' }, days: { type: 'integer', minimum: 1 } },
        required: ['city'],
        additionalProperties: false,
      },
    },
    { type: 'function', name: 'now' },
  ];
  const withCalls = (...calls: Array<{ name: string; arguments?: unknown }>): LlmInvocation => ({
    kind: 'llm',
    toolDefinitions,
    outputMessages: [
      {
        role: 'assistant',
        parts: calls.map((c, i) => ({ type: 'tool_call' as const, id: `c${i}`, ...c })),
      },
    ],
  });

  it('passes arguments that match the declared JSON schema (object or JSON string)', async () => {
    const inv = withCalls(
      { name: 'get_weather', arguments: { city: 'Paris', days: 2 } },
      { name: 'get_weather', arguments: '{"city":"Lyon"}' },
      { name: 'now' },
    );
    expect(await evaluate(toolArguments(), inv)).toEqual([
      { name: 'tool_arguments', score: 1, label: 'pass' },
    ]);
  });

  it('scores the share of valid calls and names every problem', async () => {
    const inv = withCalls(
      { name: 'get_weather', arguments: { city: 'Paris' } },
      { name: 'get_weather', arguments: { days: 0 } },
      { name: 'get_weather', arguments: '{not json' },
      { name: 'book_flight', arguments: {} },
    );
    const [result] = await evaluate(toolArguments(), inv);
    expect(result).toMatchObject({ name: 'tool_arguments', score: 0.25, label: 'fail' });
    const lines = result!.explanation!.split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^get_weather: .*city/);
    expect(lines[0]).toMatch(/days/);
    expect(lines[1]).toBe('get_weather: arguments are not valid JSON (at position 1)');
    // The made-up tool's name is the model's text: the call's position stands for it.
    expect(lines[2]).toBe('call #4: not a declared tool');
  });

  it('never quotes made-up tool names or argument keys the schema does not declare', async () => {
    const secrets = ['transfer_to_acct_12345678', 'card_4111111111111111', 'alice@example.com'];
    const definitions = [
      ...toolDefinitions,
      {
        type: 'function',
        name: 'tag',
        parameters: { type: 'object', additionalProperties: { type: 'number' } },
      },
    ];
    const inv: LlmInvocation = {
      ...withCalls(
        { name: secrets[0]!, arguments: {} },
        { name: 'get_weather', arguments: { city: 'Paris', [secrets[1]!]: 1 } },
        { name: 'tag', arguments: { [secrets[2]!]: 'not a number' } },
      ),
      toolDefinitions: definitions,
    };
    const [result] = await evaluate(toolArguments(), inv);
    expect(result).toMatchObject({ score: 0, label: 'fail' });
    const lines = result!.explanation!.split('\n');
    expect(lines).toEqual([
      'call #1: not a declared tool',
      'get_weather: (root): 1 key(s) the schema does not declare',
      expect.stringMatching(/^tag: \*: .*number/),
    ]);
    for (const secret of secrets) expect(result!.explanation).not.toContain(secret);
  });

  it('yields nothing when the model called no tool', async () => {
    expect(await evaluate(toolArguments(), llm('hello'))).toEqual([]);
  });
});

describe('text checks', () => {
  it('regex: must match, or must not match', async () => {
    expect(await evaluate(regexMatch({ pattern: /^\d+$/g }), llm('42'))).toMatchObject([
      { name: 'regex', label: 'pass' },
    ]);
    // A global pattern is tested from the start every time.
    expect(await evaluate(regexMatch({ pattern: /^\d+$/g }), llm('42'))).toMatchObject([
      { label: 'pass' },
    ]);
    const noKeys = regexMatch({
      pattern: 'sk-[A-Za-z0-9]{8}',
      mustMatch: false,
      name: 'no_secret',
    });
    expect(await evaluate(noKeys, llm('key: sk-abcdefgh1'))).toEqual([
      { name: 'no_secret', score: 0, label: 'fail', explanation: 'matches /sk-[A-Za-z0-9]{8}/' },
    ]);
  });

  it('keywords: required and forbidden, case-insensitive by default', async () => {
    const check = keywords({ required: ['Paris', 'sunny'], forbidden: ['London'] });
    expect(await evaluate(check, llm('SUNNY in paris'))).toMatchObject([{ label: 'pass' }]);
    expect(await evaluate(check, llm('Rain in London'))).toEqual([
      {
        name: 'keywords',
        score: 0,
        label: 'fail',
        explanation: 'missing: Paris, sunny; forbidden: London',
      },
    ]);
  });

  it('length: characters or words within bounds', async () => {
    expect(await evaluate(lengthBounds({ max: 5 }), llm('héllo'))).toMatchObject([
      { label: 'pass' },
    ]);
    expect(await evaluate(lengthBounds({ max: 5 }), llm('héllo!'))).toMatchObject([
      { label: 'fail', explanation: '6 chars, expected 1..5' },
    ]);
    expect(await evaluate(lengthBounds({ min: 3, unit: 'words' }), llm('two words'))).toMatchObject(
      [{ label: 'fail', explanation: '2 words, expected 3..Infinity' }],
    );
    expect(await evaluate(lengthBounds(), llm(''))).toMatchObject([{ label: 'fail' }]);
  });
});

describe('built-ins by name through the handler', () => {
  it('runs the configured list on every stopped LLM invocation', async () => {
    const t = createTestTelemetry();
    const handler = new TelemetryHandler({
      ...providers(t),
      evaluation: { evaluators: 'json,keywords(paris),length(max=100),regex(^\\{),tool_arguments' },
    });
    const inv = handler.startLlm({ requestModel: 'm' });
    inv.outputMessages = answer('{"city":"Paris"}');
    handler.stopLlm(inv);
    await handler.shutdown();
    const results = evaluationRecords(t).map((r) => [
      r.attributes['gen_ai.evaluation.name'],
      r.attributes['gen_ai.evaluation.score.label'],
    ]);
    expect(results).toEqual([
      ['json', 'pass'],
      ['keywords', 'pass'],
      ['length', 'pass'],
      ['regex', 'pass'],
    ]);
  });
});

describe('outputText', () => {
  it('is undefined for a turn that only calls tools, and empty text still counts as an answer', async () => {
    const { outputText } = await import('../src/evaluation/index.js');
    const toolOnly = {
      kind: 'llm' as const,
      outputMessages: [
        { role: 'assistant', parts: [{ type: 'tool_call' as const, name: 'get_weather' }] },
      ],
    };
    const empty = {
      kind: 'llm' as const,
      outputMessages: [{ role: 'assistant', parts: [{ type: 'text' as const, content: '' }] }],
    };
    expect(outputText(toolOnly)).toBeUndefined();
    expect(outputText(empty)).toBe('');
  });

  it('reads a cyclic tool result as JSON instead of throwing', async () => {
    const { outputText } = await import('../src/evaluation/index.js');
    const result: Record<string, unknown> = { city: 'Paris' };
    result.self = result;
    expect(outputText({ kind: 'tool_call', result })).toBe('{"city":"Paris","self":"[Circular]"}');
  });
});
