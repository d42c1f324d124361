/**
 * One Streamable HTTP set-up per test: the fixture server on 127.0.0.1 (instrumented or not)
 * and a connected `Client` (instrumented or not), with their telemetry in memory; torn down
 * after each test, or when a test sets up again.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { SpanKind, type Tracer } from '@opentelemetry/api';
import { afterEach } from 'vitest';
import { TelemetryHandler, type CaptureMode } from '../../src/index.js';
import { instrumentMcpClient, instrumentMcpServer } from '../../src/mcp/index.js';
import { createFixtureServer } from '../fixtures/mcp/tools.js';
import { createTestTelemetry, providers, type TestTelemetry } from '../support/telemetry.js';
import { fromSdk, startHttpMcpServer, type HttpMcpServer, type SpanRecord } from './support.js';

export interface HttpSetupOptions {
  instrumentServer?: boolean;
  instrumentClient?: boolean;
  serverCapture?: CaptureMode;
  headers?: Record<string, string>;
  /** Each HTTP request is handled inside a span of this name, as HTTP instrumentation does. */
  httpSpan?: string;
}

export interface HttpSession {
  client: Client;
  handler: TelemetryHandler;
  tracer: Tracer;
  telemetry: TestTelemetry;
  url: URL;
  spans(): SpanRecord[];
  /** Connects another client to the same server; closed with the rest. */
  connect(client: Client): Promise<Client>;
}

export const sumOf = (result: unknown) =>
  (result as { structuredContent?: { sum: number } }).structuredContent?.sum;

export function useHttpMcp(): (options?: HttpSetupOptions) => Promise<HttpSession> {
  let telemetry: TestTelemetry | undefined;
  let server: HttpMcpServer | undefined;
  const clients: Client[] = [];
  const teardown = async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await server?.close();
    server = undefined;
    await telemetry?.shutdown();
    telemetry = undefined;
  };
  afterEach(teardown);

  return async (options = {}) => {
    await teardown();
    const current = createTestTelemetry();
    telemetry = current;
    const handler = new TelemetryHandler({ ...providers(current) });
    const serverHandler = new TelemetryHandler({
      ...providers(current),
      captureMessageContent: options.serverCapture ?? 'none',
      baggageAttributes: { tenant: 'app.tenant' },
    });
    const tracer = current.tracerProvider.getTracer('test');
    const { httpSpan } = options;
    const listening = await startHttpMcpServer(
      () => {
        const fixture = createFixtureServer(tracer, serverHandler);
        return options.instrumentServer === false
          ? fixture
          : instrumentMcpServer(fixture, { handler: serverHandler });
      },
      httpSpan
        ? (handle) =>
            tracer.startActiveSpan(httpSpan, { kind: SpanKind.SERVER }, (span) =>
              handle().finally(() => span.end()),
            )
        : undefined,
    );
    server = listening;
    const connect = async (client: Client) => {
      clients.push(client);
      await client.connect(
        new StreamableHTTPClientTransport(listening.url, {
          requestInit: options.headers ? { headers: options.headers } : undefined,
        }),
      );
      return client;
    };
    const client = new Client({ name: 'test-client', version: '1.0.0' });
    if (options.instrumentClient !== false) instrumentMcpClient(client, { handler });
    await connect(client);
    return {
      client,
      handler,
      tracer,
      telemetry: current,
      url: listening.url,
      spans: () => current.spans().map(fromSdk),
      connect,
    };
  };
}
