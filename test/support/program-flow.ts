/**
 * Hung runs in a long flow, as a queue consumer has them: one async flow takes job after job;
 * each job is a workflow with a tool under it, and every `hangEvery`-th tool never ends (left
 * started, or a `run()` whose body never settles, given up on with `Promise.race`). Later jobs
 * must be roots like the first, never children of a tool that hung, and the flow's own active
 * context must be what it was before the first job.
 */
import { context, isSpanContextValid, trace } from '@opentelemetry/api';
import type { Interpreter } from './program-interpreter.js';
import type { Op } from './programs.js';

export const macrotask = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The span a parentless start must get: the active one, or none (null). */
export function activeSpanId(): string | null {
  const sc = trace.getSpanContext(context.active());
  return sc && isSpanContextValid(sc) ? sc.spanId.toLowerCase() : null;
}

const never = () => new Promise<never>(() => {});

export async function runFlow(
  interpreter: Interpreter,
  op: Extract<Op, { op: 'flow' }>,
): Promise<void> {
  const h = interpreter.handler;
  const outer = activeSpanId();
  for (let i = 0; i < op.jobs; i++) {
    const job = interpreter.fresh('workflow', 'valid');
    interpreter.observeStart(job, outer, () => interpreter.call(() => h.start(job)));
    const tool = interpreter.fresh('tool_call', 'valid');
    const underJob = job.snapshot?.spanId;
    const hangs = i % op.hangEvery === 0;
    if (hangs && op.hang === 'run') {
      let pending: Promise<never> | undefined;
      interpreter.observeStart(tool, underJob, () => {
        pending = interpreter.call(() => h.run(tool, never, { parent: job }));
      });
      await Promise.race([pending, macrotask()]);
    } else {
      interpreter.observeStart(tool, underJob, () =>
        interpreter.call(() => h.start(tool, { parent: job })),
      );
      if (!hangs) interpreter.call(() => h.stop(tool));
      await Promise.resolve();
    }
    interpreter.call(() => h.stop(job));
    const now = activeSpanId();
    if (now !== outer)
      interpreter.observed.noticed.push(
        `after job ${i} of a flow the active span is ${now}, not ${outer}`,
      );
  }
}
