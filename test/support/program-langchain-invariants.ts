/**
 * What a LangChain program (program-langchain.ts) must leave: nothing thrown into it (no
 * `RangeError` from nested contexts, ever); the application's own spans where the application
 * put them, never under a LangChain run they merely ran beside or after; inside every model
 * call, that call's own chat span active; a fanned-out `invoke`'s chat span under the frame's
 * span, a batched one under its own input's chain run; the frame's active span unchanged after
 * each op, and contexts never stacked across runs; and with capture off, none of the program's content in any signal.
 */
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { contentLeaks } from './program-content.js';
import { printable } from './program-invariants.js';
import type { TestTelemetry } from './telemetry.js';

export interface LangChainExpectations {
  /** Application span name -> the span id it must be a child of (null: a root). */
  appParents: Map<string, string | null>;
  /** Per model call: the op, the span active inside it, the frame's span (null: none). */
  insideModel: Array<{
    op: 'fanout' | 'batch';
    span: string | null;
    parent: string | null;
    /** How many contexts wrap the active one there (program-langchain.ts `contextDepth`). */
    depth: number;
  }>;
  thrown: unknown[];
  noticed: string[];
}

/** A run's context inside a run inside the frame: more means contexts stacked across runs. */
const MAX_DEPTH_INSIDE = 3;

const parentOf = (span: ReadableSpan | undefined) => span?.parentSpanContext?.spanId ?? null;

export async function checkLangChainProgram(
  t: TestTelemetry,
  expected: LangChainExpectations,
  captureContent: boolean,
): Promise<string[]> {
  const violations = [
    ...expected.thrown.map((error) => `thrown into the application: ${printable(error)}`),
    ...expected.noticed,
  ];
  const spans = t.spans();
  const byId = new Map(spans.map((s) => [s.spanContext().spanId, s]));
  const byName = new Map(spans.map((s) => [s.name, s]));

  for (const [name, parent] of expected.appParents) {
    const span = byName.get(name);
    if (!span) violations.push(`application span "${name}" was not exported`);
    else if (parentOf(span) !== parent)
      violations.push(`"${name}" has parent ${describeSpan(byId, parentOf(span))}, not ${parent}`);
  }

  const seen = new Set<string | null>();
  const chainRuns = new Set<string | null>();
  for (const call of expected.insideModel) {
    if (call.depth > MAX_DEPTH_INSIDE)
      violations.push(`inside a ${call.op} model call the context is ${call.depth} contexts deep`);
    const chat = call.span === null ? undefined : byId.get(call.span);
    if (!chat?.name.startsWith('chat')) {
      violations.push(`inside a model call the active span is ${describeSpan(byId, call.span)}`);
      continue;
    }
    if (seen.has(call.span)) violations.push(`two model calls saw chat span ${call.span} active`);
    seen.add(call.span);
    const parent = parentOf(chat);
    if (call.op === 'fanout' && parent !== call.parent)
      violations.push(`a fanned-out chat span has parent ${describeSpan(byId, parent)}`);
    if (call.op === 'batch') {
      const run = parent === null ? undefined : byId.get(parent);
      if (!run || parentOf(run) !== call.parent || chainRuns.has(parent))
        violations.push(
          `a batched chat span has parent ${describeSpan(byId, parent)}, not its own input's chain run`,
        );
      chainRuns.add(parent);
    }
  }
  if (!captureContent) violations.push(...(await contentLeaks(t)));
  return violations;
}

function describeSpan(byId: Map<string, ReadableSpan>, id: string | null): string {
  if (id === null) return 'none';
  const span = byId.get(id);
  return span ? `${id} (${span.name})` : `${id} (not exported)`;
}
