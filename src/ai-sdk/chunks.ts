/**
 * Time to first chunk for streamed model calls. The AI SDK has no per-chunk telemetry hook, but
 * `executeLanguageModelCall` sees what the provider's `doStream` returns: its `stream` is piped
 * through an observer that tells the handler when each output chunk arrives. Only chunks that
 * carry model output count (the SDK's own rule: non-empty text, reasoning and tool-input deltas,
 * files, tool calls), not metadata, starts and ends.
 */
type StreamPart = { type?: unknown; delta?: unknown; text?: unknown };

const ALWAYS_OUTPUT: ReadonlySet<unknown> = new Set(['file', 'reasoning-file', 'tool-call']);
const DELTAS: ReadonlySet<unknown> = new Set(['text-delta', 'reasoning-delta', 'tool-input-delta']);

function isOutputChunk(part: StreamPart): boolean {
  if (ALWAYS_OUTPUT.has(part.type)) return true;
  if (!DELTAS.has(part.type)) return false;
  const delta = part.delta ?? part.text;
  return typeof delta === 'string' && delta.length > 0;
}

/**
 * Replaces `result.stream` with an observed copy. The SDK built `result` for this call alone; if
 * it cannot take the new stream (frozen, a getter), it keeps the original and only the chunk
 * timings are lost.
 */
export function observeChunks<T>(result: T, onOutputChunk: () => void): T {
  const holder = result as { stream?: unknown } | null;
  const stream = holder?.stream;
  if (!(stream instanceof ReadableStream)) return result;
  const observer = new TransformStream<StreamPart, StreamPart>({
    transform(part, controller) {
      try {
        if (isOutputChunk(part)) onOutputChunk();
      } catch {
        // Telemetry never interrupts the stream.
      }
      controller.enqueue(part);
    },
  });
  // Checked before piping: piping locks the original, which must stay readable if we cannot swap.
  const descriptor = Object.getOwnPropertyDescriptor(holder, 'stream');
  if (!descriptor?.writable || Object.isFrozen(holder)) return result;
  (holder as { stream: unknown }).stream = (stream as ReadableStream<StreamPart>).pipeThrough(
    observer,
  );
  return result;
}
