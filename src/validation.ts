/**
 * Validates an invocation against its kind's schema. A valid invocation is used as it is. An
 * invalid one is reported (strict: thrown) and, without strict mode, seen by the emitters through
 * a view that hides only the invalid top-level fields, so every valid field is still emitted and
 * the caller's object is never modified.
 */
import type { z } from 'zod';
import { conventionOf } from './conventions/index.js';
import {
  fieldIssues,
  InvalidFieldsError,
  InvocationStateError,
  type FieldIssue,
} from './errors.js';
import { isInvocation } from './lifecycle-values.js';
import { fieldChecksFor, precheckFor } from './precheck.js';
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
  validatedAtStart?: FieldsAtStart,
): Invocation {
  const checks = checksOf(invocation.kind);
  const schema = checks.schema;
  // Required attributes are checked once, at the start: the span's name and the attributes
  // samplers see are fixed then.
  const missing = phase === 'start' ? missingRequired(invocation) : NONE_MISSING;
  const valid = validatedAtStart
    ? changesPass(invocation, validatedAtStart, checks)
    : checks.whole(invocation);
  const result = valid
    ? undefined
    : schema.safeParse(validatedAtStart ? changedFields(invocation, validatedAtStart) : invocation);
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

/** A kind's schema and its pre-checks, found by kind (a Map) rather than by schema on each call. */
interface KindChecks {
  readonly schema: z.ZodType;
  readonly whole: (value: unknown) => boolean;
  readonly fields: ReturnType<typeof fieldChecksFor>;
}

const checksByKind = new Map<string, KindChecks>();

function checksOf(kind: Invocation['kind']): KindChecks {
  let checks = checksByKind.get(kind);
  if (!checks) {
    const schema = INVOCATION_SCHEMAS[kind];
    checks = { schema, whole: precheckFor(schema), fields: fieldChecksFor(schema) };
    checksByKind.set(kind, checks);
  }
  return checks;
}

const NONE_MISSING: readonly FieldIssue[] = Object.freeze([]);

/** The fields behind attributes the conventions require that the invocation leaves unset. */
function missingRequired(invocation: Invocation): readonly FieldIssue[] {
  const required = conventionOf(invocation).required;
  if (required.length === 0) return NONE_MISSING;
  const missing: FieldIssue[] = [];
  const fields = invocation as unknown as Record<string, unknown>;
  for (const [attribute, field] of required) {
    if (fields[field] === undefined || fields[field] === '')
      missing.push({ path: field, message: `required for ${attribute}` });
  }
  return missing;
}

/**
 * The fields as validated at start, by reference, in their order: at the end, those are not
 * parsed again (the messages sent to a model are most of the work), only what was set or
 * replaced since. An array mutated in place keeps its reference and is not re-checked; content
 * is copied into plain data before it is emitted whatever it holds, so that costs no safety.
 * Kept as two arrays rather than a copy of the object: the end then compares by position, not
 * by a property lookup per field on another object.
 */
export interface FieldsAtStart {
  readonly keys: readonly string[];
  readonly values: readonly unknown[];
}

export function fieldsAtStart(invocation: Invocation): FieldsAtStart {
  return { keys: Object.keys(invocation), values: Object.values(invocation) };
}

function valueAtStart(start: FieldsAtStart, key: string): unknown {
  const index = start.keys.indexOf(key);
  return index < 0 ? undefined : start.values[index];
}

/** What the handler itself wrote after the start validation: data it made, nothing to check. */
const WRITTEN_BY_HANDLER: ReadonlySet<string> = new Set([
  'snapshot',
  'startTime',
  'endTime',
  'error',
]);

/** The fields assigned since start, as an object of the invocation's kind (for zod's report). */
function changedFields(invocation: Invocation, start: FieldsAtStart): Record<string, unknown> {
  const changed: Record<string, unknown> = { kind: invocation.kind };
  const fields = invocation as unknown as Record<string, unknown>;
  for (const key in fields) {
    if (fields[key] !== valueAtStart(start, key) && !WRITTEN_BY_HANDLER.has(key))
      changed[key] = fields[key];
  }
  return changed;
}

/**
 * Whether the pre-check passes the changed fields, checked where they are: the same as checking
 * `changedFields(...)` (whose `kind` is the schema's own, and no invocation field but `kind` is
 * required), without building that object on every end.
 */
function changesPass(invocation: Invocation, start: FieldsAtStart, kind: KindChecks): boolean {
  const checks = kind.fields;
  if (!checks) return kind.whole(changedFields(invocation, start));
  const fields = invocation as unknown as Record<string, unknown>;
  // Fields keep their order, so the one at the next position is almost always the same field;
  // once every field of the start has come by, the others are new.
  let position = 0;
  for (const key in fields) {
    const value = fields[key];
    let before: unknown;
    if (start.keys[position] === key) before = start.values[position++];
    else if (position < start.keys.length) before = valueAtStart(start, key);
    if (value === before || WRITTEN_BY_HANDLER.has(key)) continue;
    const field = checks.get(key);
    if (field !== undefined && !field.check(value)) return false;
  }
  return true;
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
