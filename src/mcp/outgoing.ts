/**
 * Requests an endpoint sends: one CLIENT span each, started in the caller's context (so a tool
 * call made inside a LangChain tool, an AI SDK tool or a `tool_call` invocation nests under it),
 * with the span's context injected into `params._meta`. The SDK assigns the JSON-RPC id while
 * sending, in the request's own context: the transport hook reads the id there.
 */
import {
  context,
  createContextKey,
  diag,
  SpanKind,
  SpanStatusCode,
  trace,
  type Context,
} from '@opentelemetry/api';
import { withTraceContext } from './carrier.js';
import type { McpEndpoint, OutgoingCall } from './endpoint.js';
import {
  errorCodeOf,
  isToolError,
  negotiatedVersion,
  requestAttributes,
  requestSpanName,
  type McpRequest,
  type McpResponse,
} from './messages.js';
import {
  ATTR_ERROR_TYPE,
  ATTR_JSONRPC_REQUEST_ID,
  ATTR_RPC_RESPONSE_STATUS_CODE,
  ERROR_TYPE_VALUE_OTHER,
  MCP_ERROR_TYPE_VALUE_TOOL_ERROR,
} from './semconv.js';

const OUTGOING_CALL = createContextKey('genai-telemetry/mcp outgoing call');

/** `Protocol.request`, as far as instrumenting it needs to know. */
export type RequestMethod = (
  this: unknown,
  request: McpRequest,
  resultSchema: unknown,
  options?: unknown,
) => Promise<unknown>;

/** An in-process peer receives in the sender's context: its requests must not look like ours. */
export function withoutOutgoingCall(ctx: Context): Context {
  return ctx.getValue(OUTGOING_CALL) === undefined ? ctx : ctx.deleteValue(OUTGOING_CALL);
}

export function instrumentedRequest(endpoint: McpEndpoint, original: RequestMethod): RequestMethod {
  return function request(this: unknown, req, resultSchema, options) {
    const started = startOutgoing(endpoint, req);
    if (!started) return original.call(this, req, resultSchema, options);
    const [call, callContext, sent] = started;
    let answer: Promise<unknown>;
    try {
      answer = context.with(callContext, original, this, sent, resultSchema, options);
    } catch (err) {
      failOutgoing(endpoint, call, err);
      throw err;
    }
    return answer.then(
      (result) => {
        endOutgoing(endpoint, call, result);
        return result;
      },
      (err: unknown) => {
        failOutgoing(endpoint, call, err);
        throw err;
      },
    );
  };
}

function startOutgoing(
  endpoint: McpEndpoint,
  request: McpRequest,
): [OutgoingCall, Context, McpRequest] | undefined {
  let call: OutgoingCall | undefined;
  try {
    const parent = context.active();
    const span = endpoint.telemetry().tracer.startSpan(
      requestSpanName(request),
      {
        kind: SpanKind.CLIENT,
        attributes: requestAttributes(request, endpoint.connectionAttributes()),
      },
      parent,
    );
    call = { span, method: request.method };
    const spanContext = trace.setSpan(parent, span);
    const sent = withTraceContext(request, spanContext, endpoint.propagator);
    return [call, spanContext.setValue(OUTGOING_CALL, call), sent];
  } catch (err) {
    call?.span.end();
    diag.error('genai-telemetry/mcp: a request could not be traced; it is sent untraced', err);
    return undefined;
  }
}

/** Called by the transport hook as the SDK sends a request: the id it assigned. */
export function noteRequestSent(endpoint: McpEndpoint, request: McpRequest): void {
  const call = context.active().getValue(OUTGOING_CALL) as OutgoingCall | undefined;
  if (!call || call.id !== undefined || call.method !== request.method || request.id === undefined)
    return;
  call.id = request.id;
  call.span.setAttribute(ATTR_JSONRPC_REQUEST_ID, String(request.id));
  endpoint.outgoing.set(request.id, call);
}

/** Called by the transport hook for every answer received: an error's JSON-RPC code. */
export function noteAnswerReceived(endpoint: McpEndpoint, response: McpResponse): void {
  const call = endpoint.outgoing.get(response.id);
  if (call && response.error !== undefined) call.statusCode = errorCodeOf(response);
}

function endOutgoing(endpoint: McpEndpoint, call: OutgoingCall, result: unknown): void {
  const { span } = call;
  try {
    forget(endpoint, call);
    endpoint.protocolVersion = negotiatedVersion(call.method, result) ?? endpoint.protocolVersion;
    endpoint.completeConnectionAttributes(span);
    if (isToolError(call.method, result)) {
      span.setAttribute(ATTR_ERROR_TYPE, MCP_ERROR_TYPE_VALUE_TOOL_ERROR);
      span.setStatus({ code: SpanStatusCode.ERROR });
    }
  } catch (err) {
    diag.error('genai-telemetry/mcp: recording a response failed', err);
  } finally {
    span.end();
  }
}

/**
 * `error.type` is the JSON-RPC code when there is one (the peer's, or the SDK's own for a
 * timeout or a closed connection), else the error's class name. The message is content (a
 * peer's validation error quotes the arguments): on the span only when the capture mode allows.
 */
function failOutgoing(endpoint: McpEndpoint, call: OutgoingCall, error: unknown): void {
  const { span } = call;
  try {
    forget(endpoint, call);
    endpoint.completeConnectionAttributes(span);
    span.setAttribute(ATTR_ERROR_TYPE, call.statusCode ?? localErrorType(error));
    if (call.statusCode) span.setAttribute(ATTR_RPC_RESPONSE_STATUS_CODE, call.statusCode);
    const withContent = endpoint.telemetry().handler.config.contentOnSpan;
    span.setStatus({
      code: SpanStatusCode.ERROR,
      message: withContent && error instanceof Error ? error.message : undefined,
    });
  } catch (err) {
    diag.error('genai-telemetry/mcp: recording a failed request failed', err);
  } finally {
    span.end();
  }
}

function forget(endpoint: McpEndpoint, call: OutgoingCall): void {
  if (call.id !== undefined && endpoint.outgoing.get(call.id) === call)
    endpoint.outgoing.delete(call.id);
}

function localErrorType(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'number') return String(code);
  return error instanceof Error ? error.constructor.name || error.name : ERROR_TYPE_VALUE_OTHER;
}
