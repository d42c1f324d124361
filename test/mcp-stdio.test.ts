/**
 * A real MCP server in a child process over stdio, exporting its spans over OTLP/HTTP to a
 * loopback receiver, and a real instrumented `Client` here: the caller's span, the CLIENT span,
 * the child's SERVER span, its tool invocation and the tool's own work are one trace; a plain
 * server still serves an instrumented client.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TelemetryHandler } from '../src/index.js';
import { instrumentMcpClient } from '../src/mcp/index.js';
import { TOOL_WORK_SPAN } from './fixtures/mcp/tools.js';
import { expectChildOf, fromSdk, only, remoteSpans, useW3CPropagation } from './mcp/support.js';
import { startOtlpReceiver, type OtlpReceiver } from './support/otlp-receiver.js';
import { createTestTelemetry, providers, type TestTelemetry } from './support/telemetry.js';

useW3CPropagation();

const FIXTURE = fileURLToPath(new URL('./fixtures/mcp/stdio-server.ts', import.meta.url));

let receiver: OtlpReceiver;
let telemetry: TestTelemetry;

beforeEach(async () => {
  receiver = await startOtlpReceiver();
  telemetry = createTestTelemetry();
});
afterEach(async () => {
  await receiver.close();
  await telemetry.shutdown();
});

/** Runs `calls` against a fresh child; its spans are all exported once `close` returns. */
async function withChild(
  env: Record<string, string>,
  calls: (client: Client) => Promise<void>,
  instrumentClient = true,
): Promise<string> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: ['--import', 'tsx', FIXTURE],
    env: {
      ...(process.env as Record<string, string>),
      MCP_FIXTURE_OTLP_ENDPOINT: receiver.endpoint,
      ...env,
    },
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const handler = new TelemetryHandler({ ...providers(telemetry) });
  const client = new Client({ name: 'stdio-test', version: '1.0.0' });
  if (instrumentClient) instrumentMcpClient(client, { handler });
  await client.connect(transport);
  try {
    await calls(client);
  } finally {
    // The child flushes its exporter when its stdin ends; close waits for it to exit.
    await client.close();
  }
  return stderr;
}

describe('MCP over stdio with a server in a child process', () => {
  it('keeps one trace from the caller through both processes', async () => {
    const tracer = telemetry.tracerProvider.getTracer('test');
    const caller = tracer.startSpan('caller');
    await withChild({}, async (client) => {
      const result = await context.with(trace.setSpan(context.active(), caller), () =>
        client.callTool({ name: 'add', arguments: { a: 20, b: 22 } }),
      );
      expect(result.structuredContent).toEqual({ sum: 42 });
    });
    caller.end();

    const local = telemetry.spans().map(fromSdk);
    const remote = remoteSpans(receiver);
    const clientSpan = only(local, 'tools/call add', SpanKind.CLIENT);
    expectChildOf(clientSpan, only(local, 'caller'));
    expect(clientSpan.attributes).toMatchObject({
      'mcp.method.name': 'tools/call',
      'gen_ai.tool.name': 'add',
      'gen_ai.operation.name': 'execute_tool',
      'network.transport': 'pipe',
      'jsonrpc.request.id': expect.any(String),
      'mcp.protocol.version': expect.any(String),
    });
    expect(clientSpan.attributes['mcp.session.id']).toBeUndefined();

    const serverSpan = only(remote, 'tools/call add', SpanKind.SERVER);
    expectChildOf(serverSpan, clientSpan);
    expect(serverSpan.attributes).toMatchObject({
      'mcp.method.name': 'tools/call',
      'network.transport': 'pipe',
      'jsonrpc.request.id': clientSpan.attributes['jsonrpc.request.id'],
      'mcp.protocol.version': clientSpan.attributes['mcp.protocol.version'],
    });
    const toolSpan = only(remote, 'execute_tool add', SpanKind.INTERNAL);
    expectChildOf(toolSpan, serverSpan);
    expectChildOf(only(remote, TOOL_WORK_SPAN), toolSpan);
    expectChildOf(only(remote, 'retrieval numbers'), toolSpan);
    expectChildOf(
      only(remote, 'initialize', SpanKind.SERVER),
      only(local, 'initialize', SpanKind.CLIENT),
    );
  });

  it('reports a failing tool as tool_error on both sides', async () => {
    await withChild({}, async (client) => {
      const result = await client.callTool({ name: 'fail', arguments: { secret: 's3cret' } });
      expect(result.isError).toBe(true);
    });
    const clientSpan = only(telemetry.spans().map(fromSdk), 'tools/call fail', SpanKind.CLIENT);
    const serverSpan = only(remoteSpans(receiver), 'tools/call fail', SpanKind.SERVER);
    for (const span of [clientSpan, serverSpan]) {
      expect(span.attributes['error.type']).toBe('tool_error');
      expect(span.statusCode).toBe(SpanStatusCode.ERROR);
    }
  });

  it('an instrumented client works with a plain server process', async () => {
    await withChild({ MCP_FIXTURE_INSTRUMENTED: '0' }, async (client) => {
      const result = await client.callTool({ name: 'add', arguments: { a: 1, b: 2 } });
      expect(result.structuredContent).toEqual({ sum: 3 });
    });
    const clientSpan = only(telemetry.spans().map(fromSdk), 'tools/call add', SpanKind.CLIENT);
    const remote = remoteSpans(receiver);
    expect(remote.filter((s) => s.kind === SpanKind.SERVER)).toEqual([]);
    expect(only(remote, TOOL_WORK_SPAN).traceId).not.toBe(clientSpan.traceId);
  });

  it('a plain client works with an instrumented server process, whose spans start a trace', async () => {
    await withChild(
      {},
      async (client) => {
        const result = await client.callTool({ name: 'add', arguments: { a: 1, b: 2 } });
        expect(result.structuredContent).toEqual({ sum: 3 });
      },
      false,
    );
    expect(telemetry.spans()).toEqual([]);
    const remote = remoteSpans(receiver);
    const serverSpan = only(remote, 'tools/call add', SpanKind.SERVER);
    expect(serverSpan.parentSpanId).toBeUndefined();
    expectChildOf(only(remote, TOOL_WORK_SPAN), only(remote, 'execute_tool add'));
  });
});
