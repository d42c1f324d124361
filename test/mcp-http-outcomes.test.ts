/**
 * MCP over Streamable HTTP on 127.0.0.1: how calls end (JSON-RPC errors, failed tools,
 * cancellation), what content reaches the spans per capture mode, instrumented and plain peers
 * together, and instrumentation that fails without failing the call.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SpanKind, SpanStatusCode, type TextMapPropagator } from '@opentelemetry/api';
import { describe, expect, it, vi } from 'vitest';
import { TelemetryHandler } from '../src/index.js';
import { instrumentMcpClient } from '../src/mcp/index.js';
import { TOOL_WORK_SPAN } from './fixtures/mcp/tools.js';
import { sumOf, useHttpMcp } from './mcp/http-session.js';
import { expectChildOf, only, useW3CPropagation } from './mcp/support.js';
import { providers } from './support/telemetry.js';

useW3CPropagation();
const setup = useHttpMcp();

describe('MCP over Streamable HTTP: outcomes', () => {
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

  it('an instrumented client works with a plain server, and a plain client with an instrumented server', async () => {
    {
      const { client, spans } = await setup({ instrumentServer: false });
      expect(sumOf(await client.callTool({ name: 'add', arguments: { a: 4, b: 4 } }))).toBe(8);
      const all = spans();
      expect(all.filter((s) => s.kind === SpanKind.SERVER)).toEqual([]);
      const clientSpan = only(all, 'tools/call add', SpanKind.CLIENT);
      expect(only(all, TOOL_WORK_SPAN).traceId).not.toBe(clientSpan.traceId);
    }
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
    const { client: plain, telemetry, connect } = await setup({ instrumentClient: false });
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
    await connect(client);
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
});
