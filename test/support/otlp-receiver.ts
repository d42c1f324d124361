/**
 * A minimal OTLP/HTTP receiver on loopback: it records what the official -http exporters send
 * (JSON by default, possibly gzip-compressed) and answers 200 with an empty JSON object, which
 * is a valid OTLP Export*ServiceResponse.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

export interface OtlpRequest {
  path: string;
  contentType: string;
  body: unknown;
}

export interface OtlpReceiver {
  endpoint: string;
  requests: OtlpRequest[];
  close(): Promise<void>;
}

async function bodyOf(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  return req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
}

export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const requests: OtlpRequest[] = [];
  const server = createServer((req, res) => {
    void bodyOf(req).then((raw) => {
      const contentType = req.headers['content-type'] ?? '';
      const body: unknown = contentType.includes('json') ? JSON.parse(raw.toString('utf8')) : raw;
      requests.push({ path: req.url ?? '', contentType, body });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** OTLP/JSON, loosely: only the fields the tests read. */
interface WithIds {
  traceId?: string;
  spanId?: string;
  name?: string;
  eventName?: string;
}
type Json = Record<string, unknown>;

const list = (value: unknown): Json[] => (Array.isArray(value) ? (value as Json[]) : []);

type OtlpPath = '/v1/traces' | '/v1/logs' | '/v1/metrics';
/** Where each signal keeps its items: resource level, scope level, item list. */
const KEYS: Record<OtlpPath, readonly [string, string, string]> = {
  '/v1/traces': ['resourceSpans', 'scopeSpans', 'spans'],
  '/v1/logs': ['resourceLogs', 'scopeLogs', 'logRecords'],
  '/v1/metrics': ['resourceMetrics', 'scopeMetrics', 'metrics'],
};

/** The items of every request to `path`: spans, log records or metrics, with their service. */
export function otlpItems(
  receiver: OtlpReceiver,
  path: OtlpPath,
): Array<WithIds & { service: string }> {
  const [resourceKey, scopeKey, itemKey] = KEYS[path];
  return receiver.requests
    .filter((r) => r.path === path)
    .flatMap((r) => list((r.body as Json)[resourceKey]))
    .flatMap((resource) => {
      const attributes = list((resource.resource as Json | undefined)?.attributes);
      const name = attributes.find((a) => a.key === 'service.name')?.value as Json | undefined;
      const service = String(name?.stringValue ?? '');
      return list(resource[scopeKey]).flatMap((scope) =>
        list(scope[itemKey]).map((item) => ({ ...(item as WithIds), service })),
      );
    });
}
