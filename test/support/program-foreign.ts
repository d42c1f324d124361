/**
 * Program ops that hand the handler what it did not create the usual way: evaluation results
 * from outside the manager (for a started invocation, a JSON copy of one, or garbage), and
 * foreign values (null, numbers, arrays, never-started objects, JSON copies, garbage
 * snapshots) to every call.
 */
import type { Invocation } from '../../src/index.js';
import { foreignValue } from './bad-inputs.js';
import type { Interpreter } from './program-interpreter.js';
import type { Op } from './programs.js';

/** The program's own error: it must reach the program unchanged, and is never a violation. */
export const USER_ERROR = new Error('the application failed');

export function jsonCopy(invocation: Invocation): Invocation | undefined {
  try {
    return JSON.parse(JSON.stringify(invocation)) as Invocation;
  } catch {
    return undefined; // cyclic or BigInt fields: the program has no JSON copy of it
  }
}

export function externalResults(
  interpreter: Interpreter,
  op: Extract<Op, { op: 'evaluationResults' }>,
): void {
  const inv = interpreter.pick(op.ref);
  if (!inv) return;
  const results = {
    valid: [{ name: 'external', score: 0.5 }],
    garbage: [{ name: 'external', score: 'high' }, 42],
    jsonCopy: [{ name: 'external', label: 'ok' }],
    single: { name: 'external', score: 1 },
  }[op.results];
  const target = op.results === 'jsonCopy' ? jsonCopy(inv) : inv;
  interpreter.call(() =>
    interpreter.handler.evaluationResults(target as Invocation, results as never),
  );
}

export function foreignCall(interpreter: Interpreter, op: Extract<Op, { op: 'foreign' }>): void {
  const original = interpreter.objects.find((o) => o.snapshot);
  const value = foreignValue(op.value, original && jsonCopy(original)) as Invocation;
  const h = interpreter.handler;
  switch (op.call) {
    case 'stop':
      return void interpreter.call(() => h.stop(value));
    case 'fail':
      return void interpreter.call(() => h.fail(value, USER_ERROR));
    case 'contextOf':
      return void interpreter.call(() => h.contextOf(value));
    case 'evaluationResults':
      return interpreter.call(() => h.evaluationResults(value, [{ name: 'x', score: 1 }]));
    case 'start':
      return observeForeignStart(interpreter, value, () => h.start(value));
    case 'run':
      return observeForeignStart(interpreter, value, () => h.run(value, () => 'value'));
  }
}

/** A foreign object the handler does accept (a valid kind) is then one of the program's. */
function observeForeignStart(interpreter: Interpreter, value: Invocation, start: () => void) {
  if (typeof value !== 'object' || value === null) return void interpreter.call(start);
  interpreter.objects.push(value);
  interpreter.observeStart(value, undefined, () => interpreter.call(start));
}
