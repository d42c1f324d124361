/**
 * Ending an invocation (stop or fail): validation of what changed, the handler's data written,
 * the emitters in close order under the scope it started in, then the completion subscribers.
 * Whatever was thrown (a revoked proxy, throwing getters), the state is dropped and counted
 * before anything reads the error, so `inFlight` never counts an ended invocation.
 */
import { diag } from '@opentelemetry/api';
import { recordableErrorText } from '../error-text.js';
import { errorType } from '../errors.js';
import { InvocationStateError } from '../errors.js';
import { isInvocation, now } from '../lifecycle-values.js';
import type { LiveInvocationState } from '../state.js';
import type { Invocation, InvocationError } from '../types.js';
import type { HandlerCore } from './core.js';
import { viewOf } from './view.js';

export function endInvocation(
  core: HandlerCore,
  invocation: Invocation,
  failed: boolean,
  error: unknown,
): void {
  const state = core.states.get(invocation);
  if (!state) return reportUnknownEnd(core, invocation, failed);
  const { scope, record } = state;
  // Validated before the state is dropped: a strict-mode error leaves the invocation running,
  // so a corrected stop still ends its span.
  const validView = viewOf(core, scope, record, failed ? 'fail' : 'stop', state.validatedFields);
  core.states.delete(invocation);
  if (failed) core.counts.failed++;
  else core.counts.stopped++;
  const errorInfo = failed ? describeFailure(error, record, state) : undefined;
  const view = recordEnding(record, validView, now(), errorInfo);
  if (failed) scope.composite.onError(view, error, state);
  else scope.composite.onEnd(view, state);
  core.subscribers.notifyCompletion(
    record,
    failed ? { error, scope: scope.config.scope } : scope.succeeded,
  );
}

function reportUnknownEnd(core: HandlerCore, invocation: Invocation, failed: boolean): void {
  const call = failed ? 'fail' : 'stop';
  if (core.shutdownPromise) return core.ignoreAfterShutdown(call);
  const ended = isInvocation(invocation) && invocation.endTime !== undefined && invocation.snapshot;
  core.report(
    new InvocationStateError(
      ended
        ? `${call}: this ${invocation.kind} invocation has already ended`
        : `${call}: the object was not started by this handler`,
    ),
  );
}

/** The error as it may be recorded: its type, and its text only as the policy allows. */
function describeFailure(
  error: unknown,
  record: Invocation,
  state: LiveInvocationState,
): InvocationError {
  const text = recordableErrorText(error, record, state.scope.config.errorMessages);
  if (text.stacktrace) state.errorStacktrace = text.stacktrace;
  return { type: safeErrorType(error), message: text.message };
}

function safeErrorType(error: unknown): string {
  try {
    return errorType(error);
  } catch {
    return '_OTHER';
  }
}

/**
 * Writes endTime (and error) on the record. One that refuses them (a non-writable field) gets
 * them on a view, so its span still ends.
 */
function recordEnding(
  record: Invocation,
  view: Invocation,
  endTime: number,
  error: InvocationError | undefined,
): Invocation {
  try {
    record.endTime = endTime;
    if (error) record.error = error;
    return view;
  } catch (err) {
    diag.warn('genai-telemetry: the invocation is not writable; endTime/error not set on it', err);
    const ending = Object.create(view) as Invocation;
    ending.endTime = endTime;
    if (error) ending.error = error;
    return ending;
  }
}
