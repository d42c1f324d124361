/**
 * `handler.run`: start, run `fn` inside the invocation's context, then stop, or fail and
 * rethrow. A thenable result is observed, never replaced: the caller gets `fn`'s own object, so
 * methods of a richer promise (`openai.chat.completions.create(...).withResponse()`) still work.
 */
import { context } from '@opentelemetry/api';
import type { StartOptions } from '../handler-types.js';
import { thenOf } from '../lifecycle-values.js';
import type { Invocation } from '../types.js';
import type { HandlerCore } from './core.js';

export interface Lifecycle {
  start(invocation: Invocation, options?: StartOptions): unknown;
  stop(invocation: Invocation): unknown;
  fail(invocation: Invocation, error: unknown): unknown;
}

export function runInvocation<T extends Invocation, R>(
  core: HandlerCore,
  lifecycle: Lifecycle,
  invocation: T,
  fn: (invocation: T) => R,
  options: StartOptions | undefined,
): R {
  lifecycle.start(invocation, options);
  let result: R;
  try {
    // A refused start (after shutdown, not an invocation) was reported once already; fn then
    // runs in the caller's context rather than reporting again through contextOf.
    const runContext = core.states.get(invocation)?.context ?? context.active();
    result = context.with(runContext, fn, undefined, invocation);
  } catch (err) {
    lifecycle.fail(invocation, err);
    throw err;
  }
  const then = thenOf(result);
  if (!then) {
    lifecycle.stop(invocation);
    return result;
  }
  try {
    // The reactions are registered before the caller can await, so the invocation has ended
    // by the time the caller's continuation runs. They never rethrow: the caller's own
    // handling of the result decides what a rejection does.
    then.call(
      result,
      () => lifecycle.stop(invocation),
      (err: unknown) => lifecycle.fail(invocation, err),
    );
  } catch (err) {
    lifecycle.fail(invocation, err);
  }
  return result;
}
