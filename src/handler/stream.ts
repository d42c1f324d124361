/** `handler.stream`: a source observed chunk by chunk, its invocation ended exactly once. */
import type { Invocation } from '../types.js';
import { isAsyncIterable, wrapAsyncIterable, wrapIterable } from '../stream.js';

interface StreamingHandler {
  recordChunk(invocation: Invocation): void;
  stop(invocation: Invocation): unknown;
  fail(invocation: Invocation, error: unknown): unknown;
}

export function observeStream<T>(
  handler: StreamingHandler,
  invocation: Invocation,
  source: Iterable<T> | AsyncIterable<T>,
  onChunk: ((chunk: T) => void) | undefined,
): AsyncIterableIterator<T> | IterableIterator<T> {
  const lifecycle = {
    chunk: () => handler.recordChunk(invocation),
    end: () => handler.stop(invocation),
    fail: (error: unknown) => handler.fail(invocation, error),
  };
  return isAsyncIterable(source)
    ? wrapAsyncIterable(source, lifecycle, onChunk)
    : wrapIterable(source, lifecycle, onChunk);
}
