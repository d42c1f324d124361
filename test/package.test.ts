/**
 * The published shape: every `exports` entry resolves from ESM and from CommonJS (by the package's
 * own name, as a consumer would), has its type declarations, and both module systems share the
 * process-wide handler. Runs against the build (`npm test` builds first).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  exports: Record<string, string | Record<string, { types: string; default: string }>>;
};
const entries = Object.entries(pkg.exports).filter(([key]) => key !== './package.json');
const specifier = (key: string) =>
  key === '.' ? 'genai-telemetry' : `genai-telemetry/${key.slice(2)}`;
const node = (args: string[]) =>
  execFileSync(process.execPath, args, { cwd: root, encoding: 'utf8' }).trim();

describe('package exports', () => {
  it('every entry points at built code and declarations for import and require', () => {
    expect(entries.map(([key]) => key)).toEqual([
      '.',
      './schemas',
      './evaluation',
      './langchain',
      './ai-sdk',
      './mcp',
      './bullmq',
      './judges',
    ]);
    for (const [, conditions] of entries) {
      for (const condition of ['import', 'require'] as const) {
        const target = (conditions as Record<string, { types: string; default: string }>)[
          condition
        ]!;
        expect(existsSync(join(root, target.default)), target.default).toBe(true);
        expect(existsSync(join(root, target.types)), target.types).toBe(true);
      }
    }
  });

  it('resolves every entry from CommonJS and from ESM by the package name', () => {
    const names = entries.map(([key]) => specifier(key));
    const cjs = node([
      '-e',
      `console.log(JSON.stringify(${JSON.stringify(names)}.map((n) => Object.keys(require(n)).length > 0)))`,
    ]);
    expect(JSON.parse(cjs)).toEqual(names.map(() => true));
    const esm = node([
      '--input-type=module',
      '-e',
      `const names = ${JSON.stringify(names)}; const mods = await Promise.all(names.map((n) => import(n))); console.log(JSON.stringify(mods.map((m) => Object.keys(m).length > 0)));`,
    ]);
    expect(JSON.parse(esm)).toEqual(names.map(() => true));
  });

  it('ESM and CommonJS consumers in one process share the process-wide handler', () => {
    const out = node([
      '--input-type=module',
      '-e',
      [
        "import { createRequire } from 'node:module';",
        "import { getTelemetryHandler } from 'genai-telemetry';",
        "const cjs = createRequire(import.meta.url)('genai-telemetry');",
        'const esmHandler = getTelemetryHandler();',
        "const inv = cjs.getTelemetryHandler().startLlm({ requestModel: 'm' });",
        'console.log(JSON.stringify({ same: esmHandler === cjs.getTelemetryHandler(), started: esmHandler.stats().started, hasSnapshot: !!inv.snapshot }));',
      ].join('\n'),
    ]);
    expect(JSON.parse(out)).toEqual({ same: true, started: 1, hasSnapshot: true });
  });

  it('ESM and CommonJS consumers in one process share the evaluator registry', () => {
    const out = node([
      '--input-type=module',
      '-e',
      [
        "import { createRequire } from 'node:module';",
        "import { registerEvaluator } from 'genai-telemetry';",
        "const cjs = createRequire(import.meta.url)('genai-telemetry/evaluation');",
        "registerEvaluator('from_esm', () => ({ name: 'from_esm', evaluate: () => [] }));",
        "console.log(JSON.stringify(cjs.registeredEvaluatorNames().includes('from_esm')));",
      ].join('\n'),
    ]);
    expect(JSON.parse(out)).toBe(true);
  });

  it('ESM and CommonJS consumers in one process share the emitter registry', () => {
    const out = node([
      '--input-type=module',
      '-e',
      [
        "import { createRequire } from 'node:module';",
        "import { registerEmitter } from 'genai-telemetry';",
        "const cjs = createRequire(import.meta.url)('genai-telemetry');",
        'const calls = [];',
        "registerEmitter({ name: 'from_esm', category: 'metrics', factory: () => ({ name: 'from_esm', category: 'metrics', onEnd: () => calls.push('end') }) });",
        "const handler = new cjs.TelemetryHandler({ emitters: 'from_esm' });",
        "handler.stopLlm(handler.startLlm({ requestModel: 'm' }));",
        'console.log(JSON.stringify(calls));',
      ].join('\n'),
    ]);
    expect(JSON.parse(out)).toEqual(['end']);
  });
});
