/**
 * Trace-id ratio sampling with the rule of the OpenTelemetry Python SDK's `TraceIdRatioBased`:
 * an invocation is evaluated iff the low 64 bits of its trace id, read as an unsigned integer,
 * are below `round(rate * 2^64)`. Sharing the rule means a trace is evaluated everywhere or
 * nowhere, across this library and Python services alike.
 */
const TWO_POW_64 = 2 ** 64;
const MAX_LOW_BITS = 2n ** 64n - 1n;

/** The exclusive upper bound for a rate in [0, 1]; Python's `round` (half to even) on the double. */
export function samplingBound(rate: number): bigint {
  const clamped = Math.min(1, Math.max(0, Number.isFinite(rate) ? rate : 0));
  const scaled = clamped * TWO_POW_64;
  const floor = Math.floor(scaled);
  const fraction = scaled - floor;
  const rounded = fraction > 0.5 || (fraction === 0.5 && floor % 2 === 1) ? floor + 1 : floor;
  return BigInt(rounded);
}

/** `traceId` is the snapshot's 32 lowercase hex digits; the low 64 bits are the last 16. */
export function isSampled(traceId: string, bound: bigint): boolean {
  // Rates 1 and 0 decide without reading the id: the common configurations cost nothing per stop.
  if (bound > MAX_LOW_BITS) return true;
  if (bound === 0n) return false;
  return BigInt(`0x${traceId.slice(-16)}`) < bound;
}
