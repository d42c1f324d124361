/**
 * Trace context in MCP requests (SEP-414): written unprefixed (`traceparent`, `tracestate`,
 * `baggage`) into `params._meta` by the configured propagator, and read back from there, or from
 * the HTTP request's headers when `_meta` carries none.
 */
import {
  isSpanContextValid,
  trace,
  type Context,
  type TextMapGetter,
  type TextMapPropagator,
} from '@opentelemetry/api';
import type { McpRequest } from './messages.js';

type Carrier = Readonly<Record<string, unknown>>;

/** `_meta` values are arbitrary JSON, and header values strings or lists: only strings count. */
const carrierGetter: TextMapGetter<Carrier> = {
  keys: (carrier) => Object.keys(carrier),
  get(carrier, key) {
    const value = carrier[key];
    if (typeof value === 'string') return value;
    if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value;
    return undefined;
  },
};

/** A copy of `request` whose `params._meta` also carries `context`; the caller's object is left as it was. */
export function withTraceContext<R extends McpRequest>(
  request: R,
  context: Context,
  propagator: TextMapPropagator,
): R {
  const fields: Record<string, string> = {};
  propagator.inject(context, fields, {
    set: (carrier, key, value) => {
      carrier[key] = value;
    },
  });
  if (Object.keys(fields).length === 0) return request;
  const params = request.params ?? {};
  const meta = params._meta;
  const merged = typeof meta === 'object' && meta !== null ? { ...meta, ...fields } : fields;
  return { ...request, params: { ...params, _meta: merged } };
}

function sameSpan(a: Context, b: Context): boolean {
  const x = trace.getSpanContext(a);
  const y = trace.getSpanContext(b);
  return x?.traceId === y?.traceId && x?.spanId === y?.spanId;
}

function extractFrom(
  carrier: unknown,
  base: Context,
  propagator: TextMapPropagator,
): Context | undefined {
  if (typeof carrier !== 'object' || carrier === null) return undefined;
  const extracted = propagator.extract(base, carrier as Carrier, carrierGetter);
  const spanContext = trace.getSpanContext(extracted);
  return spanContext && isSpanContextValid(spanContext) && !sameSpan(extracted, base)
    ? extracted
    : undefined;
}

/**
 * The remote parent of an incoming request: from `params._meta`, else from the HTTP headers;
 * undefined when neither carries a valid one. Extracted onto `base`, so that values of the
 * ambient context other than the span and baggage survive.
 */
export function remoteParent(
  request: McpRequest,
  headers: unknown,
  base: Context,
  propagator: TextMapPropagator,
): Context | undefined {
  return (
    extractFrom(request.params?._meta, base, propagator) ?? extractFrom(headers, base, propagator)
  );
}
