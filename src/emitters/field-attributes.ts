/** Copies the fields an attribute list names from an invocation onto attributes. */
import type { Attributes, AttributeValue } from '@opentelemetry/api';
import type { FieldAttributes } from '../conventions/kind-convention.js';
import type { Invocation } from '../types.js';

export function putFields(
  attributes: Attributes,
  invocation: Invocation,
  fields: FieldAttributes<Invocation>,
  rename?: Readonly<Record<string, string>>,
): void {
  const values = invocation as unknown as Record<string, AttributeValue | undefined>;
  for (const [attribute, field] of fields) {
    const value = values[field];
    if (value !== undefined) attributes[rename?.[attribute] ?? attribute] = value;
  }
}
