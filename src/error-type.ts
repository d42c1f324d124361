/** The conventions' `error.type` of a failure: read by the handler, evaluation and judges alike. */
import { ERROR_TYPE_VALUE_OTHER } from './semconv.js';

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
