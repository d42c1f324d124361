/**
 * `genai-telemetry/mcp`: Model Context Protocol clients and servers, traced per the MCP semantic
 * conventions, with W3C trace context carried in each request's `params._meta` (SEP-414). Needs
 * `@modelcontextprotocol/sdk` (an optional peer dependency), which is why it is a subpath.
 */
export { instrumentMcpClient, instrumentMcpServer } from './instrument.js';
export type { McpInstrumentationOptions } from './endpoint.js';
export { MCP_ERROR_TYPE_VALUE_CANCELLED, MCP_ERROR_TYPE_VALUE_TOOL_ERROR } from './semconv.js';
