/** Bounded metric dimensions: never ids, never content. */
import type { Attributes } from '@opentelemetry/api';
import { conventionOf } from '../conventions/index.js';
import { ATTR_GEN_AI_OPERATION_NAME } from '../semconv.js';
import type { Invocation } from '../types.js';
import { putFields } from './field-attributes.js';

/** The longest string a metric attribute keeps. */
export const MAX_METRIC_ATTRIBUTE_LENGTH = 256;

export function metricAttributes(invocation: Invocation): Attributes {
  const convention = conventionOf(invocation);
  const a: Attributes = {};
  const operation = convention.operation(invocation);
  if (operation !== undefined) a[ATTR_GEN_AI_OPERATION_NAME] = operation;
  putFields(a, invocation, convention.metric);
  // A dimension is a name, not content: an overlong value (a model id built from user input,
  // say) is cut so one bad value cannot bloat every point it keys.
  for (const key in a) {
    const value = a[key];
    if (typeof value === 'string' && value.length > MAX_METRIC_ATTRIBUTE_LENGTH) {
      a[key] = value.slice(0, MAX_METRIC_ATTRIBUTE_LENGTH);
    }
  }
  return a;
}
