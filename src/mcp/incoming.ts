/**
 * Requests an endpoint receives: one SERVER span each, from the message's arrival until its
 * answer is sent, parented to the context in `params._meta` (else the HTTP request's headers,
 * else the ambient context), with a link to the ambient span when the parent is remote, as the
 * conventions ask. A `tools/call` is also a `tool_call` invocation of the handler under it, and
 * the SDK runs the request's handler inside that context, so the tool's own spans and GenAI
 * invocations nest there.
 */
import {
  context,
  diag,
  isSpanContextValid,
  SpanKind,
  SpanStatusCode,
  trace,
  type Context,
  type Link,
} from '@opentelemetry/api';
import type { MessageExtraInfo } from '@modelcontextprotocol/sdk/types.js';
import { remoteParent } from './carrier.js';
import type { IncomingCall, McpEndpoint, RequestId } from './endpoint.js';
import {
  errorCodeOf,
  isToolError,
  negotiatedVersion,
  requestAttributes,
  requestSpanName,
  toolErrorText,
  toolNameOf,
  toolResultOf,
  type McpRequest,
  type McpResponse,
} from './messages.js';
import { withoutOutgoingCall } from './outgoing.js';
import {
  ATTR_ERROR_TYPE,
  ATTR_MCP_PROTOCOL_VERSION,
  ATTR_RPC_RESPONSE_STATUS_CODE,
  ERROR_TYPE_VALUE_OTHER,
  MCP_ERROR_TYPE_VALUE_CANCELLED,
  MCP_ERROR_TYPE_VALUE_TOOL_ERROR,
} from './semconv.js';

/**
 * How a call failed, in the shape the handler reads a failure (`type` becomes `error.type`,
 * the string form its message, which the handler treats as content).
 */
class McpCallFailure {
  constructor(
    readonly type: string,
    readonly message: string,
    readonly statusCode?: string,
  ) {}
  toString(): string {
    return this.message;
  }
}

const CANCELLED = new McpCallFailure(MCP_ERROR_TYPE_VALUE_CANCELLED, 'no answer was sent');

/** Starts the call's telemetry; returns the context the SDK should handle the request in. */
export function startIncoming(
  endpoint: McpEndpoint,
  request: McpRequest & { id: RequestId },
  extra: MessageExtraInfo | undefined,
): Context {
  const ambient = withoutOutgoingCall(context.active());
  const { handler, tracer } = endpoint.telemetry();
  const headers = extra?.requestInfo?.headers;
  const remote = remoteParent(request, headers, ambient, endpoint.propagator);
  const ambientSpan = remote ? trace.getSpanContext(ambient) : undefined;
  const links: Link[] | undefined =
    ambientSpan && isSpanContextValid(ambientSpan) ? [{ context: ambientSpan }] : undefined;
  const attributes = requestAttributes(request, endpoint.connectionAttributes());
  // Stateless HTTP servers see no `initialize`; the client names its version in every request.
  const headerVersion = headers?.['mcp-protocol-version'];
  if (attributes[ATTR_MCP_PROTOCOL_VERSION] === undefined && typeof headerVersion === 'string')
    attributes[ATTR_MCP_PROTOCOL_VERSION] = headerVersion;
  const parent = remote ?? ambient;
  const span = tracer.startSpan(
    requestSpanName(request),
    { kind: SpanKind.SERVER, attributes, links },
    parent,
  );
  const serverContext = trace.setSpan(parent, span);
  const toolName = endpoint.toolCallInvocations ? toolNameOf(request) : undefined;
  const tool =
    toolName === undefined
      ? undefined
      : handler.startToolCall(
          { name: toolName, arguments: request.params?.arguments },
          { parentContext: serverContext },
        );
  const previous = endpoint.incoming.get(request.id);
  // A peer that reuses an id in flight breaks its own bookkeeping; ours still ends every span.
  if (previous) finishIncoming(endpoint, previous, CANCELLED);
  endpoint.incoming.set(request.id, { span, method: request.method, handler, tool });
  return tool ? handler.contextOf(tool) : serverContext;
}

/** Called by the transport hook for every answer this endpoint sends. */
export function answerIncoming(endpoint: McpEndpoint, response: McpResponse): void {
  const call = endpoint.incoming.get(response.id);
  if (!call) return;
  endpoint.incoming.delete(response.id);
  if (response.error !== undefined) {
    const code = errorCodeOf(response);
    const message = String(response.error?.message ?? '');
    finishIncoming(
      endpoint,
      call,
      new McpCallFailure(code ?? ERROR_TYPE_VALUE_OTHER, message, code),
    );
    return;
  }
  const { result } = response;
  endpoint.protocolVersion = negotiatedVersion(call.method, result) ?? endpoint.protocolVersion;
  const failure = isToolError(call.method, result)
    ? new McpCallFailure(MCP_ERROR_TYPE_VALUE_TOOL_ERROR, toolErrorText(result))
    : undefined;
  if (call.tool && !failure) call.tool.result = toolResultOf(result);
  finishIncoming(endpoint, call, failure);
}

/** The peer cancelled the request: the SDK stops its handler and sends no answer. */
export function cancelIncoming(endpoint: McpEndpoint, requestId: unknown): void {
  if (typeof requestId !== 'string' && typeof requestId !== 'number') return;
  const call = endpoint.incoming.get(requestId);
  if (!call) return;
  endpoint.incoming.delete(requestId);
  finishIncoming(endpoint, call, CANCELLED);
}

/** The connection closed: every request still in flight ends unanswered. */
export function closeIncoming(endpoint: McpEndpoint): void {
  const calls = [...endpoint.incoming.values()];
  endpoint.incoming.clear();
  for (const call of calls) finishIncoming(endpoint, call, CANCELLED);
}

function finishIncoming(
  endpoint: McpEndpoint,
  call: IncomingCall,
  failure: McpCallFailure | undefined,
): void {
  const { span, tool, handler } = call;
  try {
    endpoint.completeConnectionAttributes(span);
    if (tool) {
      if (failure) handler.failToolCall(tool, failure);
      else handler.stopToolCall(tool);
    }
    if (failure) {
      span.setAttribute(ATTR_ERROR_TYPE, failure.type);
      if (failure.statusCode) span.setAttribute(ATTR_RPC_RESPONSE_STATUS_CODE, failure.statusCode);
      // The message is content (validation errors quote the arguments, tools their input).
      const message = handler.config.contentOnSpan ? failure.message : undefined;
      span.setStatus({ code: SpanStatusCode.ERROR, message });
    }
  } catch (err) {
    diag.error('genai-telemetry/mcp: recording an answered request failed', err);
  } finally {
    span.end();
  }
}
