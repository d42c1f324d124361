/**
 * What a transport tells about the network, per the conventions' "Recording MCP transport"
 * table: stdio is a pipe, the HTTP transports are HTTP over TCP, WebSocket is its own protocol.
 * Transports are recognised by their SDK class names (read at run time, so this subpath loads no
 * transport module it does not need); a transport of another kind simply gets no such attributes.
 */
import type { Attributes } from '@opentelemetry/api';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import {
  ATTR_NETWORK_PROTOCOL_NAME,
  ATTR_NETWORK_TRANSPORT,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  NETWORK_TRANSPORT_VALUE_PIPE,
  NETWORK_TRANSPORT_VALUE_TCP,
} from './semconv.js';

const PIPE: Attributes = { [ATTR_NETWORK_TRANSPORT]: NETWORK_TRANSPORT_VALUE_PIPE };
const HTTP: Attributes = {
  [ATTR_NETWORK_TRANSPORT]: NETWORK_TRANSPORT_VALUE_TCP,
  [ATTR_NETWORK_PROTOCOL_NAME]: 'http',
};
const WEBSOCKET: Attributes = {
  [ATTR_NETWORK_TRANSPORT]: NETWORK_TRANSPORT_VALUE_TCP,
  [ATTR_NETWORK_PROTOCOL_NAME]: 'websocket',
};

const BY_CLASS: Readonly<Record<string, Attributes>> = {
  StdioClientTransport: PIPE,
  StdioServerTransport: PIPE,
  StreamableHTTPClientTransport: HTTP,
  StreamableHTTPServerTransport: HTTP,
  WebStandardStreamableHTTPServerTransport: HTTP,
  SSEClientTransport: HTTP,
  SSEServerTransport: HTTP,
  WebSocketClientTransport: WEBSOCKET,
};

const DEFAULT_PORTS: Readonly<Record<string, number>> = {
  'http:': 80,
  'https:': 443,
  'ws:': 80,
  'wss:': 443,
};

/**
 * The client transports keep the server URL in a field the SDK does not declare public; it is
 * read defensively, and a transport without it just has no `server.*` attributes.
 */
function serverUrlOf(transport: Transport): URL | undefined {
  const url = (transport as { _url?: unknown })._url;
  return url instanceof URL ? url : undefined;
}

/** Network attributes of every span on this transport; computed once per connection. */
export function transportAttributes(transport: Transport): Attributes {
  const network = BY_CLASS[transport.constructor?.name ?? ''];
  const attributes: Attributes = { ...network };
  const url = serverUrlOf(transport);
  if (url) {
    attributes[ATTR_SERVER_ADDRESS] = url.hostname;
    const port = url.port ? Number(url.port) : DEFAULT_PORTS[url.protocol];
    if (port !== undefined) attributes[ATTR_SERVER_PORT] = port;
  }
  return attributes;
}
