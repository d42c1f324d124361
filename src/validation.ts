/**
 * Validates an invocation against its kind's schema. A valid invocation is used as it is. An
 * invalid one is reported (strict: thrown) and, without strict mode, seen by the emitters through
 * a view that hides only the invalid top-level fields, so every valid field is still emitted and
 * the caller's object is never modified.
 */
import { conventionOf } from './conventions/index.js';
import {
  fieldIssues,
  InvalidFieldsError,
  InvocationStateError,
  type FieldIssue,
} from './errors.js';
import { isInvocation } from './lifecycle-values.js';
import { precheckFor } from './precheck.js';
import type { ProblemReporter } from './report.js';
import {
  EvaluationResultSchema,
  INVOCATION_SCHEMAS,
  SpanContextSnapshotSchema,
  type EvaluationResult,
  type Invocation,
} from './types.js';

export function validatedView(
  invocation: Invocation,
  phase: 'start' | 'stop' | 'fail',
  report: ProblemReporter,
  validatedAtStart?: Readonly<Record<string, unknown>>,
): Invocation {
  const subject = validatedAtStart ? changedFields(invocation, validatedAtStart) : invocation;
  const schema = INVOCATION_SCHEMAS[invocation.kind];
  // Required attributes are checked once, at the start: the span's name and the attributes
  // samplers see are fixed then.
  const missing = phase === 'start' ? missingRequired(invocation) : [];
  const result = precheckFor(schema)(subject) ? undefined : schema.safeParse(subject);
  const invalid = result?.success === false ? result.error : undefined;
  if (!invalid && missing.length === 0) return invocation;
  report(
    new InvalidFieldsError(`${invocation.kind} invocation at ${phase}`, [
      ...(invalid ? fieldIssues(invalid) : []),
      ...missing,
    ]),
  );
  if (!invalid) return invocation;
  const view = Object.create(invocation) as Record<string, unknown>;
  for (const issue of invalid.issues) {
    const field = issue.path[0];
    if (field !== undefined && field !== 'kind') view[String(field)] = undefined;
  }
  return view as Invocation;
}

/** The fields behind attributes the conventions require that the invocation leaves unset. */
function missingRequired(invocation: Invocation): FieldIssue[] {
  const missing: FieldIssue[] = [];
  const fields = invocation as unknown as Record<string, unknown>;
  for (const [attribute, field] of conventionOf(invocation).required) {
    if (fields[field] === undefined || fields[field] === '')
      missing.push({ path: field, message: `required for ${attribute}` });
  }
  return missing;
}

/**
 * The fields assigned since start, by reference: at the end, the fields validated at start are
 * not parsed again (the messages sent to a model are most of the work), only what was set or
 * replaced since. An array mutated in place keeps its reference and is not re-checked; content
 * is copied into plain data before it is emitted whatever it holds, so that costs no safety.
 */
/** What the handler itself wrote after the start validation: data it made, nothing to check. */
const WRITTEN_BY_HANDLER: ReadonlySet<string> = new Set([
  'snapshot',
  'startTime',
  'endTime',
  'error',
]);

function changedFields(
  invocation: Invocation,
  validatedAtStart: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const changed: Record<string, unknown> = { kind: invocation.kind };
  const fields = invocation as unknown as Record<string, unknown>;
  for (const key in fields) {
    if (fields[key] !== validatedAtStart[key] && !WRITTEN_BY_HANDLER.has(key))
      changed[key] = fields[key];
  }
  return changed;
}

/**
 * The valid results of a batch, or undefined when none can be delivered: results need an
 * invocation with a valid snapshot (a JSON copy is fine); each invalid result is reported.
 */
export function checkEvaluationResults(
  invocation: Invocation,
  results: readonly EvaluationResult[],
  report: ProblemReporter,
): EvaluationResult[] | undefined {
  if (
    !isInvocation(invocation) ||
    !SpanContextSnapshotSchema.safeParse(invocation.snapshot).success
  ) {
    report(
      new InvocationStateError(
        'evaluationResults: the invocation has no valid snapshot (never started?); results dropped',
      ),
    );
    return undefined;
  }
  const valid: EvaluationResult[] = [];
  for (const [index, result] of (Array.isArray(results) ? results : [results]).entries()) {
    const parsed = EvaluationResultSchema.safeParse(result);
    if (parsed.success) valid.push(parsed.data);
    else report(new InvalidFieldsError(`evaluation result #${index}`, fieldIssues(parsed.error)));
  }
  return valid.length > 0 ? valid : undefined;
}
