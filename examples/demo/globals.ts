/**
 * Process-wide OpenTelemetry API state each thread needs once: the AsyncLocalStorage context
 * manager (active spans follow async calls, and LangChain runs find their parent) and the W3C
 * propagators (the API's default propagator is a no-op, so nothing would cross HTTP without it).
 */
import { context, propagation } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  CompositePropagator,
  W3CBaggagePropagator,
  W3CTraceContextPropagator,
} from '@opentelemetry/core';

let installed = false;

export function installGlobals(): void {
  if (installed) return;
  installed = true;
  // A host (a test runner, an application embedding the demo) may have registered its own
  // context manager already; the API then keeps that one, which is what we want.
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(
    new CompositePropagator({
      propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()],
    }),
  );
}
