// Prepares the fixture projects of test/sdk-lines, one per OpenTelemetry JS line: each installs
// that line's API and SDK packages from npm, and this package as `npm pack` makes it, so the
// cross-line tests load genai-telemetry exactly as a user's project would, beside that line.
// Dependencies are installed only when a fixture's package.json changed; the packed package is
// refreshed on every run (after `npm run build`). Run by `npm test` (pretest).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = process.cwd();
const linesDir = join(root, 'test', 'sdk-lines');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const run = (args, cwd) => execFileSync(npm, args, { cwd, stdio: ['ignore', 'pipe', 'inherit'] });

const packDir = mkdtempSync(join(tmpdir(), 'genai-telemetry-pack-'));
try {
  const tarball = join(
    packDir,
    String(run(['pack', '--silent', '--pack-destination', packDir], root))
      .trim()
      .split('\n')
      .pop(),
  );
  for (const line of readdirSync(linesDir, { withFileTypes: true })) {
    const dir = join(linesDir, line.name);
    if (!line.isDirectory() || !existsSync(join(dir, 'package.json'))) continue;
    const manifest = readFileSync(join(dir, 'package.json'));
    const stamp = join(dir, 'node_modules', '.genai-telemetry-deps');
    const wanted = createHash('sha256').update(manifest).digest('hex');
    if (!existsSync(stamp) || readFileSync(stamp, 'utf8') !== wanted) {
      console.log(`sdk-lines: installing ${line.name} (${JSON.parse(manifest).description})`);
      run(['install', '--no-package-lock', '--no-audit', '--no-fund', '--loglevel=error'], dir);
      writeFileSync(stamp, wanted);
    }
    // The packed package replaces the previous one; its own dependencies are the fixture's.
    const target = join(dir, 'node_modules', 'genai-telemetry');
    rmSync(target, { recursive: true, force: true });
    mkdirSync(target, { recursive: true });
    execFileSync('tar', ['-xzf', tarball, '-C', target, '--strip-components=1']);
  }
} finally {
  rmSync(packDir, { recursive: true, force: true });
}
