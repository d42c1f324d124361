/**
 * `npm run demo` with OTEL_EXPORTER_OTLP_ENDPOINT set, run as the command it is (a child
 * process), against an OTLP/HTTP receiver on loopback: the official -http exporters of all three
 * services deliver traces, logs and metrics, and the trace the demo printed is the one received.
 */
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVICES } from '../examples/demo/protocol.js';
import { otlpItems, startOtlpReceiver, type OtlpReceiver } from './support/otlp-receiver.js';

const tsx = createRequire(import.meta.url).resolve('tsx/cli');
const run = promisify(execFile);

let receiver: OtlpReceiver;
beforeAll(async () => {
  receiver = await startOtlpReceiver();
});
afterAll(() => receiver.close());

/** The demo's last line: `trace <id>: ...`. */
const printedTrace = (stdout: string) => /^trace ([0-9a-f]{32}): /m.exec(stdout)?.[1];

/** Runs the demo's command; it rejects on a non-zero exit code. */
async function demoCommand(spans: 'on' | 'off'): Promise<string> {
  receiver.requests.length = 0;
  // The receiver runs in this process, so the demo must run asynchronously beside it.
  const { stdout } = await run(process.execPath, [tsx, 'examples/demo/main.ts'], {
    env: { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint, DEMO_SPANS: spans },
    timeout: 150_000,
    encoding: 'utf8',
  });
  return stdout;
}

describe('npm run demo with OTLP export', () => {
  it('an endpoint where nothing listens fails at once, with a line that says so', async () => {
    const refused = await run(process.execPath, [tsx, 'examples/demo/main.ts'], {
      env: { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9' },
      timeout: 30_000,
      encoding: 'utf8',
    }).then(
      () => undefined,
      (error: { code?: number; stderr?: string }) => error,
    );
    expect(refused?.code).toBe(1);
    expect(refused?.stderr).toMatch(/nothing answers at http:\/\/127\.0\.0\.1:9\/v1\/traces/);
  });

  it('exports the one trace, its log events and its metrics over OTLP/HTTP JSON', async () => {
    const stdout = await demoCommand('on');
    expect(stdout).toMatch(/all correlated$/m);
    const traceId = printedTrace(stdout);
    expect(traceId).toBeDefined();

    const paths = new Set(receiver.requests.map((r) => r.path));
    expect(paths).toEqual(new Set(['/v1/traces', '/v1/logs', '/v1/metrics']));
    for (const request of receiver.requests) expect(request.contentType).toMatch(/json/);

    const spans = otlpItems(receiver, '/v1/traces');
    expect(String(spans.length)).toBe(/, (\d+) spans, /.exec(stdout)?.[1]);
    expect(new Set(spans.map((s) => s.service))).toEqual(new Set(Object.values(SERVICES)));
    expect(new Set(spans.map((s) => s.traceId))).toEqual(new Set([traceId]));

    const logs = otlpItems(receiver, '/v1/logs');
    const spanIds = new Set(spans.map((s) => s.spanId));
    expect(logs.filter((l) => l.eventName === 'gen_ai.evaluation.result').length).toBeGreaterThan(
      0,
    );
    for (const log of logs) {
      expect(log.traceId).toBe(traceId);
      expect(spanIds).toContain(log.spanId);
    }

    const metrics = new Set(otlpItems(receiver, '/v1/metrics').map((m) => m.name));
    for (const name of [
      'gen_ai.client.operation.duration',
      'gen_ai.client.token.usage',
      'gen_ai.evaluation.score',
    ])
      expect(metrics).toContain(name);
  }, 180_000);

  it('DEMO_SPANS=off: no trace is exported, logs and metrics still carry the one trace id', async () => {
    const stdout = await demoCommand('off');
    expect(stdout).toMatch(/0 spans \(off\), .*all correlated$/m);
    const traceId = printedTrace(stdout);
    expect(otlpItems(receiver, '/v1/traces')).toEqual([]);
    const logs = otlpItems(receiver, '/v1/logs');
    expect(new Set(logs.map((l) => l.service))).toEqual(
      new Set([SERVICES.gateway, SERVICES.worker]),
    );
    expect(new Set(logs.map((l) => l.traceId))).toEqual(new Set([traceId]));
    expect(logs.filter((l) => l.eventName === 'gen_ai.evaluation.result').length).toBeGreaterThan(
      0,
    );
    expect(otlpItems(receiver, '/v1/metrics').map((m) => m.name)).toContain(
      'gen_ai.evaluation.score',
    );
  }, 180_000);
});
