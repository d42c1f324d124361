/**
 * An MCP tool server and an agent calling it, traced end to end: run with `npx tsx
 * examples/mcp/main.ts`. The server (Streamable HTTP on 127.0.0.1, stateless: one server and
 * transport per HTTP request) and the client share this process only to keep the example small;
 * the trace context travels in each request's `params._meta`, as it would between processes.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { context, propagation, SpanKind, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  CompositePropagator,
  W3CBaggagePropagator,
  W3CTraceContextPropagator,
} from '@opentelemetry/core';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { z } from 'zod';
import { getTelemetryHandler } from 'genai-telemetry';
import { instrumentMcpClient, instrumentMcpServer } from 'genai-telemetry/mcp';

// What the OpenTelemetry SDK's start-up registers in an application.
const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
trace.setGlobalTracerProvider(provider);
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
propagation.setGlobalPropagator(
  new CompositePropagator({
    propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()],
  }),
);
const handler = getTelemetryHandler();

// ---- the tool server ----
function weatherServer(): McpServer {
  const server = new McpServer({ name: 'weather', version: '1.0.0' });
  server.registerTool('get-weather', { inputSchema: { city: z.string() } }, async ({ city }) => {
    // Work the tool does is traced under the tool call.
    const span = trace.getTracer('weather').startSpan('lookup forecast');
    span.end();
    return { content: [{ type: 'text', text: `Sunny in ${city}` }] };
  });
  return instrumentMcpServer(server);
}

const http = createServer((req, res) => {
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
  const server = weatherServer();
  res.on('close', () => void server.close());
  void server.connect(transport).then(() => transport.handleRequest(req, res));
});
await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
const url = new URL(`http://127.0.0.1:${(http.address() as AddressInfo).port}/mcp`);

// ---- the agent ----
const client = instrumentMcpClient(new Client({ name: 'agent', version: '1.0.0' }));
await client.connect(new StreamableHTTPClientTransport(url));
const answer = await handler.run({ kind: 'agent', name: 'travel-agent' }, () =>
  client.callTool({ name: 'get-weather', arguments: { city: 'Paris' } }),
);
console.log('tool answered:', JSON.stringify(answer.content));
await client.close();
http.close();

// One trace: agent -> MCP client -> MCP server -> tool invocation -> the tool's own work.
for (const span of exporter.getFinishedSpans()) {
  const { traceId, spanId } = span.spanContext();
  const parent = span.parentSpanContext?.spanId ?? '(root)';
  console.log(
    `${traceId} ${spanId} <- ${parent.padEnd(16)} ${SpanKind[span.kind].padEnd(8)} ${span.name}`,
  );
}
