/** Small value helpers of the lifecycle: clock, shape checks, error text. */
import { INVOCATION_KINDS, type Invocation } from './types.js';

// Constant for the life of the process; read once because `performance.timeOrigin` is a getter.
const TIME_ORIGIN = performance.timeOrigin;

/** Epoch milliseconds with sub-millisecond precision. */
export const now = (): number => TIME_ORIGIN + performance.now();

const KINDS: ReadonlySet<string> = new Set(INVOCATION_KINDS);

export function isInvocation(value: unknown): value is Invocation {
  return (
    typeof value === 'object' &&
    value !== null &&
    KINDS.has((value as { kind?: unknown }).kind as string)
  );
}

/** Epoch ms of 2000-01-01: anything earlier is a monotonic reading (hrtime, performance.now()). */
const EARLIEST_PLAUSIBLE_TIME = 946_684_800_000;
/** Clocks drift between hosts; a start further ahead than this is a bug, not drift. */
const FUTURE_TOLERANCE_MS = 60_000;

/**
 * The start time to record, and what was wrong with the one given: an invalid date
 * (`new Date(undefined)`), a non-number, a monotonic reading or a time in the future would
 * start the span at NaN or decades away (and one NaN fails a whole OTLP export batch), so each
 * is replaced by now and named for a report.
 */
export function startTimeOf(input: unknown): { time: number; problem?: string } {
  if (input === undefined) return { time: now() };
  let time: number;
  try {
    time = input instanceof Date ? input.getTime() : (input as number);
  } catch {
    return { time: now(), problem: 'unreadable; using now' };
  }
  if (typeof time !== 'number' || !Number.isFinite(time))
    return { time: now(), problem: 'not a valid date or epoch-millisecond number; using now' };
  if (time < EARLIEST_PLAUSIBLE_TIME)
    return {
      time: now(),
      problem: 'looks like a monotonic clock reading, not epoch milliseconds; using now',
    };
  const current = now();
  if (time > current + FUTURE_TOLERANCE_MS)
    return { time: current, problem: 'is in the future; using now' };
  return { time };
}

/** The `then` of a thenable, read once; undefined for anything else, including a throwing getter. */
export function thenOf(value: unknown): PromiseLike<unknown>['then'] | undefined {
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null)
    return undefined;
  try {
    const then = (value as PromiseLike<unknown>).then;
    return typeof then === 'function' ? then : undefined;
  } catch {
    return undefined;
  }
}
