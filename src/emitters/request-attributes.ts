/** Request-side attributes, passed at span start so samplers see them; computed once per invocation. */
import type { Attributes } from '@opentelemetry/api';
import { conventionOf } from '../conventions/index.js';
import { ATTR_GEN_AI_OPERATION_NAME } from '../semconv.js';
import type { Invocation } from '../types.js';
import type { InvocationState } from './emitter.js';
import { putFields } from './field-attributes.js';

export function requestAttributes(invocation: Invocation, state: InvocationState): Attributes {
  if (state.requestAttributes) return state.requestAttributes;
  const convention = conventionOf(invocation);
  const a: Attributes = {};
  const operation = convention.operation(invocation);
  if (operation !== undefined) a[ATTR_GEN_AI_OPERATION_NAME] = operation;
  putFields(a, invocation, convention.request);
  // Baggage never overrides what the invocation says about itself.
  for (const key in state.baggageAttributes) if (!(key in a)) a[key] = state.baggageAttributes[key];
  if (invocation.attributes) Object.assign(a, invocation.attributes);
  state.requestAttributes = a;
  return a;
}
