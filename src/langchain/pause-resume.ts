/**
 * LangGraph interrupt / resume as one logical execution. A graph that calls `interrupt()` ends
 * its run normally (its node fails with a GraphInterrupt, which is control flow); the run is then
 * marked paused: attribute and event `genai_telemetry.agent.paused` (the conventions' proposed
 * `gen_ai.agent.paused` is unreleased). The resume (`Command({ resume })` on the same
 * `thread_id`) is a new run in the same conversation (`gen_ai.conversation.id` is the thread id)
 * with a span link to the paused run's span, found:
 * - in the same process, from a bounded map of paused runs by thread id;
 * - across processes, from the checkpoint: a checkpointer wrapped with `tracedCheckpointer()`
 *   writes the span context of the run that writes a checkpoint into the checkpoint's metadata
 *   (`genai_telemetry`), and when the resume loads that checkpoint, links the resumed run to it.
 */
import { trace, type Span, type SpanContext } from '@opentelemetry/api';
import type { TelemetryHandler } from '../handler.js';
import type { Invocation } from '../types.js';
import { ATTR_AGENT_PAUSED, ATTR_LINK_REASON } from './attributes.js';
import { isRecord, str } from './values.js';

const MAX_PAUSED = 10_000;
const METADATA_KEY = 'genai_telemetry';

interface LiveRoot {
  handler: TelemetryHandler;
  invocation: Invocation;
  /** A resume not linked yet: the checkpoint it loads may say what it continues. */
  awaitingLink: boolean;
}

/** Paused runs' span contexts by thread id, oldest first (a Map keeps insertion order). */
const paused = new Map<string, SpanContext>();
/** The root run in flight per thread id, while it runs. */
const live = new Map<string, LiveRoot>();

const spanOf = (root: { handler: TelemetryHandler; invocation: Invocation }): Span | undefined =>
  trace.getSpan(root.handler.contextOf(root.invocation));

/** A LangGraph `Command` carrying a resume value, as LangChain passes it to handleChainStart. */
export function isResume(inputs: unknown): boolean {
  return isRecord(inputs) && inputs.lg_name === 'Command' && inputs.resume !== undefined;
}

function link(root: LiveRoot, context: SpanContext): void {
  root.awaitingLink = false;
  spanOf(root)?.addLink({ context, attributes: { [ATTR_LINK_REASON]: 'resume' } });
}

export function rootStarted(
  threadId: string,
  handler: TelemetryHandler,
  invocation: Invocation,
  resume: boolean,
): void {
  const root: LiveRoot = { handler, invocation, awaitingLink: resume };
  live.set(threadId, root);
  const previous = resume ? paused.get(threadId) : undefined;
  if (previous) {
    paused.delete(threadId);
    link(root, previous);
  }
}

/** Before the run's span ends: marks it paused and remembers it for the resume. */
export function rootEnded(threadId: string, invocation: Invocation, isPaused: boolean): void {
  const root = live.get(threadId);
  if (root?.invocation === invocation) live.delete(threadId);
  if (!isPaused || !root) return;
  const span = spanOf(root);
  span?.setAttribute(ATTR_AGENT_PAUSED, true);
  span?.addEvent(ATTR_AGENT_PAUSED);
  const context = span?.spanContext();
  if (!context) return;
  paused.delete(threadId);
  paused.set(threadId, context);
  if (paused.size > MAX_PAUSED) paused.delete(paused.keys().next().value!);
}

interface CheckpointConfig {
  configurable?: Record<string, unknown>;
}

const threadOf = (config: unknown): string | undefined =>
  str((config as CheckpointConfig | undefined)?.configurable?.thread_id);

function readContext(metadata: unknown): SpanContext | undefined {
  const saved = isRecord(metadata) ? metadata[METADATA_KEY] : undefined;
  if (!isRecord(saved)) return undefined;
  const traceId = str(saved.trace_id);
  const spanId = str(saved.span_id);
  if (!traceId || !spanId) return undefined;
  const flags = typeof saved.trace_flags === 'number' ? saved.trace_flags : 0;
  return { traceId, spanId, traceFlags: flags, isRemote: true };
}

interface SaverLike {
  put(config: unknown, checkpoint: unknown, metadata: unknown, ...rest: unknown[]): unknown;
  getTuple(config: unknown): Promise<unknown>;
}

/**
 * Wraps a LangGraph checkpointer (any BaseCheckpointSaver) so that a resume in another process
 * links to the run it continues: checkpoints carry the writing run's span context in their
 * metadata, and loading one for a resume links the resumed run to it. Everything else is the
 * saver's own; the result is the same object type.
 */
export function tracedCheckpointer<T extends SaverLike>(saver: T): T {
  return new Proxy(saver, {
    get(target, property, receiver) {
      if (property === 'put')
        return (config: unknown, checkpoint: unknown, metadata: unknown, ...rest: unknown[]) => {
          const root = live.get(threadOf(config) ?? '');
          const context = root && spanOf(root)?.spanContext();
          const stamped =
            context && isRecord(metadata)
              ? {
                  ...metadata,
                  [METADATA_KEY]: {
                    trace_id: context.traceId,
                    span_id: context.spanId,
                    trace_flags: context.traceFlags,
                  },
                }
              : metadata;
          return target.put(config, checkpoint, stamped, ...rest);
        };
      if (property === 'getTuple')
        return async (config: unknown) => {
          const tuple = await target.getTuple(config);
          const root = live.get(threadOf(config) ?? '');
          const context = isRecord(tuple) ? readContext(tuple.metadata) : undefined;
          if (root?.awaitingLink && context) link(root, context);
          return tuple;
        };
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? (value as () => unknown).bind(target) : value;
    },
  });
}
