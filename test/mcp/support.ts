/**
 * Shared parts of the MCP tests: W3C propagation as an application registers it, spans from
 * the in-memory exporter and from OTLP/JSON in one shape, and a Streamable HTTP MCP server on
 * 127.0.0.1 with one transport and one server instance per session, as the SDK's examples run.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { propagation, type SpanKind } from '@opentelemetry/api';
import {
  CompositePropagator,
  W3CBaggagePropagator,
  W3CTraceContextPropagator,
} from '@opentelemetry/core';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, expect } from 'vitest';
import { otlpItems, type OtlpReceiver } from '../support/otlp-receiver.js';

export function useW3CPropagation(): void {
  beforeAll(() => {
    propagation.setGlobalPropagator(
      new CompositePropagator({
        propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()],
      }),
    );
  });
  afterAll(() => propagation.disable());
}

/** A finished span, wherever it was exported from. */
export interface SpanRecord {
  name: string;
  kind: SpanKind;
  traceId: string;
  spanId: string;
  parentSpanId: string | undefined;
  attributes: Record<string, unknown>;
  statusCode: number;
  statusMessage: string | undefined;
  links: string[];
  /** The instrumentation scope's name; unknown for spans read from OTLP. */
  scope?: string;
}

export function fromSdk(span: ReadableSpan): SpanRecord {
  return {
    name: span.name,
    kind: span.kind,
    traceId: span.spanContext().traceId,
    spanId: span.spanContext().spanId,
    parentSpanId: span.parentSpanContext?.spanId,
    attributes: { ...span.attributes },
    statusCode: span.status.code,
    statusMessage: span.status.message,
    links: span.links.map((l) => l.context.spanId),
    scope: span.instrumentationScope.name,
  };
}

type OtlpValue = Record<string, unknown>;
type OtlpSpan = {
  name: string;
  kind: number;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  attributes?: Array<{ key: string; value: OtlpValue }>;
  status?: { code?: number; message?: string };
  links?: Array<{ spanId: string }>;
};

function otlpValue(value: OtlpValue): unknown {
  if ('intValue' in value) return Number(value.intValue);
  return value.stringValue ?? value.boolValue ?? value.doubleValue;
}

/** Spans the child process exported over OTLP/JSON (its kind enum is the API's plus one). */
export function remoteSpans(receiver: OtlpReceiver): SpanRecord[] {
  return otlpItems(receiver, '/v1/traces').map((item) => {
    const span = item as unknown as OtlpSpan;
    return {
      name: span.name,
      kind: (span.kind - 1) as SpanKind,
      traceId: span.traceId,
      spanId: span.spanId,
      parentSpanId: span.parentSpanId || undefined,
      attributes: Object.fromEntries(
        (span.attributes ?? []).map((a) => [a.key, otlpValue(a.value)]),
      ),
      statusCode: span.status?.code ?? 0,
      statusMessage: span.status?.message || undefined,
      links: (span.links ?? []).map((l) => l.spanId),
    };
  });
}

export function only(spans: SpanRecord[], name: string, kind?: SpanKind): SpanRecord {
  const found = spans.filter((s) => s.name === name && (kind === undefined || s.kind === kind));
  expect(
    found.map((s) => s.name),
    `exactly one span named ${name}`,
  ).toHaveLength(1);
  return found[0]!;
}

export function expectChildOf(
  child: SpanRecord,
  parent: { traceId: string; spanId: string },
): void {
  expect({ traceId: child.traceId, parentSpanId: child.parentSpanId }, child.name).toEqual({
    traceId: parent.traceId,
    parentSpanId: parent.spanId,
  });
}

export interface HttpMcpServer {
  url: URL;
  close(): Promise<void>;
}

/**
 * Streamable HTTP on 127.0.0.1: a request without a session id starts a new session. `around`
 * runs each HTTP request's handling, as an HTTP server instrumentation would.
 */
export async function startHttpMcpServer(
  newServer: () => McpServer,
  around: (handle: () => Promise<void>) => Promise<void> = (handle) => handle(),
): Promise<HttpMcpServer> {
  const sessions = new Map<string, StreamableHTTPServerTransport>();
  const servers: McpServer[] = [];
  const http: HttpServer = createServer((req, res) => {
    const sessionId = req.headers['mcp-session-id'];
    let transport = typeof sessionId === 'string' ? sessions.get(sessionId) : undefined;
    const ready = transport
      ? Promise.resolve()
      : (() => {
          const created = new StreamableHTTPServerTransport({
            sessionIdGenerator: randomUUID,
            onsessioninitialized: (id) => void sessions.set(id, created),
          });
          transport = created;
          const server = newServer();
          servers.push(server);
          return server.connect(created);
        })();
    void ready
      .then(() => around(() => transport!.handleRequest(req, res)))
      .catch((err: unknown) => {
        res.writeHead(500).end(String(err));
      });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return {
    url: new URL(`http://127.0.0.1:${port}/mcp`),
    close: async () => {
      await Promise.all(servers.map((s) => s.close()));
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
