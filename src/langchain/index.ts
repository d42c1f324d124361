/**
 * `genai-telemetry/langchain`: LangChain.js runs as GenAI invocations. Needs @langchain/core
 * (an optional peer dependency), which is why it is a subpath of its own.
 */
export { GenAICallbackHandler } from './callback-handler.js';
export type { GenAICallbackHandlerOptions } from './callback-handler.js';
export { DEFAULT_HELD_RUN_IDLE_MS } from './held-runs.js';
export { instrumentLangChain, langChainRunContext } from './instrument.js';
export type { InstrumentLangChainOptions } from './instrument.js';
export { LangChainInstrumentation } from './instrumentation.js';
export { tracedCheckpointer } from './pause-resume.js';
export type { LangChainInstrumentationConfig } from './instrumentation.js';
export {
  AbandonedRunError,
  DEFAULT_MAX_RUN_AGE_MS,
  DEFAULT_MAX_RUN_BYTES,
  DEFAULT_MAX_RUNS,
} from './runs.js';
export type { RunLimits, RunStats } from './runs.js';
