/**
 * The BullMQ job that carries one evaluation from the application to a worker: the invocation's
 * JSON form (its snapshot correlates the results with the original span), the W3C trace context
 * (so the worker's own spans join the trace), the instrumentation scope, and the names of the
 * evaluators to run. Its id is derived from the snapshot and the evaluator set, so the same
 * evaluation enqueued twice is one job.
 */
import { createHash } from 'node:crypto';
import { propagation } from '@opentelemetry/api';
import { z } from 'zod';
import type { Evaluator } from '../evaluation/evaluator.js';
import type { EvaluationJob } from '../evaluation/target.js';
import { snapshotContext } from '../snapshot.js';
import {
  InvocationKindSchema,
  SpanContextSnapshotSchema,
  type Invocation,
  type SpanContextSnapshot,
} from '../types.js';

export const EVALUATION_JOB_NAME = 'genai-telemetry.evaluate';

/**
 * Only what routing and correlation need is checked: the handler keeps an invocation's invalid
 * fields in lenient mode, and its JSON copy must still be evaluated.
 */
const InvocationCopySchema = z.looseObject({
  kind: InvocationKindSchema,
  snapshot: SpanContextSnapshotSchema,
});

export const EvaluationJobDataSchema = z.object({
  /** Format version, for workers and producers of different releases sharing a queue. */
  v: z.literal(1),
  invocation: InvocationCopySchema,
  /** `traceparent` (and `tracestate`) of the evaluated invocation. */
  trace: z.record(z.string(), z.string()),
  scope: z.object({ name: z.string().min(1), version: z.string().optional() }),
  evaluators: z.array(z.string().min(1)).min(1),
});

export interface EvaluationJobData {
  v: 1;
  invocation: Invocation;
  trace: Record<string, string>;
  scope: { name: string; version?: string };
  evaluators: string[];
}

interface EvaluatorSet {
  readonly names: string[];
  /** Short digest of the sorted names, part of the job id. */
  readonly digest: string;
}

// The manager hands over the same array for every invocation of a kind: digest it once.
const evaluatorSets = new WeakMap<readonly Evaluator[], EvaluatorSet>();

function evaluatorSet(evaluators: readonly Evaluator[]): EvaluatorSet {
  let set = evaluatorSets.get(evaluators);
  if (!set) {
    const names = evaluators.map((e) => e.name);
    const digest = createHash('sha256')
      .update([...new Set(names)].sort().join('\n'))
      .digest('hex')
      .slice(0, 16);
    set = { names, digest };
    evaluatorSets.set(evaluators, set);
  }
  return set;
}

/** `traceId-spanId-digest`: BullMQ job ids may not contain `:` nor be integers. */
export function evaluationJobId(snapshot: SpanContextSnapshot, digest: string): string {
  return `${snapshot.traceId}-${snapshot.spanId}-${digest}`;
}

/** The job's id and data; undefined for an invocation without a snapshot (nothing to attach to). */
export function toJobData(job: EvaluationJob): { id: string; data: EvaluationJobData } | undefined {
  const { snapshot } = job.invocation;
  if (!snapshot) return undefined;
  const { names, digest } = evaluatorSet(job.evaluators);
  const trace: Record<string, string> = {};
  propagation.inject(snapshotContext(snapshot), trace);
  const scope = job.scope.version
    ? { name: job.scope.name, version: job.scope.version }
    : { name: job.scope.name };
  return {
    id: evaluationJobId(snapshot, digest),
    data: { v: 1, invocation: job.invocation, trace, scope, evaluators: names },
  };
}
