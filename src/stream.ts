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
  return typeof (value as AsyncIterable<T>)[Symbol.asyncIterator] === 'function';
}

function observe<T>(
  value: T,
  lifecycle: StreamLifecycle,
  onChunk: ((chunk: T) => void) | undefined,
): void {
  lifecycle.chunk();
  if (!onChunk) return;
  try {
    onChunk(value);
  } catch (err) {
    diag.error('genai-telemetry: stream onChunk callback threw; the stream goes on', err);
  }
}

export function wrapAsyncIterable<T>(
  source: AsyncIterable<T>,
  lifecycle: StreamLifecycle,
  onChunk?: (chunk: T) => void,
): AsyncIterableIterator<T> {
  let iterator: AsyncIterator<T> | undefined;
  let ended = false;
  const end = (failed: boolean, error?: unknown) => {
    if (ended) return;
    ended = true;
    if (failed) lifecycle.fail(error);
    else lifecycle.end();
  };
  const wrapper: AsyncIterableIterator<T> = {
    [Symbol.asyncIterator]: () => wrapper,
    async next() {
      if (ended) return { done: true, value: undefined };
      let result: IteratorResult<T>;
      try {
        iterator ??= source[Symbol.asyncIterator]();
        result = await iterator.next();
      } catch (err) {
        end(true, err);
        throw err;
      }
      if (result.done) end(false);
      else observe(result.value, lifecycle, onChunk);
      return result;
    },
    async return(value?: unknown) {
      const wasEnded = ended;
      end(false);
      if (!wasEnded && iterator?.return) await iterator.return(value);
      return { done: true, value: value as T };
    },
    async throw(error?: unknown) {
      end(true, error);
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
  let iterator: Iterator<T> | undefined;
  let ended = false;
  const end = (failed: boolean, error?: unknown) => {
    if (ended) return;
    ended = true;
    if (failed) lifecycle.fail(error);
    else lifecycle.end();
  };
  const wrapper: IterableIterator<T> = {
    [Symbol.iterator]: () => wrapper,
    next() {
      if (ended) return { done: true, value: undefined };
      let result: IteratorResult<T>;
      try {
        iterator ??= source[Symbol.iterator]();
        result = iterator.next();
      } catch (err) {
        end(true, err);
        throw err;
      }
      if (result.done) end(false);
      else observe(result.value, lifecycle, onChunk);
      return result;
    },
    return(value?: unknown) {
      const wasEnded = ended;
      end(false);
      if (!wasEnded && iterator?.return) iterator.return(value);
      return { done: true, value: value as T };
    },
    throw(error?: unknown) {
      end(true, error);
      if (iterator?.throw) return iterator.throw(error);
      throw error;
    },
  };
  return wrapper;
}
