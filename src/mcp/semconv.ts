/**
 * The MCP conventions' names (semantic-conventions-genai, docs/gen-ai/mcp.md). Stable names are
 * imported from `@opentelemetry/semantic-conventions`; the Development-stability ones are copied
 * under the constant names `/incubating` exports, for the reason the core's semconv.ts gives
 * (that entry is not for run-time imports), and a test compares every copy with `/incubating`.
 */
export {
  ATTR_ERROR_TYPE,
  ATTR_NETWORK_PROTOCOL_NAME,
  ATTR_NETWORK_TRANSPORT,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  ERROR_TYPE_VALUE_OTHER,
  NETWORK_TRANSPORT_VALUE_PIPE,
  NETWORK_TRANSPORT_VALUE_TCP,
} from '@opentelemetry/semantic-conventions';
export {
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_TOOL_NAME,
  GEN_AI_OPERATION_NAME_VALUE_EXECUTE_TOOL,
} from '../semconv.js';

export const ATTR_MCP_METHOD_NAME = 'mcp.method.name';
export const ATTR_MCP_SESSION_ID = 'mcp.session.id';
export const ATTR_MCP_PROTOCOL_VERSION = 'mcp.protocol.version';
export const ATTR_MCP_RESOURCE_URI = 'mcp.resource.uri';
export const ATTR_JSONRPC_REQUEST_ID = 'jsonrpc.request.id';
export const ATTR_RPC_RESPONSE_STATUS_CODE = 'rpc.response.status_code';
export const ATTR_GEN_AI_PROMPT_NAME = 'gen_ai.prompt.name';

export const MCP_METHOD_NAME_VALUE_INITIALIZE = 'initialize';
export const MCP_METHOD_NAME_VALUE_TOOLS_CALL = 'tools/call';
export const MCP_METHOD_NAME_VALUE_PROMPTS_GET = 'prompts/get';
export const MCP_METHOD_NAME_VALUE_RESOURCES_READ = 'resources/read';
export const MCP_METHOD_NAME_VALUE_RESOURCES_SUBSCRIBE = 'resources/subscribe';
export const MCP_METHOD_NAME_VALUE_RESOURCES_UNSUBSCRIBE = 'resources/unsubscribe';
export const MCP_METHOD_NAME_VALUE_NOTIFICATIONS_CANCELLED = 'notifications/cancelled';

/** `error.type` for a `CallToolResult` with `isError: true` (the convention's value). */
export const MCP_ERROR_TYPE_VALUE_TOOL_ERROR = 'tool_error';
/**
 * `error.type` for a request that ended without a response: cancelled by the peer, or its
 * connection closed. The conventions have no value for it; this one is the project's.
 */
export const MCP_ERROR_TYPE_VALUE_CANCELLED = 'cancelled';
