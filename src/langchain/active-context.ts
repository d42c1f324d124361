/**
 * Makes a run's span the active OpenTelemetry span inside the run (a tool's function, a chat
 * model's request, a graph node), so spans created there nest under it.
 *
 * LangChain gives no hook around the code it runs, only callbacks before and after. With
 * `awaitHandlers = true` the start callback runs synchronously inside the run's own async
 * function, just before the run awaits the callback; entering a context there (AsyncLocalStorage
 * `enterWith`, which the OTel ALS context manager exposes as `attach`) is what the run's
 * continuation inherits. `enterWith` changes the whole async resource it runs on, which is the
 * run's own continuation only when something was awaited before the callback. Otherwise (a tool
 * with a JSON-schema schema, `batch()` starting every input's run from one frame, a fan-out whose
 * promises all run on one resource because the storage was never entered before) the context
 * lands in a frame shared with the caller or with sibling runs. So the entered context is a
 * `ScopedContext` that reads as the run's context only inside the run, and as the context the
 * run started from everywhere else:
 * - only while the run is live;
 * - never on the resource it was entered on: the run's own code runs after its await, on a later
 *   resource, so that resource is always the caller's or LangChain's plumbing (with
 *   AsyncContextFrame, Node.js 24's default, there are no resources to tell apart: see FRAMES);
 * - for tools, whose start can be synchronous in the caller's frame, only where LangChain's own
 *   run config names the tool or its parent run (see `inside`);
 * and its outer context is the parent run's (or, for a root run, the caller's with every context
 * of ours removed), never a sibling's: contexts nest as deep as runs do, never across runs.
 *
 * The storage is entered once as soon as a capable context manager is seen (`warmUp`), so a
 * first fan-out does not share one resource; runs that still start on the shared resource are
 * not entered (their parents stay correct). It needs the ALS context manager and a runtime
 * whose `AsyncLocalStorage.run()` leaves an inner `enterWith` of another ALS in place (LangChain
 * wraps every awaited callback in its own ALS `run()`; true of Node.js 20 and 22). A probe per
 * context manager checks both; otherwise parents stay correct, without nesting, said once.
 */
import { AsyncLocalStorage, executionAsyncId, executionAsyncResource } from 'node:async_hooks';
import { context, diag, ROOT_CONTEXT, type Context } from '@opentelemetry/api';
import { AsyncLocalStorageProviderSingleton } from '@langchain/core/singletons';

/**
 * Whether AsyncLocalStorage rides on AsyncContextFrame (Node.js 24's default) rather than on
 * async resources: a context then follows the promises created after it was entered, and there
 * is neither a resource to compare nor one shared resource for a cold start.
 */
const FRAMES =
  Number(process.versions.node.split('.')[0]) >= 24 &&
  ![...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)].includes(
    '--no-async-context-frame',
  );

/** Cleared when the run ends, which turns its ScopedContext back into the outer context. */
export interface RunScope {
  live: boolean;
  readonly enteredOn: object;
  /** For runs whose start may share the caller's frame (tools): read where LangChain names them. */
  readonly guard?: { runId: string; parentRunId: string | undefined };
}

class ScopedContext implements Context {
  constructor(
    readonly inner: Context,
    readonly outer: Context,
    readonly scope: RunScope,
  ) {}
  private current(): Context {
    const { scope } = this;
    if (!scope.live || (!FRAMES && executionAsyncResource() === scope.enteredOn)) return this.outer;
    return !scope.guard || inside(scope.guard) ? this.inner : this.outer;
  }
  getValue(key: symbol): unknown {
    return this.current().getValue(key);
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

/**
 * Whether LangChain's own config says the code runs in the tool: a `tool()` function runs under
 * the tool's run; a tool class's `_call` under the run that called it, its parent (code of the
 * parent after the tool returned also qualifies, but only until the parent ends). Code outside
 * LangChain, such as the caller of a tool it timed out, is never inside.
 */
function inside(guard: { runId: string; parentRunId: string | undefined }): boolean {
  const current = langChainRunId();
  return current !== undefined && (current === guard.runId || current === guard.parentRunId);
}

/** The run LangChain's own async-local config says the code runs in (tools, lambdas). */
function langChainRunId(): string | undefined {
  const callbacks = AsyncLocalStorageProviderSingleton.getRunnableConfig()?.callbacks as
    { getParentRunId?: () => string | undefined } | undefined;
  return typeof callbacks?.getParentRunId === 'function' ? callbacks.getParentRunId() : undefined;
}

type Enter = (ctx: Context) => void;

interface ContextManagerLike {
  attach?: (ctx: Context) => unknown;
  _asyncLocalStorage?: { enterWith?: (ctx: Context) => void };
}

/** Probe results per context manager, so a manager registered later is probed anew. */
let probed = new WeakMap<object, Enter | null>();
let warned = false;

function contextManager(): ContextManagerLike | undefined {
  const api = context as unknown as { _getContextManager?: () => ContextManagerLike };
  return api._getContextManager?.();
}

function findEnter(manager: ContextManagerLike): Enter | null {
  const attach = manager.attach;
  if (typeof attach === 'function') return (ctx) => void attach.call(manager, ctx);
  const als = manager._asyncLocalStorage;
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
  const manager = contextManager();
  if (!manager || typeof manager !== 'object') return null;
  let enter = probed.get(manager);
  if (enter === undefined) {
    const candidate = findEnter(manager);
    enter = candidate && probe(candidate) ? candidate : null;
    probed.set(manager, enter);
  }
  return enter;
}

/**
 * Probes (and so enters) the context manager's storage now, if one is registered: a storage that
 * was never entered runs every promise created before its first entry on one shared resource.
 */
export function warmUp(): void {
  resolveEnter();
}

/**
 * Enters the run's context for the rest of the current run; returns its scope, or undefined when
 * unsupported. `outer` is what the run started from: its parent run's entered context, or for a
 * root run `rootParent()`. `guard` limits the context to where LangChain names the run.
 */
export function enterRun(
  runContext: Context,
  outer: Context,
  guard?: RunScope['guard'],
): { scope: RunScope; context: Context } | undefined {
  const doEnter = resolveEnter();
  if (!doEnter) {
    if (!warned) {
      warned = true;
      diag.warn(
        'genai-telemetry: LangChain run spans cannot be made active inside tools and models here ' +
          '(needs AsyncLocalStorageContextManager, and an AsyncLocalStorage whose run() keeps ' +
          "another storage's enterWith); parents stay correct. " +
          'Use langChainRunContext(runId) with context.with() inside the run instead.',
      );
    }
    return undefined;
  }
  // No async resource is executing: a promise job created before any async hook was enabled
  // (the first fan-out of a process) runs on the one resource everything else shares. Entering
  // there would reach all of it; the probe above has enabled the storage for what comes next.
  if (!FRAMES && executionAsyncId() === 0) return undefined;
  const scope: RunScope = { live: true, enteredOn: executionAsyncResource(), guard };
  const entered = new ScopedContext(runContext, outer, scope);
  doEnter(entered);
  return { scope, context: entered };
}

/**
 * The parent for a root run: the active context, minus contexts this module entered for other
 * runs (a root run is never inside one of ours by LangChain's own accounting: it would have a
 * `parentRunId` then), so a leaked context cannot adopt a sibling request.
 */
export function rootParent(): Context {
  let active = context.active();
  while (active instanceof ScopedContext) active = active.outer;
  return active;
}

/** For tests: forget the probe results after the global context manager changed. */
export function resetActiveContextSupport(): void {
  probed = new WeakMap();
  warned = false;
}
