/**
 * `forceFlush` / `shutdown` within a deadline. What is ready is flushed first, so telemetry
 * already produced is exported even if queued evaluations then take long; the completion
 * subscribers (queued evaluations) are awaited; then everything is flushed again. An exporter
 * or evaluator that never settles cannot hold the call past `flushTimeoutMs`: it resolves then,
 * with one warning.
 */
import { diag, metrics, trace, type TracerProvider } from '@opentelemetry/api';
import { registeredLoggerProvider } from '../providers/logs-api.js';
import { flushProviders } from '../subscribers.js';
import type { HandlerCore } from './core.js';

const TIMED_OUT = Symbol('timed out');

export function forceFlush(core: HandlerCore): Promise<void> {
  return withinDeadline(core, 'forceFlush', async () => {
    await flushEmitters(core);
    if (!core.subscribers.hasWork()) return;
    await core.subscribers.settle((s) => s.forceFlush?.());
    await flushEmitters(core);
  });
}

/** Idempotent: every call returns the first call's promise. Later starts are ignored. */
export function shutdown(core: HandlerCore): Promise<void> {
  core.shutdownPromise ??= withinDeadline(core, 'shutdown', async () => {
    await flushEmitters(core);
    if (core.subscribers.hasWork()) {
      await core.subscribers.settle((s) => (s.shutdown ? s.shutdown() : s.forceFlush?.()));
      await flushEmitters(core);
    }
    await Promise.all(core.allScopes().map(({ composite }) => composite.shutdown()));
  });
  return core.shutdownPromise;
}

async function flushEmitters(core: HandlerCore): Promise<void> {
  const scopes = core.allScopes();
  await Promise.all(scopes.map(({ composite }) => composite.forceFlush()));
  const { tracerProvider, meterProvider, loggerProvider } = core.root.config;
  // Without explicit providers the handler writes to the globals: those are what a flush must
  // reach (the SDK 3.x processors export asynchronously, even the simple ones).
  await flushProviders([
    tracerProvider ?? globalTracerProvider(),
    meterProvider ?? metrics.getMeterProvider(),
    loggerProvider ?? registeredLoggerProvider(),
  ]);
}

async function withinDeadline(
  core: HandlerCore,
  call: string,
  work: () => Promise<void>,
): Promise<void> {
  const timeoutMs = core.root.config.flushTimeoutMs;
  let timer: ReturnType<typeof setTimeout> | undefined;
  // Not unref'd: a script awaiting shutdown is asking to wait, up to the deadline.
  const deadline = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), timeoutMs);
  });
  try {
    const outcome = await Promise.race([work().then(() => undefined), deadline]);
    if (outcome === TIMED_OUT) {
      diag.warn(
        `genai-telemetry: ${call} did not finish within flushTimeoutMs (${timeoutMs} ms); telemetry still pending (evaluations, exports) may be lost`,
      );
    }
  } catch (err) {
    diag.error(`genai-telemetry: ${call} failed`, err);
  } finally {
    clearTimeout(timer);
  }
}

/** The registered tracer provider behind the API's proxy. */
function globalTracerProvider(): TracerProvider {
  const provider = trace.getTracerProvider() as TracerProvider & { getDelegate?(): TracerProvider };
  return provider.getDelegate?.() ?? provider;
}
