/**
 * The check-only pre-check must never accept what zod rejects, and should accept the common valid
 * shapes (otherwise it would be useless, not wrong). fast-check drives both with near-valid data.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { precheckFor } from '../src/precheck.js';
import { EvaluationResultSchema, INVOCATION_KINDS, INVOCATION_SCHEMAS } from '../src/types.js';

const oddValue = fc.oneof(
  fc.constantFrom(undefined, null, NaN, Infinity, -1, 0, 1.5, 2 ** 60, '', 'x', true, [], {}),
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.date(),
);
const part = fc.oneof(
  fc.record({ type: fc.constant('text'), content: fc.oneof(fc.string(), oddValue) }),
  fc.record(
    {
      type: fc.constant('tool_call'),
      name: fc.oneof(fc.string(), oddValue),
      arguments: fc.anything(),
    },
    { requiredKeys: ['type'] },
  ),
  fc.record(
    {
      type: fc.constantFrom(
        'tool_call_response',
        'reasoning',
        'blob',
        'uri',
        'file',
        'custom_part',
        'text',
      ),
      content: oddValue,
      response: fc.anything(),
      modality: oddValue,
      uri: oddValue,
    },
    { requiredKeys: ['type'] },
  ),
  oddValue,
);
const message = fc.oneof(
  fc.record(
    {
      role: fc.oneof(fc.constantFrom('system', 'user', 'assistant', 'tool'), oddValue),
      parts: fc.oneof(fc.array(part, { maxLength: 3 }), oddValue),
      name: oddValue,
      finishReason: oddValue,
    },
    { requiredKeys: ['role', 'parts'] },
  ),
  oddValue,
);
const invocation = fc.record(
  {
    kind: fc.constantFrom(...INVOCATION_KINDS),
    provider: fc.oneof(fc.string(), oddValue),
    requestModel: fc.oneof(fc.string(), oddValue),
    operation: fc.oneof(
      fc.constantFrom('chat', 'text_completion', 'invoke_agent', 'bogus'),
      oddValue,
    ),
    temperature: oddValue,
    maxTokens: oddValue,
    inputTokens: oddValue,
    serverPort: fc.oneof(fc.integer({ min: -10, max: 70000 }), oddValue),
    stopSequences: fc.oneof(
      fc.array(fc.string(), { maxLength: 2 }),
      fc.array(oddValue, { maxLength: 2 }),
      oddValue,
    ),
    inputMessages: fc.oneof(fc.array(message, { maxLength: 3 }), oddValue),
    outputMessages: fc.oneof(fc.array(message, { maxLength: 2 }), oddValue),
    toolDefinitions: fc.oneof(
      fc.array(
        fc.record(
          { name: fc.oneof(fc.string(), oddValue), type: oddValue, parameters: fc.anything() },
          { requiredKeys: ['name'] },
        ),
        { maxLength: 2 },
      ),
      oddValue,
    ),
    attributes: fc.oneof(
      fc.dictionary(
        fc.string(),
        fc.oneof(fc.string(), fc.integer(), fc.array(fc.string()), oddValue),
      ),
      oddValue,
    ),
    documents: fc.oneof(
      fc.array(
        fc.record(
          { id: fc.oneof(fc.string(), oddValue), score: oddValue },
          { requiredKeys: ['id'] },
        ),
        { maxLength: 2 },
      ),
      oddValue,
    ),
    snapshot: fc.oneof(
      fc.record({
        traceId: fc.constantFrom('0af7651916cd43dd8448eb211c80319c', 'bad'),
        spanId: fc.constantFrom('b7ad6b7169203331', 'x'),
        traceFlags: fc.oneof(fc.integer({ min: -1, max: 300 }), oddValue),
        recording: oddValue,
      }),
      oddValue,
    ),
  },
  { requiredKeys: ['kind'] },
);

describe('precheck', () => {
  it('never accepts an invocation that zod rejects, for every kind', () => {
    let accepted = 0;
    fc.assert(
      fc.property(invocation, (inv) => {
        const schema = INVOCATION_SCHEMAS[inv.kind];
        if (precheckFor(schema)(inv)) {
          accepted++;
          expect(schema.safeParse(inv).success).toBe(true);
        }
      }),
      { numRuns: 3000 },
    );
    // The generator reaches both sides of the boundary.
    expect(accepted).toBeGreaterThan(0);
  });

  it('never accepts an evaluation result that zod rejects', () => {
    const result = fc.record(
      {
        name: fc.oneof(fc.string(), oddValue),
        score: oddValue,
        label: oddValue,
        error: fc.oneof(
          fc.record({
            type: fc.oneof(fc.string(), oddValue),
            message: fc.oneof(fc.string(), oddValue),
          }),
          oddValue,
        ),
      },
      { requiredKeys: ['name'] },
    );
    fc.assert(
      fc.property(result, (r) => {
        if (precheckFor(EvaluationResultSchema)(r))
          expect(EvaluationResultSchema.safeParse(r).success).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('accepts the common valid shapes without zod', () => {
    const llm = {
      kind: 'llm',
      provider: 'openai',
      requestModel: 'gpt-4o',
      serverPort: 443,
      maxTokens: 512,
      temperature: 0.2,
      inputMessages: [{ role: 'user', parts: [{ type: 'text', content: 'hi' }] }],
      outputMessages: [
        {
          role: 'assistant',
          parts: [{ type: 'tool_call', id: 'c1', name: 'f', arguments: { a: 1 } }],
          finishReason: 'tool_call',
        },
      ],
      toolDefinitions: [{ name: 'f', parameters: { type: 'object' } }],
      attributes: { 'app.tenant': 'acme', 'app.ids': ['a', 'b'] },
      snapshot: {
        traceId: '0af7651916cd43dd8448eb211c80319c',
        spanId: 'b7ad6b7169203331',
        traceFlags: 1,
        recording: true,
      },
    };
    expect(precheckFor(INVOCATION_SCHEMAS.llm)(llm)).toBe(true);
    expect(precheckFor(INVOCATION_SCHEMAS.llm)({ ...llm, maxTokens: -1 })).toBe(false);
    expect(precheckFor(INVOCATION_SCHEMAS.llm)({ ...llm, serverPort: 70000 })).toBe(false);
  });
});
