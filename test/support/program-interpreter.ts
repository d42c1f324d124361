/**
 * The interpreter of random programs (programs.ts): each op becomes handler calls, and what the
 * program can know while running is recorded for the invariants: every snapshot a start
 * produced, the parent each start must have (explicit, active, or none: then whatever span was
 * active, never a run that merely has not ended), and errors that reached the program from
 * telemetry. Errors the program raises itself (a run body that throws, a stream source that
 * breaks) are expected to come back unchanged.
 */
import { context, type Context } from '@opentelemetry/api';
import {
  type Invocation,
  type InvocationKind,
  type StartOptions,
  type TelemetryHandler,
} from '../../src/index.js';
import { invocationFields, streamSource, thrownValue } from './bad-inputs.js';
import { quotedContent } from './program-content.js';
import { activeSpanId, macrotask, runFlow } from './program-flow.js';
import { externalResults, foreignCall, USER_ERROR } from './program-foreign.js';
import type { Observed } from './program-invariants.js';
import { startTimeValue } from './program-times.js';
import type { Op, ParentRef, StartTime } from './programs.js';

/** The program's own error: it must reach the program unchanged, and is never a violation. */
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

const withStartTime = (options: StartOptions | undefined, time: StartTime) =>
  time === 'now' ? options : { ...options, startTime: startTimeValue(time) as number };

export class Interpreter {
  readonly objects: Invocation[] = [];
  readonly observed: Omit<Observed, 'stats' | 'diagMessages'> = {
    snapshots: [],
    parentLinks: [],
    thrown: [],
    unhandledRejections: [],
    noticed: [],
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

  /**
   * Runs `start`, and records the snapshot (and the parent it must have: a span id, null for
   * none, undefined when the program cannot tell) when a start happened.
   */
  observeStart(
    invocation: Invocation,
    parentSpanId: string | null | undefined,
    start: () => void,
  ): void {
    const before = invocation.snapshot;
    start();
    const after = invocation.snapshot;
    if (!after || after === before) return;
    this.observed.snapshots.push(after);
    if (parentSpanId !== undefined) this.observed.parentLinks.push({ child: after, parentSpanId });
  }

  startWithParent(invocation: Invocation, parentRef: ParentRef, start: (o?: StartOptions) => void) {
    const parent = parentRef.mode === 'none' ? undefined : this.pick(parentRef.ref);
    if (parentRef.mode === 'none') return this.observeStart(invocation, activeSpanId(), start);
    if (!parent || parent === invocation) return this.observeStart(invocation, undefined, start);
    const expected = parent.snapshot?.spanId;
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
        return this.startWithParent(inv, op.parent, (options) =>
          this.start(inv, op.typed, withStartTime(options, op.startTime)),
        );
      }
      case 'restart': {
        const inv = this.pick(op.ref);
        if (!inv) return;
        return this.observeStart(inv, activeSpanId(), () =>
          this.start(inv, op.typed, withStartTime(undefined, op.startTime)),
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
        if (inv) this.call(() => h.fail(inv, thrownValue(op.error, quotedContent(inv))));
        return;
      }
      case 'flow':
        return runFlow(this, op);
      case 'mutate':
        return this.mutate(op);
      case 'run':
        return this.run(op);
      case 'stream':
        return this.stream(op);
      case 'evaluationResults':
        return externalResults(this, op);
      case 'foreign':
        return foreignCall(this, op);
      case 'yield':
        return op.macrotask ? macrotask() : Promise.resolve();
      case 'shutdown':
        await this.settleCall(() => h.shutdown());
        return;
    }
  }

  start(inv: Invocation, typedCall: boolean, options: StartOptions | undefined): void {
    const typed = typedCall && inv.kind in TYPED ? TYPED[inv.kind] : undefined;
    const h = this.handler;
    this.call(() => (typed ? h[`start${typed}`](inv as never, options) : h.start(inv, options)));
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
    // The program's own failure: it must come back unchanged, whatever it is.
    const failure = thrownValue(op.error, quotedContent(inv));
    const isOwn = (error: unknown) => error === failure;
    const body = async (outer: Invocation) => {
      // The context run() installed is the one of this start, even if another thread restarts
      // the same object meanwhile: the child's parent is the snapshot of now.
      const runSnapshot = outer.snapshot;
      if (op.child) {
        if (op.body === 'resolve' || op.body === 'reject') await macrotask();
        // Implicit parent: the active context run() installed, across an await.
        const child = this.fresh('tool_call', 'valid');
        this.observeStart(child, runSnapshot?.spanId, () =>
          this.call(() => this.handler.start(child)),
        );
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
              if (op.body === 'throw') throw failure;
              return 'value';
            }
            return body(outer).then(() => {
              if (op.body === 'reject') throw failure;
              return 'value';
            });
          },
          options,
        );
      } catch (error) {
        if (!isOwn(error)) this.observed.thrown.push(error);
      }
    });
    try {
      const value = await result;
      if (value !== undefined && value !== 'value')
        this.observed.thrown.push(new Error('run changed the result'));
    } catch (error) {
      if (!isOwn(error)) this.observed.thrown.push(error);
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
    this.observeStart(inv, activeSpanId(), () => {
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

  /** Every invocation is stopped once more (ending what is open; a double stop otherwise). */
  drain(): void {
    for (const inv of this.objects) this.call(() => this.handler.stop(inv));
  }
}
