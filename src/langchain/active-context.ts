/**
 * Makes a run's span the active OpenTelemetry span inside the run (a tool's function, a chat
 * model's request, a graph node), so spans created there nest under it.
 *
 * LangChain gives no hook around the code it runs, only callbacks before and after. With
 * `awaitHandlers = true` the start callback runs synchronously inside the run's own async
 * function, before it awaits the callback; entering a context there (AsyncLocalStorage
 * `enterWith`, which the OTel ALS context manager exposes as `attach`) is what the run's
 * continuation inherits. Two problems follow, both handled here:
 * - a run that reaches its start callback with no `await` before it (a tool with a JSON-schema
 *   schema) shares the caller's frame, so the entered context leaks into the caller. The entered
 *   context is therefore a `ScopedContext` that reads as the run's context only while the run is
 *   live and as the caller's context afterwards, and root runs unwrap it (see `rootParent`);
 * - it needs the ALS context manager, and a runtime whose `AsyncLocalStorage.run()` leaves an
 *   inner `enterWith` of another ALS in place, since LangChain wraps every awaited callback in
 *   its own ALS `run()` (true of Node.js 20, where it is tested). A one-time probe checks both;
 *   otherwise parents stay correct, without nesting, and `diag` says so once.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { context, diag, ROOT_CONTEXT, type Context } from '@opentelemetry/api';

/** Cleared when the run ends, which turns its ScopedContext back into the caller's context. */
export interface RunScope {
  live: boolean;
}

class ScopedContext implements Context {
  constructor(
    readonly inner: Context,
    readonly outer: Context,
    readonly scope: RunScope,
  ) {}
  getValue(key: symbol): unknown {
    return (this.scope.live ? this.inner : this.outer).getValue(key);
  }
  setValue(key: symbol, value: unknown): Context {
    return new ScopedContext(
      this.inner.setValue(key, value),
      this.outer.setValue(key, value),
      this.scope,
    );
  }
  deleteValue(key: symbol): Context {
    return new ScopedContext(this.inner.deleteValue(key), this.outer.deleteValue(key), this.scope);
  }
}

type Enter = (ctx: Context) => void;

interface ContextManagerLike {
  attach?: (ctx: Context) => unknown;
  _asyncLocalStorage?: { enterWith?: (ctx: Context) => void };
}

let enter: Enter | null | undefined;

function contextManager(): ContextManagerLike | undefined {
  const api = context as unknown as { _getContextManager?: () => ContextManagerLike };
  return api._getContextManager?.();
}

function findEnter(): Enter | null {
  const manager = contextManager();
  const attach = manager?.attach;
  if (typeof attach === 'function') return (ctx) => void attach.call(manager, ctx);
  const als = manager?._asyncLocalStorage;
  if (typeof als?.enterWith === 'function') return (ctx) => als.enterWith!(ctx);
  return null;
}

/** Whether an enter inside another ALS's `run()` survives it, as LangChain's callbacks need. */
function probe(candidate: Enter): boolean {
  const before = context.active();
  const marker = ROOT_CONTEXT.setValue(Symbol('genai-telemetry.probe'), true);
  // A store of its own, so run() really enters and restores instead of short-cutting.
  new AsyncLocalStorage<object>().run({}, () => candidate(marker));
  const survived = context.active() === marker;
  candidate(before);
  return survived;
}

function resolveEnter(): Enter | null {
  if (enter !== undefined) return enter;
  const candidate = findEnter();
  enter = candidate && probe(candidate) ? candidate : null;
  if (!enter)
    diag.warn(
      'genai-telemetry: LangChain run spans cannot be made active inside tools and models here ' +
        '(needs AsyncLocalStorageContextManager, and an AsyncLocalStorage whose run() keeps ' +
        "another storage's enterWith); parents stay correct. " +
        'Use langChainRunContext(runId) with context.with() inside the run instead.',
    );
  return enter;
}

/** Enters `runContext` for the rest of the current run; returns its scope, or undefined when unsupported. */
export function enterRun(runContext: Context): RunScope | undefined {
  const doEnter = resolveEnter();
  if (!doEnter) return undefined;
  const scope: RunScope = { live: true };
  doEnter(new ScopedContext(runContext, withoutEnded(context.active()), scope));
  return scope;
}

/**
 * Contexts entered for runs that have ended read as their outer context anyway; dropping them
 * keeps a frame that enters run after run (a loop over JSON-schema tools) from building an
 * ever longer chain that every lookup walks and that keeps every ended span reachable.
 */
function withoutEnded(active: Context): Context {
  while (active instanceof ScopedContext && !active.scope.live) active = active.outer;
  return active;
}

/**
 * The parent for a root run: the active context, minus contexts this module entered for other
 * runs (a root run is never inside one of ours by LangChain's own accounting: it would have a
 * `parentRunId` then), so a leaked tool context cannot adopt a sibling request.
 */
export function rootParent(): Context {
  let active = context.active();
  while (active instanceof ScopedContext) active = active.outer;
  return active;
}

/** For tests: forget the probe result after the global context manager changed. */
export function resetActiveContextSupport(): void {
  enter = undefined;
}
