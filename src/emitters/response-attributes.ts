/** Response-side attributes, known at the end; computed once per invocation end. */
import type { Attributes } from '@opentelemetry/api';
import type { ResolvedConfig } from '../config.js';
import { conventionOf } from '../conventions/index.js';
import {
  ATTR_GEN_AI_REQUEST_STREAM,
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  LATEST_EXPERIMENTAL_NAMES,
} from '../semconv.js';
import type { Invocation } from '../types.js';
import type { InvocationState } from './emitter.js';
import { putFields } from './field-attributes.js';

export function responseAttributes(
  invocation: Invocation,
  state: InvocationState,
  config: ResolvedConfig,
): Attributes {
  if (state.responseAttributes) return state.responseAttributes;
  const convention = conventionOf(invocation);
  const a: Attributes = {};
  putFields(
    a,
    invocation,
    convention.response,
    config.latestExperimental ? LATEST_EXPERIMENTAL_NAMES : undefined,
  );
  const finishReasons = convention.finishReasons?.(invocation);
  if (finishReasons) a[ATTR_GEN_AI_RESPONSE_FINISH_REASONS] = [...finishReasons];
  if (state.firstChunkTime !== undefined) {
    // A streamed response the handler saw is a streaming request, whatever the caller said.
    if (convention.streams) a[ATTR_GEN_AI_REQUEST_STREAM] = true;
    if (invocation.startTime !== undefined)
      a[ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK] =
        (state.firstChunkTime - invocation.startTime) / 1000;
  }
  lateEndpoint(a, invocation, state);
  state.responseAttributes = a;
  return a;
}

/**
 * Some integrations learn the server only when the call ends (the AI SDK reports the request
 * URL then): what the start could not pass is set at the end.
 */
function lateEndpoint(a: Attributes, invocation: Invocation, state: InvocationState): void {
  const { serverAddress, serverPort } = invocation as {
    serverAddress?: unknown;
    serverPort?: unknown;
  };
  if (
    typeof serverAddress !== 'string' ||
    state.requestAttributes?.[ATTR_SERVER_ADDRESS] !== undefined
  )
    return;
  a[ATTR_SERVER_ADDRESS] = serverAddress;
  if (typeof serverPort === 'number') a[ATTR_SERVER_PORT] = serverPort;
}
