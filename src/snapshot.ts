/**
 * SpanContextSnapshot: the correlation contract. Frozen on start, right after the span category
 * ran, and read by every later signal instead of the live span, so logs, metrics and evaluation
 * events stay correlated after the span ended, with spans switched off, with a replacement span
 * emitter, and after a JSON round trip to another process.
 */
import {
  createTraceState,
  ROOT_CONTEXT,
  trace,
  TraceFlags,
  type Context,
  type Span,
  type SpanContext,
} from '@opentelemetry/api';
import { randomSpanId, randomTraceId } from './ids.js';
import type { SpanContextSnapshot } from './types.js';

export type { SpanContextSnapshot } from './types.js';

/**
 * The snapshot of a span the span emitter started (sampled or not). Undefined when its context
 * is invalid (the no-op tracer's, with no provider registered): that counts as no span, so the
 * snapshot is synthesised and log records can still be correlated and propagated.
 */
export function snapshotFromSpan(
  span: Span,
  parent: SpanContext | undefined,
): SpanContextSnapshot | undefined {
  const sc = span.spanContext();
  if (!trace.isSpanContextValid(sc)) return undefined;
  return freeze(
    sc.traceId.toLowerCase(),
    sc.spanId.toLowerCase(),
    sc.traceFlags,
    sc.traceState?.serialize(),
    parent,
    span.isRecording(),
  );
}

/**
 * A snapshot for an invocation without a span: the parent's trace id and flags, or a fresh trace
 * that is sampled (nothing upstream decided otherwise), and a fresh span id.
 */
export function synthesizeSnapshot(parent: SpanContext | undefined): SpanContextSnapshot {
  if (parent && trace.isSpanContextValid(parent)) {
    return freeze(
      parent.traceId.toLowerCase(),
      randomSpanId(),
      parent.traceFlags,
      parent.traceState?.serialize(),
      parent,
      false,
    );
  }
  return freeze(randomTraceId(), randomSpanId(), TraceFlags.SAMPLED, undefined, undefined, false);
}

/** Ids in lower case already: those of the handler's own generator are (lowering costs a copy). */
function freeze(
  traceId: string,
  spanId: string,
  traceFlags: number,
  traceState: string | undefined,
  parent: SpanContext | undefined,
  recording: boolean,
): SpanContextSnapshot {
  const snapshot: { -readonly [K in keyof SpanContextSnapshot]: SpanContextSnapshot[K] } = {
    traceId,
    spanId,
    traceFlags,
    recording,
  };
  if (traceState) snapshot.traceState = traceState;
  if (parent && trace.isSpanContextValid(parent))
    snapshot.parentSpanId = parent.spanId.toLowerCase();
  return Object.freeze(snapshot);
}

export function snapshotToSpanContext(snapshot: SpanContextSnapshot): SpanContext {
  const sc: SpanContext = {
    traceId: String(snapshot.traceId).toLowerCase(),
    spanId: String(snapshot.spanId).toLowerCase(),
    traceFlags: snapshot.traceFlags,
    isRemote: false,
  };
  // A snapshot may come from outside (a JSON copy, a foreign object): a non-string trace state
  // would make createTraceState throw into `contextOf`, so it is ignored.
  if (typeof snapshot.traceState === 'string' && snapshot.traceState)
    sc.traceState = createTraceState(snapshot.traceState);
  return sc;
}

/**
 * A Context whose active span is a non-recording span carrying the snapshot's identity: what log
 * records, histogram points and `propagation.inject` need, on top of `base` (ROOT by default).
 */
export function snapshotContext(
  snapshot: SpanContextSnapshot,
  base: Context = ROOT_CONTEXT,
): Context {
  return trace.setSpanContext(base, snapshotToSpanContext(snapshot));
}
