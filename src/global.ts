/**
 * The process-wide handler, for integrations and code that cannot pass a handler around. It is
 * created on first use, with the global providers as they are at that moment.
 */
import { diag } from '@opentelemetry/api';
import type { TelemetryHandlerOptions } from './config.js';
import { TelemetryHandler } from './handler.js';

const GLOBAL_KEY = Symbol.for('genai-telemetry.handler');
type GlobalSlot = { [GLOBAL_KEY]?: TelemetryHandler };

/**
 * Returns the process-wide handler, creating it with `options` on the first call. Kept on
 * `globalThis` so the ESM and CommonJS builds, loaded side by side, share one handler.
 */
export function getTelemetryHandler(options?: TelemetryHandlerOptions): TelemetryHandler {
  const slot = globalThis as GlobalSlot;
  const existing = slot[GLOBAL_KEY];
  if (existing) {
    if (options)
      diag.warn(
        'genai-telemetry: the global handler already exists; options passed to getTelemetryHandler are ignored',
      );
    return existing;
  }
  const handler = new TelemetryHandler(options);
  slot[GLOBAL_KEY] = handler;
  return handler;
}

/** Replaces (or with no argument, forgets) the process-wide handler; for tests and re-configuration. */
export function setTelemetryHandler(handler?: TelemetryHandler): void {
  (globalThis as GlobalSlot)[GLOBAL_KEY] = handler;
}
