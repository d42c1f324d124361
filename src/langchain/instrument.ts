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
 */
import { diag, type Context } from '@opentelemetry/api';
import { CallbackManager } from '@langchain/core/callbacks/manager';
import { registerConfigureHook, setContextVariable } from '@langchain/core/context';
import { GenAICallbackHandler, type GenAICallbackHandlerOptions } from './callback-handler.js';
import { watchLangChainStreams } from './stream-watch.js';

const CONTEXT_VARIABLE = 'genai_telemetry_callback_handler';
const GLOBAL_KEY = Symbol.for('genai-telemetry.langchain.instrumentation');

interface Registration {
  handler: GenAICallbackHandler;
  undo: () => void;
}

type GlobalSlot = { [GLOBAL_KEY]?: Registration };

export type InstrumentLangChainOptions = GenAICallbackHandlerOptions;

export function instrumentLangChain(options?: InstrumentLangChainOptions): () => void {
  const slot = globalThis as GlobalSlot;
  watchLangChainStreams();
  let registration = slot[GLOBAL_KEY];
  if (registration && options)
    diag.warn(
      'genai-telemetry: LangChain is already instrumented; options passed to instrumentLangChain are ignored',
    );
  if (!registration) {
    const handler = new GenAICallbackHandler(options);
    const created: Registration = {
      handler,
      undo: () => {
        if (slot[GLOBAL_KEY] !== created) return;
        handler.enabled = false;
        delete slot[GLOBAL_KEY];
        setContextVariable(CONTEXT_VARIABLE, undefined);
      },
    };
    registration = slot[GLOBAL_KEY] = created;
  }
  setContextVariable(CONTEXT_VARIABLE, registration.handler);
  // Hooks accumulate per flow and per copy of @langchain/core; add ours only where this copy's
  // configure does not already pick the handler up, so repeated calls do not grow the list.
  if (!hooked(registration.handler))
    registerConfigureHook({ contextVar: CONTEXT_VARIABLE, inheritable: true });
  return registration.undo;
}

function hooked(handler: GenAICallbackHandler): boolean {
  return CallbackManager.configure(undefined, undefined)?.handlers.includes(handler) ?? false;
}

/**
 * The OTel context of a live run traced by `instrumentLangChain`, for code that must create
 * spans under it where the run's span cannot be made active (see the README's limitations).
 */
export function langChainRunContext(runId: string): Context | undefined {
  return (globalThis as GlobalSlot)[GLOBAL_KEY]?.handler.contextOfRun(runId);
}
