/**
 * MCP over Streamable HTTP on 127.0.0.1, a real `Client` and real `McpServer`s (one per session)
 * in this process: one trace from the caller through the CLIENT span, the SERVER span, the
 * server's tool invocation and the tool's own work; concurrent calls in their own traces;
 * instrumented and plain peers working together; the header fallback; content per capture mode.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {
  context,
  propagation,
  SpanKind,
  SpanStatusCode,
  trace,
  type TextMapPropagator,
} from '@opentelemetry/api';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TelemetryHandler, type CaptureMode } from '../src/index.js';
import { instrumentMcpClient, instrumentMcpServer } from '../src/mcp/index.js';
import { createFixtureServer, TOOL_TAG_ATTRIBUTE, TOOL_WORK_SPAN } from './fixtures/mcp/tools.js';
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
let httpServer: HttpMcpServer | undefined;
const clients: Client[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await httpServer?.close();
  httpServer = undefined;
  await telemetry?.shutdown();
});

interface Setup {
  instrumentServer?: boolean;
  instrumentClient?: boolean;
  serverCapture?: CaptureMode;
  headers?: Record<string, string>;
  /** Each HTTP request is handled inside a span of this name, as HTTP instrumentation does. */
  httpSpan?: string;
}

async function setup(options: Setup = {}) {
  telemetry = createTestTelemetry();
  const handler = new TelemetryHandler({ ...providers(telemetry) });
  const serverHandler = new TelemetryHandler({
    ...providers(telemetry),
    captureMessageContent: options.serverCapture ?? 'none',
    baggageAttributes: { tenant: 'app.tenant' },
  });
  const tracer = telemetry.tracerProvider.getTracer('test');
  httpServer = await startHttpMcpServer(
    () => {
      const server = createFixtureServer(tracer, serverHandler);
      return options.instrumentServer === false
        ? server
        : instrumentMcpServer(server, { handler: serverHandler });
    },
    options.httpSpan
      ? (handle) =>
          tracer.startActiveSpan(options.httpSpan!, { kind: SpanKind.SERVER }, (span) =>
            handle().finally(() => span.end()),
          )
      : undefined,
  );
  const client = new Client({ name: 'test-client', version: '1.0.0' });
  if (options.instrumentClient !== false) instrumentMcpClient(client, { handler });
  clients.push(client);
  await client.connect(
    new StreamableHTTPClientTransport(httpServer.url, {
      requestInit: options.headers ? { headers: options.headers } : undefined,
    }),
  );
  const spans = () => telemetry.spans().map(fromSdk);
  return { client, handler, tracer, spans };
}

const sumOf = (result: unknown) =>
  (result as { structuredContent?: { sum: number } }).structuredContent?.sum;

describe('MCP over Streamable HTTP', () => {
  it('keeps one trace from the caller through the client, server, tool invocation and tool work', async () => {
    const { client, tracer, spans } = await setup();
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
      'server.port': Number(httpServer!.url.port),
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

  it('names prompt spans after the prompt and records resource URIs and JSON-RPC errors', async () => {
    const { client, spans } = await setup();
    await client.getPrompt({ name: 'greet', arguments: { who: 'Ada' } });
    await client.readResource({ uri: 'config://app' });
    const failure = await client.readResource({ uri: 'config://nope' }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(Error);

    const all = spans();
    expect(only(all, 'prompts/get greet', SpanKind.CLIENT).attributes['gen_ai.prompt.name']).toBe(
      'greet',
    );
    expect(only(all, 'prompts/get greet', SpanKind.SERVER).attributes['gen_ai.prompt.name']).toBe(
      'greet',
    );
    const reads = all.filter((s) => s.name === 'resources/read');
    expect(reads.map((s) => [s.kind, s.attributes['mcp.resource.uri']]).sort()).toEqual(
      [
        [SpanKind.CLIENT, 'config://app'],
        [SpanKind.CLIENT, 'config://nope'],
        [SpanKind.SERVER, 'config://app'],
        [SpanKind.SERVER, 'config://nope'],
      ].sort(),
    );
    const failed = reads.filter((s) => s.attributes['mcp.resource.uri'] === 'config://nope');
    const code = String((failure as { code: number }).code);
    for (const span of failed) {
      expect(span.attributes).toMatchObject({
        'error.type': code,
        'rpc.response.status_code': code,
      });
      expect(span.statusCode).toBe(SpanStatusCode.ERROR);
      // The error text names the request's input: content, off by default.
      expect(span.statusMessage).toBeUndefined();
    }
  });

  it('marks a failed tool as tool_error on every span, with no content unless captured', async () => {
    const { client, spans } = await setup();
    const result = await client.callTool({ name: 'fail', arguments: { secret: 'hunter2' } });
    expect(result.isError).toBe(true);
    const all = spans();
    for (const span of [
      only(all, 'tools/call fail', SpanKind.CLIENT),
      only(all, 'tools/call fail', SpanKind.SERVER),
      only(all, 'execute_tool fail'),
    ]) {
      expect(span.attributes['error.type'], span.name).toBe('tool_error');
      expect(span.statusCode).toBe(SpanStatusCode.ERROR);
      expect(JSON.stringify(span)).not.toContain('hunter2');
    }
  });

  it('records tool arguments and results on the tool invocation when the capture mode allows', async () => {
    const { client, spans } = await setup({ serverCapture: 'span_only' });
    await client.callTool({ name: 'add', arguments: { a: 2, b: 3 } });
    await client.callTool({ name: 'fail', arguments: { secret: 'hunter2' } });
    const all = spans();
    const add = only(all, 'execute_tool add');
    expect(JSON.parse(String(add.attributes['gen_ai.tool.call.arguments']))).toEqual({
      a: 2,
      b: 3,
    });
    expect(JSON.parse(String(add.attributes['gen_ai.tool.call.result']))).toEqual({ sum: 5 });
    expect(only(all, 'tools/call fail', SpanKind.SERVER).statusMessage).toContain('hunter2');
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

  it('an instrumented client works with a plain server, and a plain client with an instrumented server', async () => {
    {
      const { client, spans } = await setup({ instrumentServer: false });
      expect(sumOf(await client.callTool({ name: 'add', arguments: { a: 4, b: 4 } }))).toBe(8);
      const all = spans();
      expect(all.filter((s) => s.kind === SpanKind.SERVER)).toEqual([]);
      const clientSpan = only(all, 'tools/call add', SpanKind.CLIENT);
      expect(only(all, TOOL_WORK_SPAN).traceId).not.toBe(clientSpan.traceId);
    }
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await httpServer?.close();
    await telemetry.shutdown();
    {
      const { client, spans } = await setup({ instrumentClient: false });
      expect(sumOf(await client.callTool({ name: 'add', arguments: { a: 5, b: 5 } }))).toBe(10);
      const all = spans();
      expect(
        all.filter((s) => s.kind === SpanKind.CLIENT && 'mcp.method.name' in s.attributes),
      ).toEqual([]);
      const serverSpan = only(all, 'tools/call add', SpanKind.SERVER);
      expect(serverSpan.parentSpanId).toBeUndefined();
      expectChildOf(only(all, TOOL_WORK_SPAN), only(all, 'execute_tool add'));
    }
  });

  it('never throws into the protocol: a failing propagator leaves calls untraced but working', async () => {
    const { client: plain } = await setup({ instrumentClient: false });
    const broken: TextMapPropagator = {
      inject: () => {
        throw new Error('propagator broke');
      },
      extract: () => {
        throw new Error('propagator broke');
      },
      fields: () => [],
    };
    const client = instrumentMcpClient(new Client({ name: 'broken', version: '1.0.0' }), {
      handler: new TelemetryHandler({ ...providers(telemetry) }),
      propagator: broken,
    });
    clients.push(client);
    await client.connect(new StreamableHTTPClientTransport(httpServer!.url));
    expect(sumOf(await client.callTool({ name: 'add', arguments: { a: 1, b: 1 } }))).toBe(2);
    expect(sumOf(await plain.callTool({ name: 'add', arguments: { a: 2, b: 2 } }))).toBe(4);
  });

  it('ends the server span of a request the client gave up on as cancelled', async () => {
    const { client, spans } = await setup();
    const failure = await client
      .callTool({ name: 'wait', arguments: {} }, undefined, { timeout: 50 })
      .catch((e: unknown) => e);
    const timeoutCode = String((failure as { code: number }).code);
    const serverSpan = await vi.waitFor(() => only(spans(), 'tools/call wait', SpanKind.SERVER));
    expect(serverSpan.attributes['error.type']).toBe('cancelled');
    expect(only(spans(), 'execute_tool wait').attributes['error.type']).toBe('cancelled');
    const clientSpan = only(spans(), 'tools/call wait', SpanKind.CLIENT);
    expect(clientSpan.attributes['error.type']).toBe(timeoutCode);
    // The timeout is the client's own: no JSON-RPC error came back.
    expect(clientSpan.attributes['rpc.response.status_code']).toBeUndefined();
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
});
