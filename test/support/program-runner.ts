/**
 * Interprets a random program (programs.ts) against a fresh handler on real SDK providers, then
 * drains it (every invocation stopped once more, evaluations flushed) and checks the invariants
 * (program-invariants.ts). Errors the program raises itself (a run body that throws, a stream
 * source that breaks) are expected to come back unchanged; any other exception is a violation.
 */
import { context, type Context } from '@opentelemetry/api';
import {
  TelemetryHandler,
  type Invocation,
  type InvocationKind,
  type SpanContextSnapshot,
  type StartOptions,
  type TelemetryHandlerOptions,
} from '../../src/index.js';
import { foreignValue, invocationFields, streamSource, thrownValue } from './bad-inputs.js';
import { captureDiag } from './diag.js';
import { programEvaluators } from './program-evaluators.js';
import { checkInvariants, type Observed, type SignalCounts } from './program-invariants.js';
import type { Op, ParentRef, Program } from './programs.js';
import { createTestTelemetry, providers } from './telemetry.js';

export interface ProgramOutcome {
  violations: string[];
  counts: SignalCounts & { starts: number; ops: number };
}

/** The program's own error: it must reach the program unchanged, and is never a violation. */
const USER_ERROR = new Error('the application failed');
const isOwnError = (error: unknown) => error === USER_ERROR;

type Typed = 'Llm' | 'Embedding' | 'ToolCall' | 'Agent' | 'Workflow' | 'Step' | 'Retrieval';
const TYPED: Record<InvocationKind, Typed> = {
  llm: 'Llm',
  embedding: 'Embedding',
  tool_call: 'ToolCall',
  agent: 'Agent',
  workflow: 'Workflow',
  step: 'Step',
  retrieval: 'Retrieval',
};

const macrotask = () => new Promise<void>((resolve) => setImmediate(resolve));

class Interpreter {
  readonly objects: Invocation[] = [];
  readonly observed: Omit<Observed, 'stats' | 'diagMessages'> = {
    snapshots: [],
    parentLinks: [],
    thrown: [],
    unhandledRejections: [],
  };
  ops = 0;

  constructor(readonly handler: TelemetryHandler) {}

  /** A handler call that must not throw. */
  call<R>(fn: () => R): R | undefined {
    try {
      return fn();
    } catch (error) {
      this.observed.thrown.push(error);
      return undefined;
    }
  }

  pick(ref: number): Invocation | undefined {
    return this.objects.length ? this.objects[ref % this.objects.length] : undefined;
  }

  fresh(
    kind: InvocationKind | 'bogus',
    fields: Parameters<typeof invocationFields>[1],
  ): Invocation {
    // Assigned, not spread: spreading would call (and so trip) a throwing getter.
    const inv = invocationFields(kind === 'bogus' ? 'llm' : kind, fields);
    inv.kind = kind;
    const invocation = inv as unknown as Invocation;
    this.objects.push(invocation);
    return invocation;
  }

  /** Runs `start`, and records the snapshot (and the expected parent) when a start happened. */
  observeStart(
    invocation: Invocation,
    parent: SpanContextSnapshot | undefined,
    start: () => void,
  ): void {
    const before = invocation.snapshot;
    start();
    const after = invocation.snapshot;
    if (!after || after === before) return;
    this.observed.snapshots.push(after);
    if (parent) this.observed.parentLinks.push({ child: after, parentSpanId: parent.spanId });
  }

  startWithParent(invocation: Invocation, parentRef: ParentRef, start: (o?: StartOptions) => void) {
    const parent = parentRef.mode === 'none' ? undefined : this.pick(parentRef.ref);
    if (!parent || parent === invocation) return this.observeStart(invocation, undefined, start);
    const expected = parent.snapshot;
    switch (parentRef.mode) {
      case 'explicit':
        return this.observeStart(invocation, expected, () => start({ parent }));
      case 'context': {
        const parentContext = this.call(() => this.handler.contextOf(parent));
        return this.observeStart(invocation, expected, () => start({ parentContext }));
      }
      case 'active': {
        const active = this.call(() => this.handler.contextOf(parent)) as Context;
        return this.observeStart(invocation, expected, () => context.with(active, () => start()));
      }
    }
  }

  async step(op: Op): Promise<void> {
    this.ops++;
    const h = this.handler;
    switch (op.op) {
      case 'start': {
        const inv = this.fresh(op.kind, op.fields);
        const typed = op.typed && op.kind !== 'bogus' ? TYPED[op.kind] : undefined;
        return this.startWithParent(inv, op.parent, (options) =>
          this.call(() =>
            typed ? h[`start${typed}`](inv as never, options) : h.start(inv, options),
          ),
        );
      }
      case 'stop': {
        const inv = this.pick(op.ref);
        if (!inv) return;
        const typed = op.typed && inv.kind in TYPED ? TYPED[inv.kind] : undefined;
        this.call(() => (typed ? h[`stop${typed}`](inv as never) : h.stop(inv)));
        return;
      }
      case 'fail': {
        const inv = this.pick(op.ref);
        if (inv) this.call(() => h.fail(inv, thrownValue(op.error)));
        return;
      }
      case 'mutate':
        return this.mutate(op);
      case 'run':
        return this.run(op);
      case 'stream':
        return this.stream(op);
      case 'evaluationResults':
        return this.evaluationResults(op);
      case 'foreign':
        return this.foreign(op);
      case 'yield':
        return op.macrotask ? macrotask() : Promise.resolve();
      case 'shutdown':
        await this.settleCall(() => h.shutdown());
        return;
    }
  }

  async settleCall(fn: () => Promise<unknown> | undefined): Promise<void> {
    try {
      await this.call(fn);
    } catch (error) {
      this.observed.thrown.push(error);
    }
  }

  mutate(op: Extract<Op, { op: 'mutate' }>): void {
    const inv = this.pick(op.ref) as Record<string, unknown> | undefined;
    if (!inv || Object.isFrozen(inv)) return;
    // Defined rather than assigned: a field may already be a getter from an earlier mutation.
    const define = (key: string, descriptor: PropertyDescriptor) =>
      Object.defineProperty(inv, key, { enumerable: true, configurable: true, ...descriptor });
    switch (op.change) {
      case 'freeze': // e.g. kept in an immutable store between start and stop
        return void Object.freeze(inv);
      case 'nanTokens':
        return void define('outputTokens', { value: Number.NaN, writable: true });
      case 'negativeTokens':
        return void define('inputTokens', { value: -1, writable: true });
      case 'wrongType':
        return void define('responseModel', { value: { model: 'gpt-4o' }, writable: true });
      case 'throwingGetter':
        return void define('responseModel', {
          get() {
            throw new Error('lazy response field failed');
          },
        });
    }
  }

  async run(op: Extract<Op, { op: 'run' }>): Promise<void> {
    const inv = this.fresh(op.kind, op.fields);
    const body = async (outer: Invocation) => {
      // The context run() installed is the one of this start, even if another thread restarts
      // the same object meanwhile: the child's parent is the snapshot of now.
      const runSnapshot = outer.snapshot;
      if (op.child) {
        if (op.body === 'resolve' || op.body === 'reject') await macrotask();
        // Implicit parent: the active context run() installed, across an await.
        const child = this.fresh('tool_call', 'valid');
        this.observeStart(child, runSnapshot, () => this.call(() => this.handler.start(child)));
        this.call(() => this.handler.stop(child));
      }
    };
    let result: unknown;
    this.startWithParent(inv, op.parent, (options) => {
      try {
        result = this.handler.run(
          inv,
          (outer) => {
            if (op.body === 'return' || op.body === 'throw') {
              void body(outer);
              if (op.body === 'throw') throw USER_ERROR;
              return 'value';
            }
            return body(outer).then(() => {
              if (op.body === 'reject') throw USER_ERROR;
              return 'value';
            });
          },
          options,
        );
      } catch (error) {
        if (!isOwnError(error)) this.observed.thrown.push(error);
      }
    });
    try {
      const value = await result;
      if (value !== undefined && value !== 'value')
        this.observed.thrown.push(new Error('run changed the result'));
    } catch (error) {
      if (!isOwnError(error)) this.observed.thrown.push(error);
    }
  }

  async stream(op: Extract<Op, { op: 'stream' }>): Promise<void> {
    const inv = op.ref === null ? this.fresh('llm', 'valid') : this.pick(op.ref);
    if (!inv) return;
    const source = streamSource(op.source, op.chunks) as Iterable<unknown>;
    const onChunk = op.withCallback
      ? () => {
          throw new Error('consumer callback bug');
        }
      : undefined;
    let wrapper: Iterator<unknown> | AsyncIterator<unknown> | undefined;
    this.observeStart(inv, undefined, () => {
      wrapper = this.call(() => this.handler.stream(inv, source, onChunk));
    });
    if (!wrapper) return;
    try {
      for (let i = 0; ; i++) {
        if (op.end === 'break' && i === 1) {
          await wrapper.return?.();
          return;
        }
        if (op.end === 'throwInto' && i === 1) {
          await wrapper.throw?.(USER_ERROR);
          return;
        }
        if (op.end === 'abandon' && i === 1) return;
        const result = await wrapper.next();
        if (result.done) return;
      }
    } catch (error) {
      // The source's own failure (or iterating a non-iterable) reaches the consumer unchanged.
      const own = isOwnError(error) || (error as Error)?.message === 'stream broke';
      if (!own && !(op.source === 'notIterable' && error instanceof TypeError))
        this.observed.thrown.push(error);
    }
  }

  evaluationResults(op: Extract<Op, { op: 'evaluationResults' }>): void {
    const inv = this.pick(op.ref);
    if (!inv) return;
    const results = {
      valid: [{ name: 'external', score: 0.5 }],
      garbage: [{ name: 'external', score: 'high' }, 42],
      jsonCopy: [{ name: 'external', label: 'ok' }],
      single: { name: 'external', score: 1 },
    }[op.results];
    const target = op.results === 'jsonCopy' ? jsonCopy(inv) : inv;
    this.call(() => this.handler.evaluationResults(target as Invocation, results as never));
  }

  async foreign(op: Extract<Op, { op: 'foreign' }>): Promise<void> {
    const original = this.objects.find((o) => o.snapshot);
    const value = foreignValue(op.value, original && jsonCopy(original)) as Invocation;
    const h = this.handler;
    switch (op.call) {
      case 'stop':
        return void this.call(() => h.stop(value));
      case 'fail':
        return void this.call(() => h.fail(value, USER_ERROR));
      case 'contextOf':
        return void this.call(() => h.contextOf(value));
      case 'evaluationResults':
        return this.call(() => h.evaluationResults(value, [{ name: 'x', score: 1 }]));
      case 'start':
        return this.observeForeignStart(value, () => h.start(value));
      case 'run':
        return this.observeForeignStart(value, () => h.run(value, () => 'value'));
    }
  }

  /** A foreign object the handler does accept (a valid kind) is then one of the program's. */
  observeForeignStart(value: Invocation, start: () => void): void {
    if (typeof value !== 'object' || value === null) return void this.call(start);
    this.objects.push(value);
    this.observeStart(value, undefined, () => this.call(start));
  }

  /** Every invocation is stopped once more (ending what is open; a double stop otherwise). */
  drain(): void {
    for (const inv of this.objects) this.call(() => this.handler.stop(inv));
  }
}

function jsonCopy(invocation: Invocation): Invocation | undefined {
  try {
    return JSON.parse(JSON.stringify(invocation)) as Invocation;
  } catch {
    return undefined; // cyclic or BigInt fields: the program has no JSON copy of it
  }
}

/** `overrides` lets a test plant a fault the invariants must catch. */
export async function runProgram(
  program: Program,
  overrides: Partial<TelemetryHandlerOptions> = {},
): Promise<ProgramOutcome> {
  const t = createTestTelemetry();
  const diag = captureDiag();
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);
  try {
    const evaluators = programEvaluators(program.evaluator);
    const handler = new TelemetryHandler({
      ...providers(t),
      ...(program.emitters === 'default' ? {} : { emitters: program.emitters }),
      captureMessageContent: program.captureContent ? 'span_and_event' : 'none',
      ...(evaluators.length
        ? { evaluation: { evaluators, timeoutMs: 1, evaluateFailed: program.evaluateFailed } }
        : {}),
      ...overrides,
    });
    const interpreter = new Interpreter(handler);
    await Promise.all(
      program.threads.map(async (thread) => {
        for (const op of thread) await interpreter.step(op);
      }),
    );
    interpreter.drain();
    await interpreter.settleCall(() => handler.forceFlush());
    // Let rejections nobody handled surface before the listener goes.
    await macrotask();
    await macrotask();
    const observed: Observed = {
      ...interpreter.observed,
      unhandledRejections: unhandled,
      diagMessages: diag.messages.map((m) => m.message),
      stats: handler.stats(),
    };
    const { violations, counts } = await checkInvariants(
      t,
      observed,
      program.emitters !== 'metric_event',
    );
    return {
      violations,
      counts: { ...counts, starts: observed.snapshots.length, ops: interpreter.ops },
    };
  } finally {
    process.off('unhandledRejection', onUnhandled);
    diag.restore();
    await t.shutdown();
  }
}
