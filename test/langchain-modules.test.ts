import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
// The package's own CommonJS build, which `npm test` makes before the tests run.
const cjsBuild = join(root, 'dist', 'cjs');

describe('genai-telemetry/langchain from ESM and CommonJS together', () => {
  it('shares one process-wide registration between the two builds', () => {
    const output = execFileSync(
      process.execPath,
      ['--import', 'tsx', join(root, 'test/fixtures/langchain-dual.mts'), cjsBuild],
      { cwd: root, encoding: 'utf8' },
    );
    const result = JSON.parse(output.trim().split('\n').at(-1)!);
    expect(result).toEqual({
      sameUndo: true,
      cjsHandlerIsBaseCallbackHandler: true,
      spans: ['invoke_workflow esm_run', 'invoke_workflow cjs_run'],
    });
  }, 120_000);
});
