/**
 * remoteEvaluator's transport: several evaluators share a port without taking each other's
 * replies, an invocation JSON refuses is still sent (as its plain copy), a request that cannot be
 * sent fails at once and is not kept, and a worker that goes away fails what is pending at once.
 */
import { MessageChannel, Worker } from 'node:worker_threads';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import { TelemetryHandler, type EvaluationResult, type Invocation } from '../src/index.js';
import {
  EvaluationRequestSchema,
  remoteEvaluator,
  serveEvaluations,
  type EvaluationPort,
} from '../src/evaluation/index.js';
import { evaluationRecords, gate, runLlm } from './support/evaluation.js';
import { createTestTelemetry, providers, type TestTelemetry } from './support/telemetry.js';

let t: TestTelemetry;
const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
  await t?.shutdown();
});

function channel() {
  const { port1, port2 } = new MessageChannel();
  cleanups.push(() => port1.close());
  return { port1, port2 };
}

const resultsOf = (t: TestTelemetry, inv: Invocation) =>
  evaluationRecords(t)
    .filter((r) => r.spanContext?.spanId === inv.snapshot!.spanId)
    .map((r) => [r.attributes['gen_ai.evaluation.name'], r.attributes['error.type']]);

const NEVER = 600_000;

/** A real invocation's snapshot, whatever fields the snapshot schema asks for. */
function someSnapshot() {
  const telemetry = createTestTelemetry();
  cleanups.push(() => telemetry.shutdown());
  return runLlm(new TelemetryHandler(providers(telemetry))).snapshot!;
}

describe('remoteEvaluator transport', () => {
  it('two remote evaluators on one port get their own replies', async () => {
    t = createTestTelemetry();
    const { port1, port2 } = channel();
    serveEvaluations(port2, [
      { name: 'llm-check', kinds: ['llm'], evaluate: () => [{ name: 'llm-check', score: 1 }] },
      {
        name: 'agent-check',
        kinds: ['agent'],
        evaluate: () => [{ name: 'agent-check', score: 1 }],
      },
    ]);
    const handler = new TelemetryHandler({
      ...providers(t),
      evaluation: {
        evaluators: [
          remoteEvaluator(port1, { name: 'remote-llm', kinds: ['llm'] }),
          remoteEvaluator(port1, { name: 'remote-agent', kinds: ['agent'] }),
        ],
      },
    });
    const llm = runLlm(handler);
    const agent = handler.stopAgent(handler.startAgent({ name: 'planner' }));
    await handler.shutdown();
    expect(resultsOf(t, llm)).toEqual([['llm-check', undefined]]);
    expect(resultsOf(t, agent)).toEqual([['agent-check', undefined]]);
  });

  it('a reply naming another span is not taken for the request with its id', async () => {
    const { port1, port2 } = channel();
    const evaluator = remoteEvaluator(port1);
    const snapshot = someSnapshot();
    port2.on('message', (message) => {
      const { id } = EvaluationRequestSchema.parse(message);
      const reply = (spanId: string, name: string) => ({
        type: 'genai-telemetry/results',
        id,
        invocation: { kind: 'llm', snapshot: { ...snapshot, spanId } },
        results: [{ name, score: 1 }],
      });
      port2.postMessage(
        reply(
          snapshot.spanId.replace(/./, (c) => (c === 'f' ? 'e' : 'f')),
          'someone-else',
        ),
      );
      port2.postMessage(reply(snapshot.spanId, 'mine'));
    });
    const results = await evaluator.evaluate(
      { kind: 'llm', snapshot },
      { signal: new AbortController().signal },
    );
    expect(results.map((r) => r.name)).toEqual(['mine']);
  });

  it('an invocation JSON refuses (BigInt, cycle) is sent as its plain copy', async () => {
    t = createTestTelemetry();
    const { port1, port2 } = channel();
    const seen: unknown[] = [];
    serveEvaluations(port2, [
      {
        name: 'args',
        kinds: ['tool_call'],
        evaluate: (inv) => {
          seen.push(inv.kind === 'tool_call' ? inv.arguments : undefined);
          return [{ name: 'args', score: 1 }];
        },
      },
    ]);
    const handler = new TelemetryHandler({
      ...providers(t),
      evaluation: { evaluators: [remoteEvaluator(port1, { kinds: ['tool_call'] })] },
    });
    const args: Record<string, unknown> = { amount: 10n };
    args.self = args;
    const tool = handler.stopToolCall(handler.startToolCall({ name: 'pay', arguments: args }));
    await handler.shutdown();
    expect(resultsOf(t, tool)).toEqual([['args', undefined]]);
    expect(seen).toEqual([{ amount: '10', self: '[Circular]' }]);
  });

  it('a request that cannot be made or sent fails at once and is not kept', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const throwing: EvaluationPort = {
      on: () => undefined,
      postMessage: () => {
        throw new Error('channel closed');
      },
    };
    const evaluate = async (port: EvaluationPort, inv: Invocation) => {
      try {
        return await remoteEvaluator(port).evaluate(inv, { signal: new AbortController().signal });
      } catch (error) {
        return [{ name: 'remote', error: { type: 'thrown', message: String(error) } }];
      }
    };
    const refs: Array<WeakRef<object>> = [];
    const outcomes: Array<readonly EvaluationResult[]> = [];
    const snapshot = someSnapshot();
    await (async () => {
      const sendable: Invocation = { kind: 'llm', snapshot };
      const unreadable = { kind: 'llm', snapshot } as Invocation;
      Object.defineProperty(unreadable, 'outputMessages', {
        enumerable: true,
        get: () => {
          throw new Error('secret answer');
        },
      });
      refs.push(new WeakRef(sendable), new WeakRef(unreadable));
      outcomes.push(
        await evaluate(throwing, sendable),
        await evaluate(channel().port1, unreadable),
      );
    })();
    expect(outcomes.map((results) => results.map((r) => r.error))).toEqual([
      [{ type: 'EvaluationTransportError', message: 'channel closed' }],
      [{ type: 'UnserialisableInvocation', message: expect.not.stringContaining('secret') }],
    ]);
    for (let i = 0; i < 3 && refs.some((r) => r.deref()); i++) {
      await new Promise((resolve) => setImmediate(resolve));
      gc();
    }
    expect(refs.map((r) => r.deref())).toEqual([undefined, undefined]);
  });

  it('a worker that exits fails its pending evaluations at once, and later ones', async () => {
    t = createTestTelemetry();
    // Exits on the first request, as a crashing evaluation worker would.
    const worker = new Worker(
      "require('node:worker_threads').parentPort.on('message', () => process.exit(3))",
      { eval: true },
    );
    cleanups.push(() => worker.terminate());
    const handler = new TelemetryHandler({
      ...providers(t),
      evaluation: { evaluators: [remoteEvaluator(worker)], timeoutMs: NEVER },
    });
    const exited = new Promise((resolve) => worker.once('exit', resolve));
    const first = runLlm(handler);
    await exited;
    const later = runLlm(handler);
    await handler.shutdown();
    expect(resultsOf(t, first)).toEqual([['remote', 'EvaluationWorkerGone']]);
    expect(resultsOf(t, later)).toEqual([['remote', 'EvaluationWorkerGone']]);
  });

  it('a port closed by the other side fails pending evaluations at once', async () => {
    t = createTestTelemetry();
    const { port1, port2 } = channel();
    const requested = gate();
    port2.on('message', () => requested.open());
    const handler = new TelemetryHandler({
      ...providers(t),
      evaluation: { evaluators: [remoteEvaluator(port1)], timeoutMs: NEVER },
    });
    const inv = runLlm(handler);
    await requested.promise;
    port2.close();
    await handler.shutdown();
    expect(resultsOf(t, inv)).toEqual([['remote', 'EvaluationWorkerGone']]);
  });
});
