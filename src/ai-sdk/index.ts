/**
 * `genai-telemetry/ai-sdk`: Vercel AI SDK (v7) calls as GenAI invocations. Needs `ai` (an optional
 * peer dependency), which is why it is a subpath of its own; only its types are imported, so the
 * subpath loads without `ai` being resolvable at run time.
 */
export { GenAITelemetry } from './integration.js';
export type { GenAITelemetryOptions } from './integration.js';
export { AbandonedCallError, DEFAULT_MAX_CALL_AGE_MS, DEFAULT_MAX_CALLS } from './calls.js';
export type { CallLimits, CallStats } from './calls.js';
export { AbortError } from './outcomes.js';
