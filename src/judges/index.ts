/**
 * `genai-telemetry/judges`: evaluators that need optional peer packages. The LLM judge needs
 * `@langchain/core` and `openevals`; the adapters need only the library they adapt. Nothing here
 * is imported by the core entry point.
 */
export { createLlmJudge, registerLlmJudge, MALFORMED_VERDICT } from './llm-judge.js';
export type { LlmJudgeOptions } from './llm-judge.js';
export { BUILTIN_JUDGE_METRICS } from './metrics.js';
export type { BuiltinJudgeMetric, JudgeMetric, RubricMetric } from './metrics.js';
export { fromAutoevals, fromOpenEvals } from './adapters.js';
export type {
  AdapterOptions,
  AutoevalsScore,
  AutoevalsScorer,
  OpenEvalsEvaluator,
  OpenEvalsResult,
} from './adapters.js';
