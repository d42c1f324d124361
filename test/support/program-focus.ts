/**
 * Focused programs: the mixed property meets each kind of field failure only now and then, so
 * each of these asks for much more of one, with the ops it needs around it (issue 9's classes:
 * hostile thrown values, invalid start times, object reuse with evaluation, remote evaluators
 * on one port, hung runs in a long flow, content in error text with capture off). Same runner,
 * same invariants. Each keeps the others' troubles out (start times are now, content is
 * captured, but where they are the focus), so a failure names its class.
 */
import fc from 'fast-check';
import { opArbitraries as ops, programOf, startTimes } from './program-arbitraries.js';
import {
  CONTENT_ERROR_VALUES,
  HOSTILE_ERROR_VALUES,
  type ErrorValue,
  type Op,
  type Program,
} from './programs.js';

const QUOTING: readonly ErrorValue[] = [...CONTENT_ERROR_VALUES, 'error'];

const now = fc.constant('now' as const);
const captured = { captureContent: fc.constant(true) };
/** In-process evaluators: remote ones are a focus of their own. */
const inProcess = fc.constantFrom(
  'none' as const,
  'valid' as const,
  'throws' as const,
  'mixed' as const,
);
const oneOf = (...weighted: Array<[number, fc.Arbitrary<Op>]>) =>
  fc.oneof(...weighted.map(([weight, arbitrary]) => ({ weight, arbitrary })));

export const FOCUSED_PROGRAMS: Record<string, fc.Arbitrary<Program>> = {
  'hostile thrown values': programOf(
    oneOf(
      [4, ops.start(now)],
      [4, ops.fail(HOSTILE_ERROR_VALUES)],
      [3, ops.run(HOSTILE_ERROR_VALUES)],
      [2, ops.stop()],
      [1, ops.yield()],
    ),
    { ...captured, evaluator: inProcess },
  ),
  'invalid and implausible start times': programOf(
    oneOf(
      [5, ops.start(startTimes(1, 3))],
      [2, ops.restart(startTimes(1, 3))],
      [4, ops.stop()],
      [1, ops.fail(['error'])],
      [1, ops.yield()],
    ),
    { ...captured, evaluator: fc.constant('none' as const) },
  ),
  'object reuse with evaluation': programOf(
    oneOf(
      [3, ops.start(now)],
      [4, ops.restart(now)],
      [4, ops.stop()],
      [1, ops.fail(['error'])],
      [1, ops.stream()],
      [2, ops.yield()],
    ),
    { ...captured, evaluator: fc.constantFrom('valid' as const, 'mixed' as const) },
  ),
  'several remote evaluators on one port': programOf(
    oneOf([4, ops.start(now)], [4, ops.stop()], [1, ops.run(['error'])], [2, ops.yield()]),
    { ...captured, evaluator: fc.constant('remote' as const) },
  ),
  'hung runs in a long flow': programOf(
    oneOf([3, ops.flow(30)], [2, ops.start(now)], [1, ops.stop()], [1, ops.yield()]),
    { ...captured, evaluator: inProcess },
    4,
  ),
  'content with capture off': programOf(
    oneOf(
      [4, ops.start(now)],
      [4, ops.fail(QUOTING)],
      [2, ops.run(QUOTING)],
      [2, ops.stop()],
      [1, ops.mutate()],
      [1, ops.stream()],
    ),
    {
      captureContent: fc.constant(false),
      evaluator: fc.constantFrom('none' as const, 'throws' as const, 'mixed' as const),
    },
  ),
};
