/**
 * Starting an invocation: parent resolution, the start time, the live state, and the snapshot
 * frozen between the span category and the others.
 */
import { context, diag, trace, type Context, type SpanContext } from '@opentelemetry/api';
import { InvalidFieldsError, InvocationStateError } from '../errors.js';
import type { StartOptions } from '../handler-types.js';
import { isInvocation, now, startTimeOf } from '../lifecycle-values.js';
import { baggageAttributes } from '../propagation.js';
import { snapshotContext, snapshotFromSpan, synthesizeSnapshot } from '../snapshot.js';
import { LiveInvocationState } from '../state.js';
import { INVOCATION_KINDS, type Invocation, type SpanContextSnapshot } from '../types.js';
import type { HandlerCore } from './core.js';
import type { HandlerScope } from './scope.js';
import { fieldsAtStart } from '../validation.js';
import { viewOf } from './view.js';

export function startInvocation(
  core: HandlerCore,
  scope: HandlerScope,
  invocation: Invocation,
  options: StartOptions | undefined,
): void {
  if (!isInvocation(invocation)) {
    core.report(
      new InvalidFieldsError('invocation', [
        { path: 'kind', message: `expected one of ${INVOCATION_KINDS.join(', ')}` },
      ]),
    );
    return;
  }
  if (core.shutdownPromise) return core.ignoreAfterShutdown('start');
  if (core.states.has(invocation)) {
    core.report(
      new InvocationStateError(`start: this ${invocation.kind} invocation is already running`),
    );
    return;
  }
  const record = writableRecord(invocation);
  const view = viewOf(core, scope, record, 'start');
  const parentContext = parentContextOf(core, options);
  record.startTime = startTime(core, options?.startTime);
  if (record.endTime !== undefined) delete record.endTime;
  if (record.error !== undefined) delete record.error;
  const state = new LiveInvocationState(parentContext, record, scope);
  // Only fields that validated cleanly may be skipped at the end.
  if (!scope.composite.isEmpty && view === record) state.validatedFields = fieldsAtStart(record);
  const { baggageAttributes: allowlist, baggageValueMaxLength } = scope.config;
  if (allowlist)
    state.baggageAttributes = baggageAttributes(parentContext, allowlist, baggageValueMaxLength);
  core.states.set(invocation, state);
  core.counts.started++;
  scope.composite.onStartSpan(view, state);
  record.snapshot = snapshotOf(state, trace.getSpanContext(parentContext));
  scope.composite.onStartOthers(view, state);
}

/**
 * The object the handler writes its data on (snapshot, times, error). A frozen or sealed
 * invocation (kept in an immutable store, say) cannot take them: a writable view over it does,
 * so it is still traced; its live state is still keyed by the caller's object.
 */
function writableRecord(invocation: Invocation): Invocation {
  return Object.isExtensible(invocation) ? invocation : (Object.create(invocation) as Invocation);
}

function startTime(core: HandlerCore, input: StartOptions['startTime']): number {
  if (input === undefined) return now();
  const { time, problem } = startTimeOf(input);
  if (problem)
    core.report(new InvalidFieldsError('start options', [{ path: 'startTime', message: problem }]));
  return time;
}

/**
 * From the span when there is a usable one, synthesised otherwise. A replacement span emitter
 * may set `state.span` to something that is not a span; the snapshot is then synthesised, so
 * the invocation's other signals stay correlated.
 */
function snapshotOf(
  state: LiveInvocationState,
  parent: SpanContext | undefined,
): SpanContextSnapshot {
  if (state.span) {
    try {
      const snapshot = snapshotFromSpan(state.span, parent);
      if (snapshot) return snapshot;
    } catch (err) {
      diag.error(
        'genai-telemetry: state.span is not a usable span; the snapshot is synthesised',
        err,
      );
    }
  }
  return synthesizeSnapshot(parent);
}

function parentContextOf(core: HandlerCore, options: StartOptions | undefined): Context {
  const parent = options?.parent;
  if (parent) {
    const parentState = core.states.get(parent);
    if (parentState) return parentState.context;
    if (parent.snapshot) return snapshotContext(parent.snapshot, context.active());
    core.report(
      new InvocationStateError(
        'start: the parent invocation was never started; using the active context',
      ),
    );
  }
  return options?.parentContext ?? context.active();
}
