/**
 * instrumentLangChain(): one GenAICallbackHandler for every LangChain run in the process, added
 * by @langchain/core's configure hooks. The hook and the handler live in LangChain's
 * async-local storage, so they cover runs started after the call in the same async flow and in
 * flows created from it: call it at start-up, before servers, queues and timers are created.
 *
 * The registration is kept on `globalThis`, so the ESM and CommonJS builds share one handler and
 * one undo. The handler itself is a context variable, which both module systems' copies of
 * @langchain/core share; the hook list is private to each copy, so an application whose LangChain
 * code runs in both module systems calls this once from each (the calls share the registration).
 * Undo clears the handler in the current flow and disables it everywhere else (flows created
 * meanwhile still hold it): it then traces no new run, and runs already in flight still end.
 * The handler outlives the undo: instrumenting again enables that same handler (with the new
 * call's options), so flows created before, which still hold it, are traced again.
 */
import { diag, type Context } from '@opentelemetry/api';
import { CallbackManager } from '@langchain/core/callbacks/manager';
import { registerConfigureHook, setContextVariable } from '@langchain/core/context';
import { GenAICallbackHandler, type GenAICallbackHandlerOptions } from './callback-handler.js';

const CONTEXT_VARIABLE = 'genai_telemetry_callback_handler';
const GLOBAL_KEY = Symbol.for('genai-telemetry.langchain.instrumentation');

interface Registration {
  /** One per process, kept across undo: flows created earlier hold it in their context. */
  handler: GenAICallbackHandler;
  /** The undo of the registration in force; undefined while undone. */
  undo: (() => void) | undefined;
}

type GlobalSlot = { [GLOBAL_KEY]?: Registration };

export type InstrumentLangChainOptions = GenAICallbackHandlerOptions;

export function instrumentLangChain(options?: InstrumentLangChainOptions): () => void {
  const slot = globalThis as GlobalSlot;
  const registration = (slot[GLOBAL_KEY] ??= {
    handler: new GenAICallbackHandler(options),
    undo: undefined,
  });
  const { handler } = registration;
  if (registration.undo) {
    if (options)
      diag.warn(
        'genai-telemetry: LangChain is already instrumented; options passed to instrumentLangChain are ignored',
      );
  } else {
    // Instrumented again after an undo: the same handler, enabled, with this call's options.
    if (!handler.enabled) handler.reconfigure(options ?? {});
    handler.enabled = true;
    const undo = () => {
      if (registration.undo !== undo) return;
      registration.undo = undefined;
      handler.enabled = false;
      setContextVariable(CONTEXT_VARIABLE, undefined);
    };
    registration.undo = undo;
  }
  setContextVariable(CONTEXT_VARIABLE, handler);
  // Hooks accumulate per flow and per copy of @langchain/core; add ours only where this copy's
  // configure does not already pick the handler up, so repeated calls do not grow the list.
  if (!hooked(handler)) registerConfigureHook({ contextVar: CONTEXT_VARIABLE, inheritable: true });
  return registration.undo!;
}

function hooked(handler: GenAICallbackHandler): boolean {
  return CallbackManager.configure(undefined, undefined)?.handlers.includes(handler) ?? false;
}

/**
 * The OTel context of a live run traced by `instrumentLangChain`, for code that must create
 * spans under it where the run's span cannot be made active (see the README's limitations).
 */
export function langChainRunContext(runId: string): Context | undefined {
  const registration = (globalThis as GlobalSlot)[GLOBAL_KEY];
  return registration?.undo ? registration.handler.contextOfRun(runId) : undefined;
}
