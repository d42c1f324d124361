/**
 * MCP over Streamable HTTP on 127.0.0.1, a real `Client` and real `McpServer`s (one per session)
 * in this process: one trace from the caller through the CLIENT span, the SERVER span, the
 * server's tool invocation and the tool's own work; concurrent calls in their own traces; the
 * span attributes; where the server's parent comes from (`_meta`, else the HTTP headers) and the
 * link to the HTTP request's span; baggage.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { CreateMessageRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { instrumentMcpClient } from '../src/mcp/index.js';
import { TOOL_TAG_ATTRIBUTE, TOOL_WORK_SPAN } from './fixtures/mcp/tools.js';
import { sumOf, useHttpMcp } from './mcp/http-session.js';
import { expectChildOf, only, useW3CPropagation, type SpanRecord } from './mcp/support.js';

useW3CPropagation();
const setup = useHttpMcp();

describe('MCP over Streamable HTTP: one trace', () => {
  it('keeps one trace from the caller through the client, server, tool invocation and tool work', async () => {
    const { client, tracer, spans, url } = await setup();
    const caller = tracer.startSpan('caller');
    const result = await context.with(trace.setSpan(context.active(), caller), () =>
      client.callTool({ name: 'add', arguments: { a: 2, b: 3 } }),
    );
    caller.end();
    expect(sumOf(result)).toBe(5);

    const all = spans();
    const callerSpan = only(all, 'caller');
    const clientSpan = only(all, 'tools/call add', SpanKind.CLIENT);
    const serverSpan = only(all, 'tools/call add', SpanKind.SERVER);
    const toolSpan = only(all, 'execute_tool add');
    expectChildOf(clientSpan, callerSpan);
    expectChildOf(serverSpan, clientSpan);
    expectChildOf(toolSpan, serverSpan);
    expectChildOf(only(all, TOOL_WORK_SPAN), toolSpan);
    expectChildOf(only(all, 'retrieval numbers'), toolSpan);

    const sessionId = (client.transport as StreamableHTTPClientTransport).sessionId;
    expect(sessionId).toBeTruthy();
    const shared = {
      'mcp.method.name': 'tools/call',
      'gen_ai.tool.name': 'add',
      'gen_ai.operation.name': 'execute_tool',
      'mcp.session.id': sessionId,
      'mcp.protocol.version': expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      'network.transport': 'tcp',
      'network.protocol.name': 'http',
      'jsonrpc.request.id': expect.any(String),
    };
    expect(clientSpan.attributes).toMatchObject({
      ...shared,
      'server.address': '127.0.0.1',
      'server.port': Number(url.port),
    });
    expect(serverSpan.attributes).toMatchObject(shared);
    expect(serverSpan.attributes['jsonrpc.request.id']).toBe(
      clientSpan.attributes['jsonrpc.request.id'],
    );
    expect(clientSpan.statusCode).toBe(SpanStatusCode.UNSET);

    // The session's initialize is one trace of its own, client to server.
    const initClient = only(all, 'initialize', SpanKind.CLIENT);
    expectChildOf(only(all, 'initialize', SpanKind.SERVER), initClient);
  });

  it('keeps 20 concurrent calls from 20 requests in their own traces', async () => {
    const { client, tracer, spans } = await setup();
    const callers = Array.from({ length: 20 }, (_, i) => tracer.startSpan(`request ${i}`));
    const results = await Promise.all(
      callers.map((caller, i) =>
        context.with(trace.setSpan(context.active(), caller), () =>
          client.callTool({ name: 'add', arguments: { a: i, b: 1, tag: String(i) } }),
        ),
      ),
    );
    for (const caller of callers) caller.end();
    expect(results.map(sumOf)).toEqual(callers.map((_, i) => i + 1));

    const all = spans();
    const byId = new Map(all.map((s) => [s.spanId, s]));
    const ancestry = (span: SpanRecord): string[] => {
      const names: string[] = [];
      for (let s = byId.get(span.parentSpanId ?? ''); s; s = byId.get(s.parentSpanId ?? ''))
        names.push(s.name);
      return names;
    };
    const work = all.filter((s) => s.name === TOOL_WORK_SPAN);
    expect(work).toHaveLength(20);
    for (const span of work) {
      const i = Number(span.attributes[TOOL_TAG_ATTRIBUTE]);
      expect(span.traceId).toBe(callers[i]!.spanContext().traceId);
      expect(ancestry(span)).toEqual([
        'execute_tool add',
        'tools/call add',
        'tools/call add',
        `request ${i}`,
      ]);
    }
  });

  it('nests the client span under a direct tool_call invocation', async () => {
    const { client, handler, spans } = await setup();
    await handler.run({ kind: 'tool_call', name: 'calculator' }, () =>
      client.callTool({ name: 'add', arguments: { a: 1, b: 1 } }),
    );
    const all = spans();
    expectChildOf(
      only(all, 'tools/call add', SpanKind.CLIENT),
      only(all, 'execute_tool calculator'),
    );
  });

  it('parents the server span to traceparent in the HTTP headers when _meta has none', async () => {
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const { client, spans } = await setup({ instrumentClient: false, headers: { traceparent } });
    await client.callTool({ name: 'add', arguments: { a: 1, b: 2 } });
    const serverSpan = only(spans(), 'tools/call add', SpanKind.SERVER);
    expect(serverSpan.traceId).toBe('0af7651916cd43dd8448eb211c80319c');
    expect(serverSpan.parentSpanId).toBe('b7ad6b7169203331');
  });

  it('prefers _meta over the HTTP headers', async () => {
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const { client, spans } = await setup({ headers: { traceparent } });
    await client.callTool({ name: 'add', arguments: { a: 1, b: 2 } });
    const all = spans();
    expectChildOf(
      only(all, 'tools/call add', SpanKind.SERVER),
      only(all, 'tools/call add', SpanKind.CLIENT),
    );
  });

  it('traces an instance once however often it is instrumented', async () => {
    const { client, handler, spans } = await setup();
    instrumentMcpClient(client, { handler });
    await client.listTools();
    expect(
      spans()
        .filter((s) => s.name === 'tools/list')
        .map((s) => s.kind)
        .sort(),
    ).toEqual([SpanKind.SERVER, SpanKind.CLIENT].sort());
  });

  it('links the server span to the HTTP request span it was received in, and carries baggage', async () => {
    const { client, spans } = await setup({ httpSpan: 'POST /mcp' });
    const baggage = propagation.createBaggage({ tenant: { value: 'acme' } });
    await context.with(propagation.setBaggage(context.active(), baggage), () =>
      client.callTool({ name: 'add', arguments: { a: 1, b: 2 } }),
    );
    const all = spans();
    const serverSpan = only(all, 'tools/call add', SpanKind.SERVER);
    expectChildOf(serverSpan, only(all, 'tools/call add', SpanKind.CLIENT));
    const httpSpans = all.filter((s) => s.name === 'POST /mcp').map((s) => s.spanId);
    expect(httpSpans).toContain(serverSpan.links[0]);
    expect(serverSpan.links).toHaveLength(1);
    expect(only(all, 'execute_tool add').attributes['app.tenant']).toBe('acme');
  });

  it("traces the server's own request to the client (sampling) inside the tool call", async () => {
    const { handler, connect, spans } = await setup();
    const client = new Client(
      { name: 'sampling-client', version: '1.0.0' },
      { capabilities: { sampling: {} } },
    );
    client.setRequestHandler(CreateMessageRequestSchema, () => ({
      model: 'local',
      role: 'assistant',
      content: { type: 'text', text: 'forty-two' },
    }));
    await connect(instrumentMcpClient(client, { handler }));
    const result = await client.callTool({ name: 'ask-model', arguments: { question: 'why?' } });
    expect(result.content).toEqual([{ type: 'text', text: 'forty-two' }]);
    const all = spans();
    const tool = only(all, 'execute_tool ask-model');
    const asked = only(all, 'sampling/createMessage', SpanKind.CLIENT);
    expectChildOf(asked, tool);
    expectChildOf(only(all, 'sampling/createMessage', SpanKind.SERVER), asked);
  });
});
