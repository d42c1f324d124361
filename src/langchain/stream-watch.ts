/**
 * Noticing that a LangChain stream's consumer stopped. LangChain sends no callback when the
 * consumer `break`s out of `stream()` / `streamEvents()` or aborts it with its `AbortSignal`: the
 * runs the stream started simply never end. `watchLangChainStreams()` (called when the first
 * GenAICallbackHandler is made, which `instrumentLangChain` does too) wraps the `stream` and
 * `streamEvents` methods of @langchain/core's runnables (the base class, which chat models,
 * sequences and LangGraph graphs use, and the classes with a `stream` of their own) so that each
 * call gets a known root `runId` and its returned stream reports when the consumer returns,
 * throws into it, cancels it, or aborts its signal. Listeners (every GenAICallbackHandler) then
 * end that run and its open descendants as cancelled.
 *
 * The listener list is kept on `globalThis`, so the ESM and CommonJS builds (and their copies of
 * @langchain/core, each patched by the build that loaded it) share it.
 */
import { randomUUID } from 'node:crypto';
import {
  Runnable,
  RunnableAssign,
  RunnableBinding,
  RunnableLambda,
  RunnableMap,
  RunnablePick,
} from '@langchain/core/runnables';

/** Why a run ended without its end callback. */
export type CancelReason = 'consumer_stopped' | 'aborted' | 'idle' | 'shutdown';

export interface StreamEndListener {
  streamEnded(rootRunId: string, reason: CancelReason): void;
}

const LISTENERS_KEY = Symbol.for('genai-telemetry.langchain.stream-listeners');
const PATCHED = Symbol.for('genai-telemetry.langchain.stream-patched');
const WATCHED = Symbol('genai-telemetry.langchain.watched');

interface Listeners {
  refs: Set<WeakRef<StreamEndListener>>;
  collected: FinalizationRegistry<WeakRef<StreamEndListener>>;
}

type Slot = { [LISTENERS_KEY]?: Listeners };

function listeners(): Listeners {
  const slot = globalThis as Slot;
  if (!slot[LISTENERS_KEY]) {
    const refs = new Set<WeakRef<StreamEndListener>>();
    slot[LISTENERS_KEY] = { refs, collected: new FinalizationRegistry((ref) => refs.delete(ref)) };
  }
  return slot[LISTENERS_KEY];
}

/** Held weakly: a handler made per request is collected with its runs, its listening with it. */
export function onStreamEnd(listener: StreamEndListener): void {
  const { refs, collected } = listeners();
  const ref = new WeakRef(listener);
  refs.add(ref);
  collected.register(listener, ref);
}

function notify(runId: string, reason: CancelReason): void {
  for (const ref of listeners().refs) {
    try {
      ref.deref()?.streamEnded(runId, reason);
    } catch {
      // A listener is one of our handlers, each guarded; nothing may reach the consumer.
    }
  }
}

interface Options {
  runId?: string;
  signal?: AbortSignal;
}

type Stop = (this: unknown, arg?: unknown) => Promise<unknown>;

interface ConsumerSide {
  return?: Stop;
  throw?: Stop;
  cancel?: Stop;
  next?: () => Promise<IteratorResult<unknown>>;
  [WATCHED]?: true;
}

/** Reports the consumer's stop once; a stream that ran to its end reports nothing. */
function watch<T>(stream: T, runId: string, signal: AbortSignal | undefined): T {
  const side = stream as ConsumerSide;
  if (typeof stream !== 'object' || stream === null || side[WATCHED]) return stream;
  side[WATCHED] = true;
  let open = true;
  const stop = (reason: CancelReason) => {
    if (!open) return;
    open = false;
    signal?.removeEventListener('abort', onAbort);
    notify(runId, reason);
  };
  const onAbort = () => stop('aborted');
  signal?.addEventListener('abort', onAbort, { once: true });
  const next = side.next;
  if (typeof next === 'function')
    side.next = async function (this: unknown) {
      const result = await next.call(this);
      if (result?.done && open) {
        open = false;
        signal?.removeEventListener('abort', onAbort);
      }
      return result;
    };
  for (const method of ['return', 'throw', 'cancel'] as const) {
    const original = side[method];
    if (typeof original !== 'function') continue;
    side[method] = function (this: unknown, arg?: unknown) {
      stop(signal?.aborted ? 'aborted' : 'consumer_stopped');
      return original.call(this, arg);
    };
  }
  return stream;
}

type StreamMethod = (
  this: unknown,
  input: unknown,
  options?: Options,
  ...rest: unknown[]
) => unknown;

function wrap(original: StreamMethod): StreamMethod {
  return function (this: unknown, input, options, ...rest) {
    const runId = options?.runId ?? randomUUID();
    const result = original.call(this, input, { ...options, runId }, ...rest);
    const signal = options?.signal;
    return result instanceof Promise
      ? result.then((stream: unknown) => watch(stream, runId, signal))
      : watch(result, runId, signal);
  };
}

const CLASSES = [
  Runnable,
  RunnableBinding,
  RunnableMap,
  RunnableLambda,
  RunnableAssign,
  RunnablePick,
];

/** Idempotent per copy of @langchain/core. */
export function watchLangChainStreams(): void {
  for (const cls of CLASSES) {
    const proto = cls.prototype as unknown as Record<string | symbol, unknown>;
    if (Object.prototype.hasOwnProperty.call(proto, PATCHED)) continue;
    Object.defineProperty(proto, PATCHED, { value: true });
    for (const name of ['stream', 'streamEvents']) {
      const method = proto[name];
      if (Object.prototype.hasOwnProperty.call(proto, name) && typeof method === 'function')
        proto[name] = wrap(method as StreamMethod);
    }
  }
}
