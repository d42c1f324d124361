/**
 * Content safety across every kind and every signal, beyond content-safety.test.ts: with the
 * default capture mode no message content leaves the process on any signal (spans, details and
 * exception events, evaluation events, metrics), whatever the content is; and metric attributes
 * never carry content or ids in any capture mode.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  INVOCATION_KINDS,
  TelemetryHandler,
  type Invocation,
  type InvocationKind,
} from '../src/index.js';
import { exportedText } from './support/exported-text.js';
import { createTestTelemetry, providers } from './support/telemetry.js';

/** Every content-bearing field of `kind`, each holding `content`. */
function withContent(kind: InvocationKind, content: string): Invocation {
  const text = { type: 'text' as const, content };
  switch (kind) {
    case 'llm':
      return {
        kind,
        requestModel: 'gpt-4o',
        systemInstructions: [text],
        inputMessages: [
          { role: 'user', parts: [text] },
          {
            role: 'tool',
            parts: [{ type: 'tool_call_response', id: 'c1', response: { content } }],
          },
        ],
        outputMessages: [
          {
            role: 'assistant',
            parts: [
              text,
              { type: 'tool_call', id: 'c2', name: 'lookup', arguments: { q: content } },
            ],
          },
        ],
        toolDefinitions: [{ name: 'lookup', parameters: { type: 'object', description: content } }],
      };
    case 'embedding':
      return { kind, requestModel: 'text-embedding-3-small', inputTexts: [content] };
    case 'tool_call':
      return { kind, name: 'lookup', arguments: { q: content }, result: content };
    case 'retrieval':
      return { kind, dataSourceId: 'docs', query: content };
    default:
      return { kind, name: 'unit' } as Invocation;
  }
}

const ALL_KINDS: readonly InvocationKind[] = INVOCATION_KINDS;

describe('reliability: content stays in the process unless capture is configured', () => {
  it('default capture: no content on any signal, for every kind, stop or fail, with built-in evaluators', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ maxLength: 40 }),
        fc.constantFrom(...ALL_KINDS),
        fc.boolean(),
        async (noise, kind, failed) => {
          // A marker no attribute name or value can contain by accident, inside arbitrary text.
          const marker = `CONTENT${Math.random().toString(36).slice(2, 10)}`;
          const content = `${noise}${marker}${noise}`;
          const t = createTestTelemetry();
          const handler = new TelemetryHandler({
            ...providers(t),
            evaluation: {
              evaluators: 'length,tool_arguments,regex(^Sunny)',
              evaluateFailed: true,
            },
          });
          const inv = handler.start(withContent(kind, content));
          if (failed) handler.fail(inv, new Error('upstream timeout'));
          else handler.stop(inv);
          handler.evaluationResults(inv, [{ name: 'external', score: 1 }]);
          await handler.forceFlush();
          const exported = await exportedText(t);
          expect(exported.spans).not.toContain(marker);
          expect(exported.logs).not.toContain(marker);
          expect(exported.metrics).not.toContain(marker);
          // The property is vacuous unless the signals it searches were exported.
          expect(t.spans()).toHaveLength(1);
          expect(t.logs().length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 60 },
    );
  });

  // V8's JSON.parse messages quote the start of the parsed text; the json evaluator keeps only
  // the position, so the model's answer never reaches the gen_ai.evaluation.result event.
  it('default capture: the built-in json evaluator does not quote the answer in its explanation', async () => {
    const t = createTestTelemetry();
    const handler = new TelemetryHandler({ ...providers(t), evaluation: { evaluators: 'json' } });
    const inv = handler.startLlm({ requestModel: 'gpt-4o' });
    inv.outputMessages = [
      { role: 'assistant', parts: [{ type: 'text', content: 'SSN 078-05-1120 is on file' }] },
    ];
    handler.stopLlm(inv);
    await handler.forceFlush();
    expect(t.logs().some((r) => r.eventName === 'gen_ai.evaluation.result')).toBe(true);
    expect((await exportedText(t)).logs).not.toContain('078-05');
  });
});

describe('reliability: metric attributes are bounded', () => {
  const ALLOWED_METRIC_KEYS = new Set([
    'gen_ai.operation.name',
    'gen_ai.provider.name',
    'gen_ai.request.model',
    'gen_ai.response.model',
    'gen_ai.token.type',
    'gen_ai.agent.name',
    'gen_ai.workflow.name',
    'gen_ai.tool.name',
    'genai_telemetry.step.name',
    'gen_ai.evaluation.name',
    'gen_ai.evaluation.score.label',
    'genai_telemetry.evaluator.name',
    'server.address',
    'server.port',
    'error.type',
  ]);

  for (const mode of ['none', 'span_and_event'] as const) {
    it(`capture ${mode}: no content and no ids in any metric attribute, for every kind`, async () => {
      const t = createTestTelemetry();
      const handler = new TelemetryHandler({
        ...providers(t),
        captureMessageContent: mode,
        evaluation: {
          evaluators: [
            {
              name: 'judge',
              kinds: ALL_KINDS,
              evaluate: () => [
                {
                  name: 'judge',
                  score: 0.5,
                  label: 'ok',
                  explanation: 'CONTENT-explanation',
                  attributes: { 'app.case_id': 'ID-case' },
                },
              ],
            },
          ],
          evaluateFailed: true,
        },
      });
      for (const kind of ALL_KINDS) {
        const inv = handler.start({
          ...withContent(kind, 'CONTENT-message'),
          provider: 'openai',
          conversationId: 'ID-conversation',
          agentId: 'ID-agent',
          attributes: { 'app.user_id': 'ID-user' },
          ...(kind === 'llm' ? { responseId: 'ID-response', inputTokens: 3, outputTokens: 2 } : {}),
          ...(kind === 'tool_call' ? { toolCallId: 'ID-tool-call' } : {}),
          ...(kind === 'agent' ? { id: 'ID-agent-self' } : {}),
          ...(kind === 'retrieval' ? { documents: [{ id: 'ID-document', score: 0.3 }] } : {}),
        } as Invocation);
        if (kind === 'step') handler.fail(inv, new Error('CONTENT-error-message'));
        else handler.stop(inv);
      }
      await handler.forceFlush();
      const { metrics, metricKeys, spans } = await exportedText(t);
      expect(metrics).not.toMatch(/ID-|CONTENT-/);
      expect([...metricKeys].filter((k) => !ALLOWED_METRIC_KEYS.has(k))).toEqual([]);
      // The ids did reach the spans: the metrics left them out, they were not simply absent.
      expect(spans).toContain('ID-conversation');
      expect(metricKeys.size).toBeGreaterThan(5);
    });
  }
});
