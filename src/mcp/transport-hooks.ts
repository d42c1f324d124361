/**
 * Sees every message of a transport, through its public `Transport` surface only: `send` is
 * wrapped, and `onmessage` / `onclose` become accessors that wrap whatever handler the SDK (or
 * anyone) assigns. The accessors delegate to the transport's own property, which matters for
 * transports that forward those handlers to an inner transport (the Node Streamable HTTP server
 * transport does). Every hook is guarded: nothing here throws into the protocol.
 */
import { context, diag } from '@opentelemetry/api';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage, MessageExtraInfo } from '@modelcontextprotocol/sdk/types.js';
import { cancelIncoming, answerIncoming, closeIncoming, startIncoming } from './incoming.js';
import type { McpEndpoint } from './endpoint.js';
import { isNotification, isRequest, isResponse } from './messages.js';
import { noteAnswerReceived, noteRequestSent } from './outgoing.js';
import { MCP_METHOD_NAME_VALUE_NOTIFICATIONS_CANCELLED } from './semconv.js';

type MessageHandler = NonNullable<Transport['onmessage']>;
type CloseHandler = NonNullable<Transport['onclose']>;

const hooked = new WeakSet<Transport>();
const wrappers = new WeakSet<object>();
/**
 * A handler that chains the one it replaced (the SDK's does) would see each message twice;
 * a message already seen is passed through untouched.
 */
const seen = new WeakSet<object>();

function report(what: string, err: unknown): void {
  diag.error(`genai-telemetry/mcp: ${what} failed; the message is handled untraced`, err);
}

function received(
  endpoint: McpEndpoint,
  deliver: MessageHandler,
  transport: Transport,
  message: JSONRPCMessage,
  extra: MessageExtraInfo | undefined,
): void {
  let handlingContext = context.active();
  try {
    if (typeof message === 'object' && message !== null && !seen.has(message)) {
      seen.add(message);
      if (isRequest(message)) handlingContext = startIncoming(endpoint, message, extra);
      else if (isResponse(message)) noteAnswerReceived(endpoint, message);
      else if (
        isNotification(message) &&
        message.method === MCP_METHOD_NAME_VALUE_NOTIFICATIONS_CANCELLED
      )
        cancelIncoming(endpoint, message.params?.requestId);
    }
  } catch (err) {
    report('tracing a received message', err);
  }
  context.with(handlingContext, deliver, transport, message, extra);
}

function sending(endpoint: McpEndpoint, message: JSONRPCMessage): void {
  try {
    if (isRequest(message)) noteRequestSent(endpoint, message);
    else if (isResponse(message)) answerIncoming(endpoint, message);
  } catch (err) {
    report('tracing a sent message', err);
  }
}

function closed(endpoint: McpEndpoint): void {
  try {
    closeIncoming(endpoint);
  } catch (err) {
    report('ending the requests of a closed connection', err);
  }
}

function propertyOf(target: object, key: string): PropertyDescriptor | undefined {
  for (let o: object | null = target; o; o = Object.getPrototypeOf(o) as object | null) {
    const descriptor = Object.getOwnPropertyDescriptor(o, key);
    if (descriptor) return descriptor;
  }
  return undefined;
}

/** Makes `transport[key]` wrap every handler assigned to it, the current one included. */
function wrapAssignments<F extends (...args: never[]) => void>(
  transport: Transport,
  key: 'onmessage' | 'onclose',
  wrap: (handler: F) => F,
): void {
  const own = propertyOf(transport, key);
  let stored = (own?.get ? own.get.call(transport) : own?.value) as F | undefined;
  const read = own?.get ? () => own.get!.call(transport) as F | undefined : () => stored;
  const write = own?.set
    ? (handler: F | undefined) => own.set!.call(transport, handler)
    : (handler: F | undefined) => {
        stored = handler;
      };
  const wrapped = (handler: F | undefined) => {
    if (typeof handler !== 'function' || wrappers.has(handler)) return handler;
    const wrapper = wrap(handler);
    wrappers.add(wrapper);
    return wrapper;
  };
  Object.defineProperty(transport, key, {
    configurable: true,
    enumerable: true,
    get: read,
    set: (handler: F | undefined) => write(wrapped(handler)),
  });
  write(wrapped(stored));
}

/** Hooks `transport` for `endpoint`, once; a transport serves one endpoint. */
export function hookTransport(endpoint: McpEndpoint, transport: Transport): void {
  if (hooked.has(transport)) return;
  hooked.add(transport);
  endpoint.attach(transport);
  wrapAssignments<MessageHandler>(
    transport,
    'onmessage',
    (deliver) =>
      function onmessage(this: unknown, message, extra) {
        received(endpoint, deliver, transport, message, extra);
      },
  );
  wrapAssignments<CloseHandler>(
    transport,
    'onclose',
    (onclose) =>
      function (this: unknown) {
        closed(endpoint);
        onclose.call(transport);
      },
  );
  const send = transport.send;
  transport.send = function (this: Transport, message, options) {
    sending(endpoint, message);
    return send.call(this, message, options);
  };
}
