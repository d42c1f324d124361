/**
 * Just enough HTTP for two JSON services on loopback: a `node:http` server on an ephemeral port
 * with one POST route, and a client that sends the caller's headers (where the trace context is).
 */
import {
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
} from 'node:http';
import type { AddressInfo } from 'node:net';

const REQUEST_TIMEOUT_MS = 60_000;

export type JsonRoute = (body: unknown, headers: IncomingHttpHeaders) => Promise<unknown>;

export interface JsonServer {
  url: string;
  close(): Promise<void>;
}

async function readBody(stream: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : undefined;
}

export async function serveJson(path: string, route: JsonRoute): Promise<JsonServer> {
  const server = createServer((req, res) => {
    void (async () => {
      let status = 200;
      let payload: unknown;
      if (req.method !== 'POST' || req.url !== path) {
        status = 404;
        payload = { error: `no route ${req.method} ${req.url}` };
      } else {
        try {
          payload = await route(await readBody(req), req.headers);
        } catch (error) {
          status = 500;
          payload = { error: error instanceof Error ? error.message : String(error) };
        }
      }
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** POSTs JSON; a non-2xx answer is an error carrying the server's message. */
export function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<unknown> {
  const data = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      {
        method: 'POST',
        // No keep-alive agent: nothing should hold the event loop open once the demo is done.
        agent: false,
        headers: { ...headers, 'content-type': 'application/json' },
      },
      (res) => {
        readBody(res).then((payload) => {
          if ((res.statusCode ?? 500) < 300) resolve(payload);
          else reject(new Error(`${url}: ${res.statusCode} ${JSON.stringify(payload)}`));
        }, reject);
      },
    );
    req.on('error', reject);
    // A hung service must fail the demo, not stall it.
    req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error(`${url}: no answer in time`)));
    req.end(data);
  });
}
