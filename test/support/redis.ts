/**
 * A real Redis for the BullMQ tests and benchmarks. `useRedis()` takes `REDIS_URL` when it is set
 * (CI starts one with scripts/redis-server.sh), else starts a `redis-server` child of its own;
 * `startRedis()` always starts its own, for tests that stop and restart the server. Servers are
 * loopback-only, without persistence, in their own temporary directory, and stopped by PID.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';

export interface RedisServer {
  readonly url: string;
  /** Kills the server (an outage); start() brings it back on the same port. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops it for good and removes its directory (a no-op for one given by REDIS_URL). */
  close(): Promise<void>;
}

export const REDIS_MISSING =
  'These tests need a Redis server: set REDIS_URL (e.g. `eval "$(scripts/redis-server.sh start)"`) or install redis-server (apt-get install -y redis-server).';

export function redisServerInstalled(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Resolves once the server answers PING, rejects when it exits first. */
async function untilAnswering(port: number, child: ChildProcess): Promise<void> {
  let exited = false;
  child.once('exit', () => (exited = true));
  for (let attempt = 0; attempt < 200; attempt++) {
    if (exited) throw new Error(`redis-server on port ${port} exited at start-up`);
    const pong = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ host: '127.0.0.1', port });
      socket.once('error', () => resolve(false));
      socket.once('connect', () => socket.write('PING\r\n'));
      socket.once('data', (data) => {
        socket.destroy();
        resolve(data.toString().startsWith('+PONG'));
      });
    });
    if (pong) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`redis-server on port ${port} did not answer`);
}

/** A redis-server child of this process, restartable on the same port. */
export async function startRedis(): Promise<RedisServer> {
  if (!redisServerInstalled()) throw new Error(REDIS_MISSING);
  const dir = mkdtempSync(join(tmpdir(), 'genai-telemetry-redis-'));
  const port = await freePort();
  let child: ChildProcess | undefined;
  const server: RedisServer = {
    url: `redis://127.0.0.1:${port}`,
    async start() {
      if (child) return;
      const started = spawn(
        'redis-server',
        ['--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'no'],
        { cwd: dir, stdio: 'ignore' },
      );
      child = started;
      await untilAnswering(port, started);
    },
    async stop() {
      const running = child;
      child = undefined;
      if (!running || running.exitCode !== null) return;
      const exited = new Promise((resolve) => running.once('exit', resolve));
      process.kill(running.pid!, 'SIGKILL');
      await exited;
    },
    async close() {
      await server.stop();
      process.off('exit', killOnExit);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  // A test run that dies before close() must not leave the server behind.
  const killOnExit = () => {
    if (child?.pid) process.kill(child.pid, 'SIGKILL');
  };
  process.once('exit', killOnExit);
  await server.start();
  return server;
}

/** REDIS_URL when set, else a server of our own. */
export async function useRedis(): Promise<RedisServer> {
  const url = process.env.REDIS_URL;
  if (url) {
    const unsupported = () => Promise.reject(new Error('REDIS_URL is not ours to stop or start'));
    return { url, stop: unsupported, start: unsupported, close: async () => undefined };
  }
  return startRedis();
}

/** A Redis for one test file: started before its tests (by `start`), closed after them. */
export function redisForFile(start: () => Promise<RedisServer> = useRedis): () => RedisServer {
  let server: RedisServer | undefined;
  beforeAll(async () => {
    server = await start();
  });
  afterAll(async () => {
    await server?.close();
  });
  return () => {
    if (!server) throw new Error('the Redis of this file is not started (outside a test?)');
    return server;
  };
}
