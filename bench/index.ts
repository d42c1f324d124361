/**
 * `npm run bench`: compiles src and bench with tsc (so what is measured is plain compiled
 * JavaScript, as users run it, not code rewritten by a loader), then runs every suite in its own
 * Node process (a fresh heap and JIT per suite, with --expose-gc for the memory figures) and
 * prints their Markdown tables. `npm run bench -- core` runs only suites whose name has "core".
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const filter = process.argv[2];
const suites = readdirSync(join(here, 'suites'))
  .filter((f) => f.endsWith('.js') && (!filter || f.includes(filter)))
  .sort();

console.log(
  `# genai-telemetry benchmarks\n\nnode ${process.version}, ${process.platform}/${process.arch}`,
);
let failed = 0;
for (const suite of suites) {
  const result = spawnSync(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', join(here, 'suites', suite)],
    {
      stdio: 'inherit',
    },
  );
  if (result.status !== 0) {
    failed++;
    console.error(`suite ${suite} failed with status ${result.status}`);
  }
}
process.exitCode = failed ? 1 : 0;
