/**
 * `genai-telemetry/bullmq`: evaluation on worker processes, fed by a durable BullMQ queue on
 * Redis. The application hands the jobs its evaluation manager accepted to
 * `bullmqEvaluationTarget()` (`evaluation: { evaluators, target }`); `startEvaluationWorker()`
 * runs them anywhere that reaches the same Redis, and its results attach to the original spans.
 * Needs `bullmq` and `ioredis` (optional peers).
 */
export { BULLMQ_DEFAULTS, BULLMQ_ENV } from './config.js';
export type { QueueLocation } from './config.js';
export { bullmqEvaluationTarget, TARGET_DEFAULTS } from './producer.js';
export type { BullmqEvaluationTarget, BullmqTargetOptions } from './producer.js';
export { ATTR_DROP_REASON, DROP_REASONS, ENQUEUE_METRICS } from './enqueue-counters.js';
export type { DropReason, EnqueueStats } from './enqueue-counters.js';
export { EVALUATION_JOB_NAME, EvaluationJobDataSchema, evaluationJobId } from './job.js';
export type { EvaluationJobData } from './job.js';
export { JobReturnSchema } from './results-feed.js';
export type { JobReturn } from './results-feed.js';
export { startEvaluationWorker } from './worker.js';
export { NOT_EVALUATED_HERE, workerEvaluator } from './worker-evaluator.js';
export type { EvaluationWorker, EvaluationWorkerOptions, EvaluationWorkerStats } from './worker.js';
