/** What the emitters see of an invocation: the object itself when valid, a view hiding invalid fields otherwise. */
import { diag } from '@opentelemetry/api';
import { GenAITelemetryError } from '../errors.js';
import type { Invocation } from '../types.js';
import { validatedView, type FieldsAtStart } from '../validation.js';
import type { HandlerCore } from './core.js';
import type { HandlerScope } from './scope.js';

/** Validation only matters to emitters: with none configured, the fields are never read. */
export function viewOf(
  core: HandlerCore,
  scope: HandlerScope,
  invocation: Invocation,
  phase: 'start' | 'stop' | 'fail',
  validatedAtStart?: FieldsAtStart,
): Invocation {
  if (scope.composite.isEmpty) return invocation;
  try {
    return validatedView(invocation, phase, core.report, validatedAtStart);
  } catch (err) {
    // A field whose getter throws cannot be validated; the lifecycle goes on and each emitter
    // that trips on it is isolated (and reported) by the composite.
    if (err instanceof GenAITelemetryError) throw err;
    diag.warn(`genai-telemetry: ${phase}: the invocation could not be validated`, err);
    return invocation;
  }
}
