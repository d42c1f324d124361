/**
 * What JSON-RPC messages say, as the MCP conventions name it: which kind a message is, a
 * request's span name `{mcp.method.name} {target}` and attributes, and what a result reports
 * (tool errors, the negotiated protocol version). Shared by the client and server sides, so both
 * ends of one call describe it with the same names. Messages are told apart by shape, as
 * JSON-RPC defines them, so this module needs nothing of the SDK at run time.
 */
import type { Attributes } from '@opentelemetry/api';
import {
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROMPT_NAME,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_JSONRPC_REQUEST_ID,
  ATTR_MCP_METHOD_NAME,
  ATTR_MCP_RESOURCE_URI,
  GEN_AI_OPERATION_NAME_VALUE_EXECUTE_TOOL,
  MCP_METHOD_NAME_VALUE_INITIALIZE,
  MCP_METHOD_NAME_VALUE_PROMPTS_GET,
  MCP_METHOD_NAME_VALUE_RESOURCES_READ,
  MCP_METHOD_NAME_VALUE_RESOURCES_SUBSCRIBE,
  MCP_METHOD_NAME_VALUE_RESOURCES_UNSUBSCRIBE,
  MCP_METHOD_NAME_VALUE_TOOLS_CALL,
} from './semconv.js';

/** A JSON-RPC request as both sides see it; `id` is absent before the SDK assigns one. */
export interface McpRequest {
  method: string;
  params?: Record<string, unknown>;
  id?: string | number;
}

export interface McpResponse {
  id: string | number;
  result?: unknown;
  error?: { code?: unknown; message?: unknown };
}

type Message = Record<string, unknown>;

const isObject = (value: unknown): value is Message => typeof value === 'object' && value !== null;

export function isRequest(message: unknown): message is McpRequest & { id: string | number } {
  return isObject(message) && typeof message.method === 'string' && 'id' in message;
}

export function isNotification(message: unknown): message is McpRequest {
  return isObject(message) && typeof message.method === 'string' && !('id' in message);
}

export function isResponse(message: unknown): message is McpResponse {
  return (
    isObject(message) &&
    !('method' in message) &&
    'id' in message &&
    ('result' in message || 'error' in message)
  );
}

interface MethodTarget {
  /** The `params` field that holds the target. */
  readonly param: 'name' | 'uri';
  readonly attribute: string;
  /** Tool and prompt names are low-cardinality; resource URIs are not, so never in span names. */
  readonly inSpanName: boolean;
  /** Attributes every request of the method carries. */
  readonly fixed?: Attributes;
}

const resourceUri: MethodTarget = {
  param: 'uri',
  attribute: ATTR_MCP_RESOURCE_URI,
  inSpanName: false,
};

const TARGETS: Readonly<Record<string, MethodTarget>> = {
  [MCP_METHOD_NAME_VALUE_TOOLS_CALL]: {
    param: 'name',
    attribute: ATTR_GEN_AI_TOOL_NAME,
    inSpanName: true,
    fixed: { [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION_NAME_VALUE_EXECUTE_TOOL },
  },
  [MCP_METHOD_NAME_VALUE_PROMPTS_GET]: {
    param: 'name',
    attribute: ATTR_GEN_AI_PROMPT_NAME,
    inSpanName: true,
  },
  [MCP_METHOD_NAME_VALUE_RESOURCES_READ]: resourceUri,
  [MCP_METHOD_NAME_VALUE_RESOURCES_SUBSCRIBE]: resourceUri,
  [MCP_METHOD_NAME_VALUE_RESOURCES_UNSUBSCRIBE]: resourceUri,
};

function targetOf(request: McpRequest): [MethodTarget, string] | undefined {
  const target = TARGETS[request.method];
  if (!target) return undefined;
  const value = request.params?.[target.param];
  return typeof value === 'string' && value.length > 0 ? [target, value] : undefined;
}

export function requestSpanName(request: McpRequest): string {
  const found = targetOf(request);
  return found?.[0].inSpanName ? `${request.method} ${found[1]}` : request.method;
}

/** The request's own attributes; the endpoint adds transport and session ones. */
export function requestAttributes(request: McpRequest, base: Attributes): Attributes {
  const attributes: Attributes = { ...base, [ATTR_MCP_METHOD_NAME]: request.method };
  const found = targetOf(request);
  if (found) {
    const [target, value] = found;
    attributes[target.attribute] = value;
    if (target.fixed) Object.assign(attributes, target.fixed);
  }
  if (request.id !== undefined && request.id !== null)
    attributes[ATTR_JSONRPC_REQUEST_ID] = String(request.id);
  return attributes;
}

/** The tool name of a `tools/call` request, else undefined. */
export function toolNameOf(request: McpRequest): string | undefined {
  if (request.method !== MCP_METHOD_NAME_VALUE_TOOLS_CALL) return undefined;
  const name = request.params?.name;
  return typeof name === 'string' ? name : undefined;
}

/** A `CallToolResult` with `isError: true`: the call succeeded, the tool failed. */
export function isToolError(method: string, result: unknown): boolean {
  return method === MCP_METHOD_NAME_VALUE_TOOLS_CALL && isObject(result) && result.isError === true;
}

/** What a tool returned: its structured content when it has one, else its content blocks. */
export function toolResultOf(result: unknown): unknown {
  if (!isObject(result)) return result;
  return result.structuredContent ?? result.content;
}

/** The text of a failed tool's content blocks (the SDK puts the thrown error's message there). */
export function toolErrorText(result: unknown): string {
  const content = isObject(result) && Array.isArray(result.content) ? result.content : [];
  return content
    .filter((block): block is { text: string } => isObject(block) && typeof block.text === 'string')
    .map((block) => block.text)
    .join('\n');
}

/** The protocol version an `initialize` result settled on. */
export function negotiatedVersion(method: string, result: unknown): string | undefined {
  if (method !== MCP_METHOD_NAME_VALUE_INITIALIZE || !isObject(result)) return undefined;
  return typeof result.protocolVersion === 'string' ? result.protocolVersion : undefined;
}

/** The peer's JSON-RPC error code, as the conventions write it (`error.type`, status code). */
export function errorCodeOf(response: McpResponse): string | undefined {
  const code = response.error?.code;
  return typeof code === 'number' || typeof code === 'string' ? String(code) : undefined;
}
