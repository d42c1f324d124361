/**
 * The handler's per-invocation state. The contexts that only a reader needs (the span-less
 * context for children and inject, the correlation context for logs and metrics) are built on
 * first use from the snapshot, so a configuration that never reads them never pays for them.
 */
import { ROOT_CONTEXT, type Context, type Span } from '@opentelemetry/api';
import type { ContentAttributes } from './emitters/content-attributes.js';
import type { InvocationState } from './emitters/emitter.js';
import { snapshotContext } from './snapshot.js';
import type { HandlerScope } from './handler/scope.js';
import type { Invocation } from './types.js';
import type { FieldsAtStart } from './validation.js';

export class LiveInvocationState implements InvocationState {
  span?: Span;
  requestAttributes?: InvocationState['requestAttributes'];
  baggageAttributes?: InvocationState['baggageAttributes'];
  responseAttributes?: InvocationState['responseAttributes'];
  content?: ContentAttributes | null;
  contentJson?: ReadonlyMap<string, string>;
  errorStacktrace?: string;
  firstChunkTime?: number;
  lastChunkTime?: number;
  chunkGaps?: number[];
  /** The field values validated at start (by reference), so the end re-checks only changes. */
  validatedFields?: FieldsAtStart;
  private explicitContext?: Context;
  private cachedCorrelation?: Context;

  constructor(
    readonly parentContext: Context,
    /**
     * The object the handler writes its data on: the invocation itself, or a writable view over
     * a frozen one. The state lives in a WeakMap keyed by the invocation; a value referring to
     * its own key does not keep it alive.
     */
    readonly record: Invocation,
    /** The scope the invocation was started in: its end and its results go out under it. */
    readonly scope: HandlerScope,
  ) {}

  get context(): Context {
    if (this.explicitContext) return this.explicitContext;
    const snapshot = this.record.snapshot;
    if (!snapshot) return this.parentContext;
    return (this.explicitContext = snapshotContext(snapshot, this.parentContext));
  }

  set context(value: Context) {
    this.explicitContext = value;
  }

  get correlationContext(): Context {
    if (this.cachedCorrelation) return this.cachedCorrelation;
    const snapshot = this.record.snapshot;
    if (!snapshot) return ROOT_CONTEXT;
    return (this.cachedCorrelation = snapshotContext(snapshot));
  }

  set correlationContext(value: Context) {
    this.cachedCorrelation = value;
  }
}
