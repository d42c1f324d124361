/**
 * Random programs for the reliability properties: threads of lifecycle calls that run
 * concurrently against one handler, with nesting, explicit and implicit parents, and the bad
 * inputs real applications pass (wrong types, huge strings, NaN token counts, cyclic or
 * non-serialisable arguments, unknown kinds, foreign objects, frozen objects, double stops).
 * Programs are plain data so fast-check can print and shrink them; program-runner.ts interprets
 * them. References (`ref`) index the invocations created so far, modulo their number.
 */
import fc from 'fast-check';
import { INVOCATION_KINDS, type InvocationKind } from '../../src/index.js';

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

export const ERROR_VALUES = ['error', 'string', 'undefined', 'nullPrototype', 'cyclic'] as const;
export type ErrorValue = (typeof ERROR_VALUES)[number];

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
    }
  | { op: 'stop'; ref: number; typed: boolean }
  | { op: 'fail'; ref: number; error: ErrorValue }
  | { op: 'mutate'; ref: number; change: Mutation }
  | {
      op: 'run';
      kind: InvocationKind;
      fields: FieldVariant;
      body: 'return' | 'throw' | 'resolve' | 'reject';
      child: boolean;
      parent: ParentRef;
    }
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

export type EvaluatorBehaviour = 'none' | 'valid' | 'throws' | 'garbage' | 'hangs' | 'mixed';

export interface Program {
  threads: Op[][];
  evaluator: EvaluatorBehaviour;
  emitters: 'default' | 'span' | 'metric_event';
  captureContent: boolean;
  evaluateFailed: boolean;
}

const ref = fc.nat({ max: 31 });
const kind = fc.constantFrom(...INVOCATION_KINDS);
const fields = fc.oneof(
  { weight: 4, arbitrary: fc.constant<FieldVariant>('valid') },
  { weight: 3, arbitrary: fc.constantFrom(...FIELD_VARIANTS) },
);
const parent: fc.Arbitrary<ParentRef> = fc.oneof(
  fc.constant({ mode: 'none' as const }),
  fc.record({
    mode: fc.constantFrom('explicit' as const, 'active' as const, 'context' as const),
    ref,
  }),
);

const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      op: fc.constant('start' as const),
      kind: fc.oneof({ weight: 12, arbitrary: kind }, fc.constant('bogus' as const)),
      typed: fc.boolean(),
      fields,
      parent,
    }),
  },
  {
    weight: 5,
    arbitrary: fc.record({ op: fc.constant('stop' as const), ref, typed: fc.boolean() }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('fail' as const),
      ref,
      error: fc.constantFrom(...ERROR_VALUES),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('mutate' as const),
      ref,
      change: fc.constantFrom(...MUTATIONS),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant('run' as const),
      kind,
      fields,
      body: fc.constantFrom(
        'return' as const,
        'throw' as const,
        'resolve' as const,
        'reject' as const,
      ),
      child: fc.boolean(),
      parent,
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant('stream' as const),
      ref: fc.option(ref),
      source: fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom('array' as const, 'asyncGenerator' as const) },
        fc.constantFrom('throwing' as const, 'notIterable' as const),
      ),
      chunks: fc.nat({ max: 4 }),
      end: fc.constantFrom(
        'complete' as const,
        'break' as const,
        'throwInto' as const,
        'abandon' as const,
      ),
      withCallback: fc.boolean(),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('evaluationResults' as const),
      ref,
      results: fc.constantFrom(
        'valid' as const,
        'garbage' as const,
        'jsonCopy' as const,
        'single' as const,
      ),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('foreign' as const),
      call: fc.constantFrom(
        'stop' as const,
        'fail' as const,
        'contextOf' as const,
        'evaluationResults' as const,
        'run' as const,
        'start' as const,
      ),
      value: fc.constantFrom(...FOREIGN_VALUES),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ op: fc.constant('yield' as const), macrotask: fc.boolean() }),
  },
  { weight: 1, arbitrary: fc.constant({ op: 'shutdown' as const }) },
);

export const programArbitrary: fc.Arbitrary<Program> = fc.record({
  threads: fc.array(fc.array(op, { maxLength: 12 }), { minLength: 1, maxLength: 3 }),
  evaluator: fc.constantFrom<EvaluatorBehaviour>(
    'none',
    'valid',
    'throws',
    'garbage',
    'hangs',
    'mixed',
  ),
  emitters: fc.constantFrom('default' as const, 'span' as const, 'metric_event' as const),
  captureContent: fc.boolean(),
  evaluateFailed: fc.boolean(),
});
