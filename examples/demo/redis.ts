/**
 * Where the demo's BullMQ variant finds Redis: `REDIS_URL`, or with `--redis` a throw-away
 * server started by scripts/redis-server.sh (loopback, free port, no persistence) and stopped
 * by its PID when the demo ends.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface DemoRedis {
  url: string;
  stop(): void;
}

const SCRIPT = fileURLToPath(new URL('../../scripts/redis-server.sh', import.meta.url));

export function demoRedis(argv: readonly string[], env: NodeJS.ProcessEnv): DemoRedis | undefined {
  if (env.REDIS_URL) return { url: env.REDIS_URL, stop: () => undefined };
  if (!argv.includes('--redis')) return undefined;
  // The script says how to install redis-server when it is missing (and exits non-zero).
  const assignments = execFileSync('bash', [SCRIPT, 'start'], { encoding: 'utf8' });
  const vars = new Map(
    assignments
      .trim()
      .split('\n')
      .map((l) => l.split('=', 2) as [string, string]),
  );
  return {
    url: vars.get('REDIS_URL')!,
    stop: () => void spawnSync('bash', [SCRIPT, 'stop', vars.get('REDIS_PID_FILE')!]),
  };
}
