/**
 * Typed errors thrown only in strict mode. Without strict mode the same problems are reported
 * once through OpenTelemetry's `diag` logger and never reach the caller.
 */
import type { z } from 'zod';
import { ERROR_TYPE_VALUE_OTHER } from './semconv.js';

/** One problem with one field: `path` names the field (e.g. `inputMessages.0.parts.0.content`). */
export interface FieldIssue {
  path: string;
  message: string;
}

export class GenAITelemetryError extends Error {
  override name = 'GenAITelemetryError';
}

/** An invocation, evaluation result or option whose fields do not match the schema. */
export class InvalidFieldsError extends GenAITelemetryError {
  override name = 'InvalidFieldsError';
  constructor(
    readonly subject: string,
    readonly issues: readonly FieldIssue[],
  ) {
    super(
      `invalid ${subject}: ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`,
    );
  }
}

/** A lifecycle call that does not fit the invocation's state (double stop, unknown object...). */
export class InvocationStateError extends GenAITelemetryError {
  override name = 'InvocationStateError';
}

/** An option or environment variable that cannot be used. */
export class ConfigurationError extends GenAITelemetryError {
  override name = 'ConfigurationError';
}

export function fieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
}

// ---- Describing whatever was thrown (the handler, evaluation and judges alike) ----

/** The error's class name, a `{ type }` object's type, or `_OTHER`. */
export function errorType(error: unknown): string {
  if (error instanceof Error) {
    const name = error.constructor?.name;
    return name && name !== 'Object' ? name : error.name || ERROR_TYPE_VALUE_OTHER;
  }
  if (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { type?: unknown }).type === 'string'
  ) {
    return (error as { type: string }).type;
  }
  return ERROR_TYPE_VALUE_OTHER;
}

/** Never throws, whatever was thrown (throwing getters, a revoked proxy, no prototype...). */
export function errorMessage(error: unknown): string {
  try {
    if (typeof error === 'string') return error;
    if (error instanceof Error) return String(error.message);
    return String(error);
  } catch {
    return 'unprintable error';
  }
}
