/**
 * Instruments one MCP `Client`, `Server` or `McpServer` instance. Both sides are the SDK's
 * `Protocol` underneath and are instrumented the same way: requests the instance sends become
 * CLIENT spans (its `request` method, through which every typed call such as `callTool` goes),
 * requests it receives SERVER spans (its transport, hooked when it connects, or at once when it
 * already has). So a server's own requests to the client (sampling, elicitation) are CLIENT spans
 * under the tool that made them, and a client answering them records SERVER spans.
 */
import { diag } from '@opentelemetry/api';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { McpEndpoint, type McpInstrumentationOptions } from './endpoint.js';
import { instrumentedRequest, type RequestMethod } from './outgoing.js';
import { hookTransport } from './transport-hooks.js';

/** What instrumenting needs of a `Protocol` instance. */
interface ProtocolInstance {
  request: RequestMethod;
  connect(this: unknown, transport: Transport, ...rest: unknown[]): Promise<void>;
  readonly transport?: Transport | undefined;
}

const endpoints = new WeakMap<object, McpEndpoint>();

function hook(endpoint: McpEndpoint, transport: Transport | undefined): void {
  if (!transport) return;
  try {
    hookTransport(endpoint, transport);
  } catch (err) {
    diag.error(
      'genai-telemetry/mcp: the transport could not be hooked; requests it receives are untraced',
      err,
    );
  }
}

function instrumentProtocol(protocol: ProtocolInstance, options: McpInstrumentationOptions): void {
  if (endpoints.has(protocol)) {
    diag.debug('genai-telemetry/mcp: this instance is already instrumented');
    return;
  }
  const endpoint = new McpEndpoint(options);
  endpoints.set(protocol, endpoint);
  protocol.request = instrumentedRequest(endpoint, protocol.request);
  const connect = protocol.connect;
  // Hooked before the SDK installs its handlers and sends `initialize`, so that one is traced too.
  protocol.connect = function (this: unknown, transport, ...rest) {
    hook(endpoint, transport);
    return connect.call(this, transport, ...rest);
  };
  hook(endpoint, protocol.transport);
}

/**
 * Traces every request `client` sends (CLIENT spans, trace context in `params._meta`) and every
 * request it receives from the server. Works before or after `connect`; returns `client`.
 */
export function instrumentMcpClient<T extends Client>(
  client: T,
  options: McpInstrumentationOptions = {},
): T {
  instrumentProtocol(client as unknown as ProtocolInstance, options);
  return client;
}

/**
 * Traces every request `server` receives (SERVER spans in the context the client sent, a
 * `tool_call` invocation for each tool call) and every request it sends to the client. Accepts
 * an `McpServer` or the low-level `Server`; works before or after `connect`; returns `server`.
 */
export function instrumentMcpServer<T extends McpServer | Server>(
  server: T,
  options: McpInstrumentationOptions = {},
): T {
  const protocol = 'server' in server ? server.server : server;
  instrumentProtocol(protocol as unknown as ProtocolInstance, options);
  return server;
}
