/**
 * An instrumentation scope of a handler: the configuration its telemetry is emitted under and
 * the emitters built for it. Every invocation records the scope it was started in, so its end
 * and its evaluation results go out under the same scope whichever facade they arrive through.
 */
import type { Meter } from '@opentelemetry/api';
import type { ResolvedConfig } from '../config.js';
import type { CompositeEmitter } from '../emitters/composite.js';
import type { CompletionOutcome } from '../handler-types.js';

export interface ScopeName {
  readonly name: string;
  readonly version?: string;
}

export interface HandlerScope {
  readonly config: ResolvedConfig;
  readonly composite: CompositeEmitter;
  /** The meter of this scope, for the handler's own instruments (evaluation counters). */
  readonly meter: Meter;
  /** The outcome every successful end in this scope shares: one frozen object, not one per stop. */
  readonly succeeded: CompletionOutcome;
}

/** Unambiguous: `{ name: 'a', version: 'b@' }` and `{ name: 'a@b' }` are different scopes. */
export function scopeKey(scope: ScopeName): string {
  return JSON.stringify([scope.name, scope.version ?? null]);
}
