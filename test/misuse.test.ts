/**
 * Misuse never reaches the caller without strict mode: one diag report, every valid field still
 * emitted. With strict mode: a typed error naming the field.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  InvalidFieldsError,
  InvocationStateError,
  TelemetryHandler,
  type LlmInvocation,
} from '../src/index.js';
import { captureDiag, type DiagCapture } from './support/diag.js';
import { createTestTelemetry, providers } from './support/telemetry.js';

let diag: DiagCapture;
beforeEach(() => {
  diag = captureDiag();
});
afterEach(() => diag.restore());

describe('lifecycle misuse', () => {
  it('double stop, stop of an unknown object and fail after stop: no throw, one report each, no extra telemetry', () => {
    const t = createTestTelemetry();
    const handler = new TelemetryHandler(providers(t));
    const inv = handler.startLlm({ requestModel: 'm' });
    handler.stopLlm(inv);
    expect(() => handler.stopLlm(inv)).not.toThrow();
    expect(() => handler.failLlm(inv, new Error('late'))).not.toThrow();
    expect(() => handler.stop({ kind: 'tool_call', name: 'never started' })).not.toThrow();
    expect(() => handler.stop(undefined as unknown as LlmInvocation)).not.toThrow();
    expect(() => handler.start({ kind: 'nope' } as unknown as LlmInvocation)).not.toThrow();
    expect(diag.reports()).toEqual([
      expect.stringContaining('stop: this llm invocation has already ended'),
      expect.stringContaining('fail: this llm invocation has already ended'),
      expect.stringContaining('stop: the object was not started by this handler'),
      expect.stringContaining('stop: the object was not started by this handler'),
      expect.stringContaining('kind: expected one of'),
    ]);
    expect(t.spans()).toHaveLength(1);
    expect(t.spans()[0]!.status.code).toBe(0);
    expect(handler.stats()).toMatchObject({
      started: 1,
      stopped: 1,
      failed: 0,
      inFlight: 0,
      misuse: 5,
    });
  });

  it('invalid fields: one report naming them, valid fields still emitted, the caller object untouched', () => {
    const t = createTestTelemetry();
    const handler = new TelemetryHandler(providers(t));
    const inv = handler.startLlm({
      provider: 'openai',
      requestModel: 'gpt-4o',
      temperature: 'hot' as unknown as number,
    });
    inv.inputTokens = -3;
    inv.outputTokens = 7;
    handler.stopLlm(inv);
    const reports = diag.reports();
    expect(reports).toHaveLength(2);
    expect(reports[0]).toContain('temperature');
    expect(reports[1]).toContain('inputTokens');
    const attributes = t.spans()[0]!.attributes;
    expect(attributes['gen_ai.request.model']).toBe('gpt-4o');
    expect(attributes['gen_ai.usage.output_tokens']).toBe(7);
    expect(attributes).not.toHaveProperty('gen_ai.request.temperature');
    expect(attributes).not.toHaveProperty('gen_ai.usage.input_tokens');
    expect(inv.temperature).toBe('hot');
    expect(inv.inputTokens).toBe(-3);
  });

  it('strict mode: a typed error listing every invalid field at once', () => {
    const handler = new TelemetryHandler({ ...providers(createTestTelemetry()), strict: true });
    let error: unknown;
    try {
      handler.startLlm({
        requestModel: 42 as unknown as string,
        inputMessages: [{ role: 'user', parts: [{ type: 'text' } as never] }],
        maxTokens: 1.5,
      });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(InvalidFieldsError);
    const paths = (error as InvalidFieldsError).issues.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['requestModel', 'maxTokens']));
    expect(paths.some((p) => p.startsWith('inputMessages.0.parts.0'))).toBe(true);
    expect((error as Error).message).toMatch(/requestModel/);
  });

  it('strict mode: lifecycle misuse throws InvocationStateError', () => {
    const handler = new TelemetryHandler({ ...providers(createTestTelemetry()), strict: true });
    const inv = handler.startLlm({});
    handler.stopLlm(inv);
    expect(() => handler.stopLlm(inv)).toThrow(InvocationStateError);
  });

  it('invalid options: one report and defaults without strict, an error with it', () => {
    const t = createTestTelemetry();
    const handler = new TelemetryHandler({
      ...providers(t),
      captureMessageContent: 'everything' as never,
    });
    expect(handler.config.captureMode).toBe('none');
    expect(diag.reports()).toEqual([expect.stringContaining('captureMessageContent')]);
    expect(
      () => new TelemetryHandler({ captureMessageContent: 'everything' as never, strict: true }),
    ).toThrow(InvalidFieldsError);
  });

  it('evaluationResults on an object without snapshot, and invalid results: reported and dropped', () => {
    const t = createTestTelemetry();
    const handler = new TelemetryHandler(providers(t));
    handler.evaluationResults({ kind: 'llm' }, [{ name: 'x', score: 1 }]);
    const inv = handler.stopLlm(handler.startLlm({}));
    handler.evaluationResults(inv, [
      { name: '', score: 1 },
      { name: 'ok', score: 0.5 },
    ]);
    expect(diag.reports()).toHaveLength(2);
    expect(t.logs().filter((l) => l.eventName === 'gen_ai.evaluation.result')).toHaveLength(1);
  });
});
