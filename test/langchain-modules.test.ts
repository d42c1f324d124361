import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const root = join(import.meta.dirname, '..');
const outDir = join(root, 'node_modules', '.cache', 'genai-telemetry-test-cjs');

describe('genai-telemetry/langchain from ESM and CommonJS together', () => {
  it('shares one process-wide registration between the two builds', () => {
    // A CommonJS build of the sources, exactly as the package's CJS build compiles them.
    execFileSync(
      process.execPath,
      [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.cjs.json', '--outDir', outDir],
      { cwd: root, stdio: 'pipe' },
    );
    const output = execFileSync(
      process.execPath,
      ['--import', 'tsx', join(root, 'test/fixtures/langchain-dual.mts'), outDir],
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
