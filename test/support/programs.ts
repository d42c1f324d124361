/**
 * Random programs for the reliability properties: threads of lifecycle calls that run
 * concurrently against one handler, with nesting, explicit and implicit parents, and the bad
 * inputs real applications pass (wrong types, huge strings, NaN token counts, cyclic or
 * non-serialisable arguments, unknown kinds, foreign objects, frozen objects, double stops,
 * hostile thrown values, invalid start times, objects started again after their stop, runs
 * that never end in a long flow, evaluators behind a shared message port).
 * Programs are plain data so fast-check can print and shrink them (program-arbitraries.ts
 * generates them, program-interpreter.ts interprets them). References (`ref`) index the
 * invocations created so far, modulo their number.
 */
import type { InvocationKind } from '../../src/index.js';

export const FIELD_VARIANTS = [
  'valid',
  'wrongTypes',
  'hugeString',
  'badTokens',
  'cyclicArguments',
  'nonSerialisable',
  'throwingGetter',
] as const;
export type FieldVariant = (typeof FIELD_VARIANTS)[number];

export const FOREIGN_VALUES = [
  'null',
  'undefined',
  'number',
  'string',
  'array',
  'emptyObject',
  'unknownKind',
  'neverStarted',
  'jsonCopy',
  'garbageSnapshot',
] as const;
export type ForeignValue = (typeof FOREIGN_VALUES)[number];

/** What field failures threw: getters that throw, proxies, values that are no Error at all. */
export const HOSTILE_ERROR_VALUES = [
  'throwingMessage',
  'throwingConstructor',
  'throwingStack',
  'revokedProxy',
  'hostileProxy',
  'number',
  'symbol',
  'nullPrototype',
  'undefined',
] as const;
/** Error text that is content: a tool quoting its input, a parser quoting the model's answer. */
export const CONTENT_ERROR_VALUES = ['quotesContent', 'parserError'] as const;
export const ERROR_VALUES = [
  'error',
  'string',
  'cyclic',
  ...HOSTILE_ERROR_VALUES,
  ...CONTENT_ERROR_VALUES,
] as const;
export type ErrorValue = (typeof ERROR_VALUES)[number];

/**
 * What applications pass as `startTime`: `new Date(resp.created_at)` with the field missing,
 * a failed parse, `performance.now()` or `process.hrtime()`, a clock an hour ahead, and (valid)
 * a time a few seconds ago.
 */
export const START_TIMES = ['invalidDate', 'nan', 'monotonic', 'hrtime', 'future', 'past'] as const;
export type StartTime = 'now' | (typeof START_TIMES)[number];

export type ParentRef =
  | { mode: 'none' }
  /** `{ parent }` option. */
  | { mode: 'explicit'; ref: number }
  /** Started inside `context.with(contextOf(parent))`. */
  | { mode: 'active'; ref: number }
  /** `{ parentContext }` option. */
  | { mode: 'context'; ref: number };

/** What applications do to a running invocation before stopping it. */
export const MUTATIONS = [
  'nanTokens',
  'negativeTokens',
  'wrongType',
  'freeze',
  'throwingGetter',
] as const;
export type Mutation = (typeof MUTATIONS)[number];

export type StreamSource = 'array' | 'asyncGenerator' | 'throwing' | 'notIterable';
export type StreamEnd = 'complete' | 'break' | 'throwInto' | 'abandon';

export type Op =
  | {
      op: 'start';
      kind: InvocationKind | 'bogus';
      typed: boolean;
      fields: FieldVariant;
      parent: ParentRef;
      startTime: StartTime;
    }
  /** The same object started again (stopped or not): results must not follow the object. */
  | { op: 'restart'; ref: number; typed: boolean; startTime: StartTime }
  | { op: 'stop'; ref: number; typed: boolean }
  | { op: 'fail'; ref: number; error: ErrorValue }
  | { op: 'mutate'; ref: number; change: Mutation }
  | {
      op: 'run';
      kind: InvocationKind;
      fields: FieldVariant;
      body: 'return' | 'throw' | 'resolve' | 'reject';
      /** What a throwing or rejecting body throws. */
      error: ErrorValue;
      child: boolean;
      parent: ParentRef;
    }
  /**
   * A queue consumer's loop in one async flow: each job starts a workflow and a tool under it;
   * every `hangEvery`-th tool never ends (started and left, or a `run()` whose body never
   * settles, timed out with `Promise.race`) and the flow moves on.
   */
  | { op: 'flow'; jobs: number; hangEvery: number; hang: 'start' | 'run' }
  | {
      op: 'stream';
      /** null: a fresh invocation started by `stream` itself. */
      ref: number | null;
      source: StreamSource;
      chunks: number;
      end: StreamEnd;
      withCallback: boolean;
    }
  | { op: 'evaluationResults'; ref: number; results: 'valid' | 'garbage' | 'jsonCopy' | 'single' }
  | {
      op: 'foreign';
      call: 'stop' | 'fail' | 'contextOf' | 'evaluationResults' | 'run' | 'start';
      value: ForeignValue;
    }
  | { op: 'yield'; macrotask: boolean }
  | { op: 'shutdown' };

export const EVALUATOR_BEHAVIOURS = [
  'none',
  'valid',
  'throws',
  'garbage',
  'hangs',
  'mixed',
  /** Several `remoteEvaluator`s on one MessagePort, `serveEvaluations` on the other end. */
  'remote',
] as const;
export type EvaluatorBehaviour = (typeof EVALUATOR_BEHAVIOURS)[number];

export interface Program {
  threads: Op[][];
  evaluator: EvaluatorBehaviour;
  emitters: 'default' | 'span' | 'metric_event';
  captureContent: boolean;
  evaluateFailed: boolean;
}
