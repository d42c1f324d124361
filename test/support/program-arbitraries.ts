/**
 * fast-check arbitraries for the program vocabulary of programs.ts: the op arbitraries,
 * parameterised so a focused property (program-focus.ts) can ask for more of one kind of
 * trouble, and the mixed program arbitrary the main property runs.
 */
import fc from 'fast-check';
import { INVOCATION_KINDS } from '../../src/index.js';
import {
  ERROR_VALUES,
  EVALUATOR_BEHAVIOURS,
  FIELD_VARIANTS,
  FOREIGN_VALUES,
  MUTATIONS,
  START_TIMES,
  type ErrorValue,
  type FieldVariant,
  type Op,
  type ParentRef,
  type Program,
  type StartTime,
} from './programs.js';

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

/** `now` against one of START_TIMES, by weight. */
export const startTimes = (nowWeight: number, badWeight: number): fc.Arbitrary<StartTime> =>
  fc.oneof(
    { weight: nowWeight, arbitrary: fc.constant<StartTime>('now') },
    { weight: badWeight, arbitrary: fc.constantFrom<StartTime>(...START_TIMES) },
  );

/** The op arbitraries, parameterised by what a focused property wants more of (program-focus.ts). */
export const opArbitraries = {
  start: (startTime: fc.Arbitrary<StartTime>) =>
    fc.record({
      op: fc.constant('start' as const),
      kind: fc.oneof({ weight: 12, arbitrary: kind }, fc.constant('bogus' as const)),
      typed: fc.boolean(),
      fields,
      parent,
      startTime,
    }),
  restart: (startTime: fc.Arbitrary<StartTime>) =>
    fc.record({ op: fc.constant('restart' as const), ref, typed: fc.boolean(), startTime }),
  stop: () => fc.record({ op: fc.constant('stop' as const), ref, typed: fc.boolean() }),
  fail: (errors: readonly ErrorValue[]) =>
    fc.record({ op: fc.constant('fail' as const), ref, error: fc.constantFrom(...errors) }),
  mutate: () =>
    fc.record({
      op: fc.constant('mutate' as const),
      ref,
      change: fc.constantFrom(...MUTATIONS),
    }),
  run: (errors: readonly ErrorValue[]) =>
    fc.record({
      op: fc.constant('run' as const),
      kind,
      fields,
      body: fc.constantFrom(
        'return' as const,
        'throw' as const,
        'resolve' as const,
        'reject' as const,
      ),
      error: fc.constantFrom(...errors),
      child: fc.boolean(),
      parent,
    }),
  flow: (maxJobs: number) =>
    fc.record({
      op: fc.constant('flow' as const),
      jobs: fc.integer({ min: 2, max: maxJobs }),
      hangEvery: fc.integer({ min: 1, max: 4 }),
      hang: fc.constantFrom('start' as const, 'run' as const),
    }),
  stream: () =>
    fc.record({
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
  evaluationResults: () =>
    fc.record({
      op: fc.constant('evaluationResults' as const),
      ref,
      results: fc.constantFrom(
        'valid' as const,
        'garbage' as const,
        'jsonCopy' as const,
        'single' as const,
      ),
    }),
  foreign: () =>
    fc.record({
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
  yield: () => fc.record({ op: fc.constant('yield' as const), macrotask: fc.boolean() }),
  shutdown: () => fc.constant({ op: 'shutdown' as const }),
};

const startTime = startTimes(6, 1);
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: opArbitraries.start(startTime) },
  { weight: 2, arbitrary: opArbitraries.restart(startTime) },
  { weight: 5, arbitrary: opArbitraries.stop() },
  { weight: 2, arbitrary: opArbitraries.fail(ERROR_VALUES) },
  { weight: 1, arbitrary: opArbitraries.mutate() },
  { weight: 3, arbitrary: opArbitraries.run(ERROR_VALUES) },
  { weight: 1, arbitrary: opArbitraries.flow(8) },
  { weight: 3, arbitrary: opArbitraries.stream() },
  { weight: 2, arbitrary: opArbitraries.evaluationResults() },
  { weight: 2, arbitrary: opArbitraries.foreign() },
  { weight: 3, arbitrary: opArbitraries.yield() },
  { weight: 1, arbitrary: opArbitraries.shutdown() },
);

type ProgramChoices = { [K in keyof Omit<Program, 'threads'>]: fc.Arbitrary<Program[K]> };

/** A program of up to 3 threads of up to `maxOps` ops; `choices` narrows program-wide ones. */
export function programOf(
  ops: fc.Arbitrary<Op>,
  choices: Partial<ProgramChoices> = {},
  maxOps = 12,
): fc.Arbitrary<Program> {
  return fc.record({
    threads: fc.array(fc.array(ops, { maxLength: maxOps }), { minLength: 1, maxLength: 3 }),
    evaluator: fc.constantFrom(...EVALUATOR_BEHAVIOURS),
    emitters: fc.constantFrom('default' as const, 'span' as const, 'metric_event' as const),
    captureContent: fc.boolean(),
    evaluateFailed: fc.boolean(),
    ...choices,
  });
}

export const programArbitrary: fc.Arbitrary<Program> = programOf(op);
