/**
 * Wraps a sync or async iterable so that an invocation observes its chunks and ends exactly once:
 * when the stream completes, when it throws, or when the consumer stops early (`return`), even
 * before the first `next()`. Explicit iterator objects rather than generators, because a
 * generator that never started does not run its `finally` on `return()`.
 */
import { diag } from '@opentelemetry/api';

export interface StreamLifecycle {
  chunk(): void;
  end(): void;
  fail(error: unknown): void;
}

export function isAsyncIterable<T>(
  value: Iterable<T> | AsyncIterable<T>,
): value is AsyncIterable<T> {
  // Nothing may throw here, inside `stream()`, leaving the invocation open (a null source, a
  // throwing `Symbol.asyncIterator` getter): iterating such a source then fails the invocation
  // and throws to the consumer, as iterating it without the wrapper would.
  try {
    return typeof (value as AsyncIterable<T> | null)?.[Symbol.asyncIterator] === 'function';
  } catch {
    return false;
  }
}

/** The part both wrappers share: chunk observation and the once-only end. */
class StreamObserver<T> {
  ended = false;
  /** A callback that throws usually throws on every chunk: reported once per stream. */
  private callbackReported = false;

  constructor(
    private readonly lifecycle: StreamLifecycle,
    private readonly onChunk: ((chunk: T) => void) | undefined,
  ) {}

  end(failed: boolean, error?: unknown): void {
    if (this.ended) return;
    this.ended = true;
    if (failed) this.lifecycle.fail(error);
    else this.lifecycle.end();
  }

  /**
   * Passes `result` through after observing it. A result that is not an object breaks the
   * iterator protocol: the consumer's loop throws without calling `return()`, so the invocation
   * is failed here, or it would never end.
   */
  observe(result: IteratorResult<T>): IteratorResult<T> {
    if (typeof result !== 'object' || result === null) {
      const error = new TypeError(`iterator result ${String(result)} is not an object`);
      this.end(true, error);
      throw error;
    }
    if (result.done) {
      this.end(false);
      return result;
    }
    this.lifecycle.chunk();
    if (this.onChunk) {
      try {
        this.onChunk(result.value);
      } catch (err) {
        if (!this.callbackReported) {
          this.callbackReported = true;
          diag.error('genai-telemetry: stream onChunk callback threw; the stream goes on', err);
        }
      }
    }
    return result;
  }
}

const DONE = { done: true, value: undefined } as const;

export function wrapAsyncIterable<T>(
  source: AsyncIterable<T>,
  lifecycle: StreamLifecycle,
  onChunk?: (chunk: T) => void,
): AsyncIterableIterator<T> {
  const observer = new StreamObserver(lifecycle, onChunk);
  let iterator: AsyncIterator<T> | undefined;
  const wrapper: AsyncIterableIterator<T> = {
    [Symbol.asyncIterator]: () => wrapper,
    async next() {
      if (observer.ended) return DONE;
      try {
        iterator ??= source[Symbol.asyncIterator]();
        return observer.observe(await iterator.next());
      } catch (err) {
        observer.end(true, err);
        throw err;
      }
    },
    async return(value?: unknown) {
      const wasEnded = observer.ended;
      observer.end(false);
      if (!wasEnded && iterator?.return) await iterator.return(value);
      return { done: true, value: value as T };
    },
    async throw(error?: unknown) {
      observer.end(true, error);
      if (iterator?.throw) return iterator.throw(error);
      throw error;
    },
  };
  return wrapper;
}

export function wrapIterable<T>(
  source: Iterable<T>,
  lifecycle: StreamLifecycle,
  onChunk?: (chunk: T) => void,
): IterableIterator<T> {
  const observer = new StreamObserver(lifecycle, onChunk);
  let iterator: Iterator<T> | undefined;
  const wrapper: IterableIterator<T> = {
    [Symbol.iterator]: () => wrapper,
    next() {
      if (observer.ended) return DONE;
      try {
        iterator ??= source[Symbol.iterator]();
        return observer.observe(iterator.next());
      } catch (err) {
        observer.end(true, err);
        throw err;
      }
    },
    return(value?: unknown) {
      const wasEnded = observer.ended;
      observer.end(false);
      if (!wasEnded && iterator?.return) iterator.return(value);
      return { done: true, value: value as T };
    },
    throw(error?: unknown) {
      observer.end(true, error);
      if (iterator?.throw) return iterator.throw(error);
      throw error;
    },
  };
  return wrapper;
}
