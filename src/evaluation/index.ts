/** Evaluation: the manager, the evaluator contract and registry, offline built-ins, workers. */
export { DEFAULT_EVALUATED_KINDS } from './evaluator.js';
export type { EvaluateContext, Evaluator } from './evaluator.js';
export { EvaluationManager } from './manager.js';
export type { EvaluationDelivery } from './manager.js';
export type { EvaluationJob, EvaluationScope, EvaluationTarget } from './target.js';
export { EVALUATION_METRICS, ATTR_EVALUATOR_NAME } from './counters.js';
export type { EvaluationStats } from './counters.js';
export { EVALUATION_DEFAULTS, EVALUATION_ENV, EvaluationOptionsSchema } from './options.js';
export type { EvaluationOptions, EvaluationSettings } from './options.js';
export { registerEvaluator, registeredEvaluatorNames } from './registry.js';
export type { EvaluatorFactory } from './registry.js';
export { parseEvaluatorList } from './grammar.js';
export type { EvaluatorReference } from './grammar.js';
export { isSampled, samplingBound } from './sampling.js';
export { EVALUATION_ERROR_TYPES, runEvaluators } from './run.js';
export { inputText, outputText, contextText } from './text.js';
export { jsonOutput } from './builtins/json.js';
export type { JsonOutputOptions } from './builtins/json.js';
export { keywords, lengthBounds, regexMatch } from './builtins/text-checks.js';
export type { KeywordOptions, LengthOptions, RegexOptions } from './builtins/text-checks.js';
export { toolArguments } from './builtins/tool-arguments.js';
export type { CheckOptions } from './builtins/verdict.js';
export {
  EvaluationReplySchema,
  EvaluationRequestSchema,
  remoteEvaluator,
  serveEvaluations,
} from './remote.js';
export type { EvaluationPort, EvaluationReply, EvaluationRequest } from './remote.js';
