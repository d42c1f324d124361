/**
 * `genai-telemetry/schemas`: the zod schemas the library validates with, the single source of
 * its runtime checks and of the types the root entry exports.
 */
export * from './types.js';
export { TelemetryHandlerOptionsSchema } from './config.js';
export { EvaluationOptionsSchema } from './evaluation/options.js';
