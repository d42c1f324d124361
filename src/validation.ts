/**
 * Validates an invocation against its kind's schema. A valid invocation is used as it is. An
 * invalid one is reported (strict: thrown) and, without strict mode, seen by the emitters through
 * a view that hides only the invalid top-level fields, so every valid field is still emitted and
 * the caller's object is never modified.
 */
import { fieldIssues, InvalidFieldsError } from './errors.js';
import type { ProblemReporter } from './report.js';
import { INVOCATION_SCHEMAS, type Invocation } from './types.js';

export function validatedView(
  invocation: Invocation,
  phase: 'start' | 'stop' | 'fail',
  report: ProblemReporter,
): Invocation {
  const result = INVOCATION_SCHEMAS[invocation.kind].safeParse(invocation);
  if (result.success) return invocation;
  report(
    new InvalidFieldsError(`${invocation.kind} invocation at ${phase}`, fieldIssues(result.error)),
  );
  const view = Object.create(invocation) as Record<string, unknown>;
  for (const issue of result.error.issues) {
    const field = issue.path[0];
    if (field !== undefined && field !== 'kind') view[String(field)] = undefined;
  }
  return view as Invocation;
}
