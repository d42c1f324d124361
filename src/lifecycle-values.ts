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

export function startTimeOf(input: number | Date | undefined): number {
  if (input instanceof Date) return input.getTime();
  return typeof input === 'number' && Number.isFinite(input) ? input : now();
}

export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as PromiseLike<unknown>).then === 'function'
  );
}

/** Never throws, whatever was thrown. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  try {
    return typeof error === 'string' ? error : String(error);
  } catch {
    return 'unprintable error';
  }
}
