/**
 * LangChain's MCP adapters over Streamable HTTP on 127.0.0.1: a LangChain tool backed by an MCP
 * tool, run with the GenAI callback handler inside a caller's span, gives one trace from the
 * caller through LangChain's tool span, the MCP CLIENT and SERVER spans, the server's tool
 * invocation and the tool's own work; with `loadMcpTools` and with `MultiServerMCPClient`.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { loadMcpTools, MultiServerMCPClient } from '@langchain/mcp-adapters';
import type { StructuredToolInterface } from '@langchain/core/tools';
import { context, SpanKind, trace } from '@opentelemetry/api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TelemetryHandler } from '../src/index.js';
import { GenAICallbackHandler } from '../src/langchain/index.js';
import { instrumentMcpClient, instrumentMcpServer } from '../src/mcp/index.js';
import { createFixtureServer, TOOL_WORK_SPAN } from './fixtures/mcp/tools.js';
import {
  expectChildOf,
  fromSdk,
  only,
  startHttpMcpServer,
  useW3CPropagation,
  type HttpMcpServer,
  type SpanRecord,
} from './mcp/support.js';
import { createTestTelemetry, providers, type TestTelemetry } from './support/telemetry.js';

useW3CPropagation();

let telemetry: TestTelemetry;
let handler: TelemetryHandler;
let httpServer: HttpMcpServer;
const cleanups: Array<() => Promise<void>> = [];

beforeEach(async () => {
  telemetry = createTestTelemetry();
  handler = new TelemetryHandler({ ...providers(telemetry) });
  const tracer = telemetry.tracerProvider.getTracer('test');
  httpServer = await startHttpMcpServer(() =>
    instrumentMcpServer(createFixtureServer(tracer, handler), { handler }),
  );
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
  await httpServer.close();
  await telemetry.shutdown();
});

function toolNamed(tools: StructuredToolInterface[], name: string): StructuredToolInterface {
  const tool = tools.find((t) => t.name === name);
  expect(tool, `tool ${name}`).toBeDefined();
  return tool!;
}

/**
 * Runs the LangChain tool inside a caller span: one trace from the caller to the tool's work on
 * the server. The MCP CLIENT span's parent is the active span where the adapter calls the tool;
 * LangChain's tool span is active only inside `tool()` functions (see the LangChain section of the
 * README), and the adapters build `DynamicStructuredTool`s, so here it is the caller's span, and
 * LangChain's tool span is the CLIENT span's sibling in the same trace.
 */
async function expectOneTrace(tool: StructuredToolInterface): Promise<void> {
  const caller = telemetry.tracerProvider.getTracer('test').startSpan('caller');
  const output = await context.with(trace.setSpan(context.active(), caller), () =>
    tool.invoke({ a: 2, b: 40 }, { callbacks: [new GenAICallbackHandler({ handler })] }),
  );
  caller.end();
  expect(JSON.stringify(output)).toContain('42');

  const all = telemetry.spans().map(fromSdk);
  const byId = new Map(all.map((s) => [s.spanId, s]));
  const callerSpan = only(all, 'caller');
  const langChainTool = only(
    all.filter((s) => s.scope === 'genai-telemetry/langchain'),
    'execute_tool add',
  );
  expectChildOf(langChainTool, callerSpan);
  const chain: string[] = [];
  for (
    let s: SpanRecord | undefined = only(all, TOOL_WORK_SPAN);
    s;
    s = byId.get(s.parentSpanId ?? '')
  )
    chain.push(`${s.name} ${SpanKind[s.kind]}`);
  expect(chain.slice(0, 4)).toEqual([
    `${TOOL_WORK_SPAN} INTERNAL`,
    'execute_tool add INTERNAL',
    'tools/call add SERVER',
    'tools/call add CLIENT',
  ]);
  expect(chain.at(-1)).toBe('caller INTERNAL');
  const clientSpan = only(all, 'tools/call add', SpanKind.CLIENT);
  expect([callerSpan.spanId, langChainTool.spanId]).toContain(clientSpan.parentSpanId);
  expect(clientSpan.traceId).toBe(callerSpan.traceId);
  // The transport is hooked too, also when the client was connected before it was instrumented.
  expect(clientSpan.attributes['jsonrpc.request.id']).toBe(
    only(all, 'tools/call add', SpanKind.SERVER).attributes['jsonrpc.request.id'],
  );
}

describe('@langchain/mcp-adapters with an instrumented client', () => {
  it('loadMcpTools: one trace from the caller to the tool work on the server', async () => {
    const client = instrumentMcpClient(new Client({ name: 'lc', version: '1.0.0' }), { handler });
    cleanups.push(() => client.close());
    await client.connect(new StreamableHTTPClientTransport(httpServer.url));
    const tools = await loadMcpTools('math', client);
    await expectOneTrace(toolNamed(tools, 'add'));
  });

  it('MultiServerMCPClient: its client instrumented after it connected gives the same trace', async () => {
    const multi = new MultiServerMCPClient({
      mcpServers: { math: { transport: 'http', url: httpServer.url.href } },
    });
    cleanups.push(() => multi.close());
    const tools = await multi.getTools();
    instrumentMcpClient((await multi.getClient('math'))!, { handler });
    await expectOneTrace(toolNamed(tools, 'add'));
  });
});
