/**
 * instrumentLangChain(): one GenAICallbackHandler for every LangChain run in the process, added
 * by @langchain/core's configure hooks. The hook and the handler live in LangChain's
 * async-local storage, so they cover runs started after the call in the same async flow and in
 * flows created from it: call it at start-up, before servers, queues and timers are created.
 *
 * The registration is kept on `globalThis`, so the ESM and CommonJS builds share it and a second
 * call is a no-op. Undo clears the handler in the current flow and disables it everywhere else
 * (flows created meanwhile still hold it): it then traces no new run, and runs already in flight
 * still end.
 */
import { diag, type Context } from '@opentelemetry/api';
import { registerConfigureHook, setContextVariable } from '@langchain/core/context';
import { GenAICallbackHandler, type GenAICallbackHandlerOptions } from './callback-handler.js';

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
  const existing = slot[GLOBAL_KEY];
  if (existing) {
    if (options)
      diag.warn(
        'genai-telemetry: LangChain is already instrumented; options passed to instrumentLangChain are ignored',
      );
    return existing.undo;
  }
  const handler = new GenAICallbackHandler(options);
  const registration: Registration = {
    handler,
    undo: () => {
      if (slot[GLOBAL_KEY] !== registration) return;
      handler.enabled = false;
      delete slot[GLOBAL_KEY];
      setContextVariable(CONTEXT_VARIABLE, undefined);
    },
  };
  // Registered on every activation: after an undo, this flow may not be the one that holds the
  // earlier hook. A repeated hook is harmless: LangChain adds a handler name only once.
  registerConfigureHook({ contextVar: CONTEXT_VARIABLE, inheritable: true });
  setContextVariable(CONTEXT_VARIABLE, handler);
  slot[GLOBAL_KEY] = registration;
  return registration.undo;
}

/**
 * The OTel context of a live run traced by `instrumentLangChain`, for code that must create
 * spans under it where the run's span cannot be made active (see the README's limitations).
 */
export function langChainRunContext(runId: string): Context | undefined {
  return (globalThis as GlobalSlot)[GLOBAL_KEY]?.handler.contextOfRun(runId);
}
