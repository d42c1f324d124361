/** The README quickstart runs as written (from source) and its telemetry carries the snapshot. */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const tsx = createRequire(import.meta.url).resolve('tsx/cli');

describe('examples', () => {
  it('examples/quickstart.ts runs; its span and event carry the printed snapshot', () => {
    const out = execFileSync(process.execPath, [tsx, 'examples/quickstart.ts'], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    const snapshot =
      /\{\s*traceId: '([0-9a-f]{32})',\s*spanId: '([0-9a-f]{16})',\s*traceFlags: 1,\s*recording: true\s*\}/.exec(
        out,
      );
    expect(snapshot, out).not.toBeNull();
    const [, traceId, spanId] = snapshot!;
    // ConsoleSpanExporter prints the span's own id as `id`, the log exporter as `spanId`.
    expect(out).toMatch(
      new RegExp(`traceId: '${traceId}',[^}]*?name: 'chat gpt-4o',\\s*id: '${spanId}'`, 's'),
    );
    expect(out).toMatch(
      new RegExp(
        `traceId: '${traceId}',\\s*spanId: '${spanId}',[^]*?gen_ai.client.inference.operation.details`,
      ),
    );
  });
});
