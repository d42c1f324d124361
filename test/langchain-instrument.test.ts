import { BaseCallbackHandler } from '@langchain/core/callbacks/base';
import { StringOutputParser } from '@langchain/core/output_parsers';
import { ChatPromptTemplate } from '@langchain/core/prompts';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setTelemetryHandler, TelemetryHandler } from '../src/index.js';
import { GenAICallbackHandler, instrumentLangChain } from '../src/langchain/index.js';
import { createTestTelemetry, providers, type TestTelemetry } from './support/telemetry.js';
import { ScriptedChatModel, useAsyncLocalStorageContext } from './support/langchain.js';

let t: TestTelemetry;
beforeAll(useAsyncLocalStorageContext);
afterEach(async () => {
  setTelemetryHandler(undefined);
  await t?.shutdown();
});

function useGlobalHandler() {
  t = createTestTelemetry();
  setTelemetryHandler(new TelemetryHandler(providers(t)));
}

const chain = () =>
  ChatPromptTemplate.fromTemplate('{q}')
    .pipe(new ScriptedChatModel(() => ({ content: 'a b' })))
    .pipe(new StringOutputParser());

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('instrumentLangChain', () => {
  it('traces every run with one call, keeps user handlers, is idempotent, and undoes', async () => {
    useGlobalHandler();
    const undo = instrumentLangChain();
    expect(instrumentLangChain()).toBe(undo);
    const tokens: string[] = [];
    const user = BaseCallbackHandler.fromMethods({
      handleLLMNewToken: (token) => void tokens.push(token),
    });
    user.awaitHandlers = true;
    const callbacks = [user];
    const stream = await chain().stream({ q: 'x' }, { callbacks });
    for await (const _ of stream);
    expect(callbacks).toEqual([user]);
    expect(tokens).toEqual(['a ', 'b']);
    expect(t.spans().map((s) => s.name)).toContain('chat gpt-4o-mini');
    expect(t.spans()).toHaveLength(4);

    // A flow created before the undo runs after it: the undo must reach it too.
    let later: Promise<unknown> | undefined;
    const started = new Promise<void>((resolve) =>
      setTimeout(() => {
        later = tick().then(() => chain().invoke({ q: 'late' }));
        resolve();
      }, 5),
    );
    undo();
    undo();
    await chain().invoke({ q: 'after' });
    await started;
    await later;
    expect(t.spans()).toHaveLength(4);
  });

  it('does not add a second handler next to an explicit GenAICallbackHandler', async () => {
    useGlobalHandler();
    const undo = instrumentLangChain();
    try {
      await chain().invoke({ q: 'x' }, { callbacks: [new GenAICallbackHandler()] });
      expect(t.spans()).toHaveLength(4);
    } finally {
      undo();
    }
  });

  it('can be instrumented again after an undo', async () => {
    useGlobalHandler();
    instrumentLangChain()();
    const undo = instrumentLangChain();
    await chain().invoke({ q: 'x' });
    undo();
    expect(t.spans()).toHaveLength(4);
  });

  it('traces flows started before an undo again when instrumented anew, with the new options', async () => {
    useGlobalHandler();
    const first = createTestTelemetry();
    const second = createTestTelemetry();
    try {
      const undo = instrumentLangChain({ handler: new TelemetryHandler(providers(first)) });
      // A queue consumer started at boot: its flow is created now and works later.
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const consumer = new Promise<unknown>((resolve) =>
        setTimeout(() => resolve(gate.then(() => chain().invoke({ q: 'job' }))), 0),
      );
      await tick();
      undo();
      const again = instrumentLangChain({ handler: new TelemetryHandler(providers(second)) });
      release();
      await consumer;
      again();
      expect(first.spans()).toHaveLength(0);
      expect(second.spans()).toHaveLength(4);
    } finally {
      await first.shutdown();
      await second.shutdown();
    }
  });
});
