/**
 * Streaming timings for a run that LangChain reports token by token. The core exposes chunk
 * timing only through `handler.stream()`, so each new-token callback pulls one item through a
 * stream wrapped around an endless pump; ending the run then ends the wrapper, which stops or
 * fails the invocation exactly once. Created on the first token, so non-streaming runs pay nothing.
 */
import type { TelemetryHandler } from '../handler.js';
import type { Invocation } from '../types.js';

export interface ChunkRecorder {
  chunk(): void;
  stop(): void;
  fail(error: unknown): void;
}

const pump: Iterable<undefined> = {
  [Symbol.iterator]: () => ({ next: () => ({ done: false, value: undefined }) }),
};

export function chunkRecorder(handler: TelemetryHandler, invocation: Invocation): ChunkRecorder {
  const stream = handler.stream(invocation, pump);
  return {
    chunk: () => void stream.next(),
    stop: () => void stream.return?.(),
    fail(error: unknown) {
      try {
        stream.throw?.(error);
      } catch {
        // The wrapper rethrows the error it was given after failing the invocation; expected.
      }
    },
  };
}
