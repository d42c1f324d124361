/**
 * One instrumented MCP endpoint (a `Client` or a `Server`): where its telemetry goes, what its
 * current connection is, and the calls in flight on it, by JSON-RPC id, in each direction.
 */
import {
  propagation,
  trace,
  type Attributes,
  type Span,
  type TextMapPropagator,
  type Tracer,
} from '@opentelemetry/api';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { getTelemetryHandler } from '../global.js';
import type { TelemetryHandler } from '../handler.js';
import type { ToolCallInvocation } from '../types.js';
import { PACKAGE_NAME, PACKAGE_VERSION } from '../version.js';
import { ATTR_MCP_PROTOCOL_VERSION, ATTR_MCP_SESSION_ID } from './semconv.js';
import { transportAttributes } from './transport-info.js';

export interface McpInstrumentationOptions {
  /** Where the telemetry goes; defaults to the process-wide `getTelemetryHandler()`. */
  handler?: TelemetryHandler;
  /**
   * Writes and reads the trace context in `params._meta`; defaults to the globally configured
   * propagator (`propagation` of `@opentelemetry/api`), as the conventions ask.
   */
  propagator?: TextMapPropagator;
  /**
   * Whether a `tools/call` this endpoint serves is also a `tool_call` invocation of the handler
   * (an `execute_tool` span under the SERVER span, the duration metric, content per the capture
   * mode, evaluation). Default true.
   */
  toolCallInvocations?: boolean;
}

export type RequestId = string | number;

/** A request this endpoint sent and awaits the answer to (a CLIENT span). */
export interface OutgoingCall {
  readonly span: Span;
  readonly method: string;
  id?: RequestId;
  /** The JSON-RPC error code of the peer's answer, when it was an error. */
  statusCode?: string;
}

/** A request this endpoint received and has not answered yet (a SERVER span). */
export interface IncomingCall {
  readonly span: Span;
  readonly method: string;
  readonly handler: TelemetryHandler;
  readonly tool?: ToolCallInvocation;
}

interface Telemetry {
  readonly handler: TelemetryHandler;
  readonly tracer: Tracer;
}

const MCP_SCOPE = { name: `${PACKAGE_NAME}/mcp`, version: PACKAGE_VERSION };
const telemetryByHandler = new WeakMap<TelemetryHandler, Telemetry>();

/**
 * MCP telemetry is attributed to this integration's scope unless the handler was given a scope
 * of its own; its spans come from the handler's tracer provider (the global one by default).
 */
function telemetryOf(handler: TelemetryHandler): Telemetry {
  let telemetry = telemetryByHandler.get(handler);
  if (!telemetry) {
    const scoped =
      handler.config.scope.name === PACKAGE_NAME ? handler.forScope(MCP_SCOPE) : handler;
    const { name, version } = scoped.config.scope;
    const provider = scoped.config.tracerProvider ?? trace.getTracerProvider();
    telemetry = { handler: scoped, tracer: provider.getTracer(name, version) };
    telemetryByHandler.set(handler, telemetry);
  }
  return telemetry;
}

export class McpEndpoint {
  readonly propagator: TextMapPropagator;
  readonly toolCallInvocations: boolean;
  readonly outgoing = new Map<RequestId, OutgoingCall>();
  readonly incoming = new Map<RequestId, IncomingCall>();
  /** Negotiated in `initialize`; kept for the connection's later calls. */
  protocolVersion: string | undefined;
  private transport: Transport | undefined;
  private network: Attributes = {};
  private readonly explicitHandler: TelemetryHandler | undefined;

  constructor(options: McpInstrumentationOptions) {
    this.explicitHandler = options.handler;
    this.propagator = options.propagator ?? propagation;
    this.toolCallInvocations = options.toolCallInvocations ?? true;
  }

  /** Resolved per call, so the process-wide handler may be set after instrumenting. */
  telemetry(): Telemetry {
    return telemetryOf(this.explicitHandler ?? getTelemetryHandler());
  }

  /** A new connection: its network attributes; nothing of the previous one carries over. */
  attach(transport: Transport): void {
    this.transport = transport;
    this.network = transportAttributes(transport);
    this.protocolVersion = undefined;
  }

  /** The attributes of every span on the current connection. */
  connectionAttributes(): Attributes {
    const attributes: Attributes = { ...this.network };
    const sessionId = this.transport?.sessionId;
    if (sessionId) attributes[ATTR_MCP_SESSION_ID] = sessionId;
    if (this.protocolVersion) attributes[ATTR_MCP_PROTOCOL_VERSION] = this.protocolVersion;
    return attributes;
  }

  /** Session ids and the protocol version become known during `initialize`. */
  completeConnectionAttributes(span: Span): void {
    const sessionId = this.transport?.sessionId;
    if (sessionId) span.setAttribute(ATTR_MCP_SESSION_ID, sessionId);
    if (this.protocolVersion) span.setAttribute(ATTR_MCP_PROTOCOL_VERSION, this.protocolVersion);
  }
}
