/**
 * Error text is content (issue 9 item 3): tools quote their input and parsers the model's
 * answer in error messages. With capture off (the default) none of it may reach any signal,
 * whatever path the error takes: status description, exception events, stack traces.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { TelemetryHandler } from '../src/index.js';
import { exportedText } from './support/exported-text.js';
import { createTestTelemetry, providers, type TestTelemetry } from './support/telemetry.js';

let t: TestTelemetry;
afterEach(() => t?.shutdown());

const ACCOUNT = 'acct-4242-secret';
const ANSWER = 'The capital of France is Paris, obviously';

/** What LangChain's OutputParserException carries: the unparsable answer, quoted. */
class OutputParserException extends Error {
  constructor(readonly llmOutput: string) {
    super(`Failed to parse. Text: "${llmOutput}". Error: SyntaxError: Unexpected token`);
  }
}

function failBoth(handler: TelemetryHandler) {
  const tool = handler.startToolCall({ name: 'lookup', arguments: { account: ACCOUNT } });
  handler.failToolCall(tool, new Error(`no such account: ${ACCOUNT}`));
  const workflow = handler.startWorkflow({ name: 'chain' });
  const step = handler.startStep({ name: 'parser' }, { parent: workflow });
  const parserError = new OutputParserException(ANSWER);
  handler.failStep(step, parserError);
  handler.failWorkflow(workflow, parserError);
  return { tool, step, workflow };
}

describe('error text with capture off', () => {
  it('no tool input or model answer in any exported signal; the rest of the message stays', async () => {
    t = createTestTelemetry();
    const handler = new TelemetryHandler({ ...providers(t), emitters: 'span_metric_event' });
    const { tool, workflow } = failBoth(handler);
    const text = await exportedText(t);
    for (const signal of [text.spans, text.logs, text.metrics]) {
      expect(signal).not.toContain(ACCOUNT);
      expect(signal).not.toContain(ANSWER);
    }
    expect(tool.error).toEqual({ type: 'Error', message: 'no such account: [content redacted]' });
    expect(workflow.error!.message).toContain('Failed to parse');
    expect(workflow.error!.type).toBe('OutputParserException');
  });

  it("errorMessages: 'none' records only the error type", async () => {
    t = createTestTelemetry();
    const handler = new TelemetryHandler({ ...providers(t), errorMessages: 'none' });
    const { tool } = failBoth(handler);
    expect(tool.error).toEqual({ type: 'Error', message: '' });
    const text = await exportedText(t);
    expect(text.spans).not.toContain('no such account');
  });
});

describe('error text with capture on', () => {
  it('is recorded as thrown', async () => {
    t = createTestTelemetry();
    const handler = new TelemetryHandler({
      ...providers(t),
      captureMessageContent: 'span_only',
    });
    const { tool } = failBoth(handler);
    expect(tool.error!.message).toBe(`no such account: ${ACCOUNT}`);
    expect((await exportedText(t)).spans).toContain(ACCOUNT);
  });
});

describe('evaluator failures', () => {
  it("an evaluator's error quoting the answer is redacted in the result event with capture off", async () => {
    t = createTestTelemetry();
    const handler = new TelemetryHandler({
      ...providers(t),
      evaluation: {
        evaluators: [
          {
            name: 'json_answer',
            evaluate: (inv) => {
              const text = inv.kind === 'llm' ? inv.outputMessages?.[0]?.parts[0] : undefined;
              throw new SyntaxError(`not JSON: ${JSON.stringify(text)}`);
            },
          },
        ],
      },
    });
    const llm = handler.startLlm({ requestModel: 'm' });
    llm.outputMessages = [
      { role: 'assistant', parts: [{ type: 'text', content: ANSWER }], finishReason: 'stop' },
    ];
    handler.stopLlm(llm);
    await handler.forceFlush();
    const [event] = t.logs().filter((r) => r.eventName === 'gen_ai.evaluation.result');
    expect(event?.attributes['error.type']).toBe('SyntaxError');
    expect(JSON.stringify(event?.attributes)).not.toContain(ANSWER);
  });
});

describe('quoted fragments', () => {
  it("a JSON.parse error's quoted prefix of the answer is redacted with capture off", () => {
    t = createTestTelemetry();
    const handler = new TelemetryHandler(providers(t));
    const answer = 'Sunny over Lyon, 24 degrees.';
    const llm = handler.startLlm({ requestModel: 'm' });
    llm.outputMessages = [
      { role: 'assistant', parts: [{ type: 'text', content: answer }], finishReason: 'stop' },
    ];
    let parseError: unknown;
    try {
      JSON.parse(answer);
    } catch (error) {
      parseError = error;
    }
    handler.failLlm(llm, parseError);
    expect(llm.error!.message).toContain('is not valid JSON');
    expect(llm.error!.message).not.toContain('Sunny');
    expect(JSON.stringify(t.spans()[0]!.status)).not.toContain('Sunny');
  });
});
