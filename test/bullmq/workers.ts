/** Worker processes for the BullMQ tests: test/fixtures/bullmq/worker.ts, read line by line. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { WorkerLine } from '../fixtures/bullmq/worker.js';
import { untilTrue } from './helpers.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/bullmq/worker.ts', import.meta.url));

export type ResultLine = Extract<WorkerLine, { type: 'result' }>;

export interface WorkerProcess {
  readonly id: string;
  readonly child: ChildProcess;
  readonly lines: WorkerLine[];
  readonly exited: Promise<number | null>;
  results(): ResultLine[];
  until(predicate: (line: WorkerLine) => boolean, what: string, timeoutMs?: number): Promise<void>;
  kill(signal: NodeJS.Signals): Promise<number | null>;
}

export function spawnWorker(id: string, env: Record<string, string>): WorkerProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE], {
    env: { ...process.env, WORKER_ID: id, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines: WorkerLine[] = [];
  createInterface({ input: child.stdout! }).on('line', (text) => {
    try {
      lines.push(JSON.parse(text) as WorkerLine);
    } catch {
      // not one of ours (a dependency printing); ignored
    }
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const worker: WorkerProcess = {
    id,
    child,
    lines,
    exited,
    results: () => lines.filter((l): l is ResultLine => l.type === 'result'),
    until: (predicate, what, timeoutMs = 20_000) =>
      untilTrue(() => lines.some(predicate), `${id}: ${what}`, timeoutMs),
    async kill(signal) {
      if (child.exitCode === null && child.signalCode === null) process.kill(child.pid!, signal);
      return exited;
    },
  };
  return worker;
}

/** Kills what is still running (by PID): for afterEach. */
export async function killAll(workers: readonly WorkerProcess[]): Promise<void> {
  await Promise.all(workers.map((w) => w.kill('SIGKILL')));
}
