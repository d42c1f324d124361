/**
 * The README's quickstart (examples/quickstart.mjs), run as a user runs it: `node quickstart.mjs`
 * in a project with today's OpenTelemetry JS (this fixture) and genai-telemetry as packed.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));

it('examples/quickstart.mjs runs on NodeSDK; its span, details event and metrics carry the snapshot', () => {
  const script = join(here, '.quickstart.mjs');
  copyFileSync(join(here, '..', '..', '..', 'examples', 'quickstart.mjs'), script);
  let out: string;
  try {
    out = execFileSync(process.execPath, [script], { cwd: here, encoding: 'utf8' });
  } finally {
    rmSync(script, { force: true });
  }
  const snapshot = JSON.parse(/^snapshot (.*)$/m.exec(out)![1]!) as {
    traceId: string;
    spanId: string;
  };
  // The console exporters print the span, the log record and the metrics after the snapshot.
  expect(out).toContain(`traceId: '${snapshot.traceId}'`);
  expect(out).toContain(`id: '${snapshot.spanId}'`);
  expect(out).toContain("eventName: 'gen_ai.client.inference.operation.details'");
  expect(out).toContain("name: 'gen_ai.client.operation.duration'");
  expect(out).toContain("name: 'chat gpt-4o'");
});
