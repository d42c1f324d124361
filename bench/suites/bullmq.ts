/**
 * BullMQ evaluation on a real Redis (started here with scripts/redis-server.sh; the suite is
 * skipped, saying so, when redis-server is not installed):
 * (1) what the producer adds to `stop()`: stop with evaluation off, against evaluation through
 *     the BullMQ target with Redis up and with Redis unreachable (every job dropped), same run.
 *     The measure runner never yields to the event loop, so the timed stops only queue jobs; they
 *     are enqueued afterwards, and the suite checks that every one of them was accepted.
 * (2) end-to-end results per second with 1, 2 and 4 worker processes (this file again, in its
 *     worker role) running a constant-time evaluator, from the first stop to the last result
 *     emitted, with the latency from `stop()` to the result's emission (p50, p99) in that burst;
 * (3) that latency unloaded: one worker, one invocation every 20 ms.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { TelemetryHandler, type Evaluator } from '../../src/index.js';
import { bullmqEvaluationTarget, startEvaluationWorker } from '../../src/bullmq/index.js';
import { measure, printTable, type MeasureOptions } from '../support/measure.js';
import { discardingProviders, startAnsweredLlm } from '../support/invocations.js';

const WORKER_ROLE = 'GENAI_BENCH_BULLMQ_WORKER';
const EVALUATOR_MS = 5;
const WORKER_CONCURRENCY = 16;

/** The constant-time evaluator the workers run; the application only names it. */
const constantTime: Evaluator = {
  name: 'constant_time',
  evaluate: () =>
    new Promise((resolve) =>
      setTimeout(() => resolve([{ name: 'constant_time', score: 1 }]), EVALUATOR_MS),
    ),
};

/** Epoch milliseconds with sub-millisecond precision, comparable across processes. */
const epochMs = () => performance.timeOrigin + performance.now();

async function workerRole(): Promise<void> {
  const handler = new TelemetryHandler({
    ...discardingProviders(),
    evaluation: false,
  });
  handler.onEvaluationResults((inv) =>
    process.stdout.write(`${inv.snapshot!.spanId} ${epochMs()}\n`),
  );
  const worker = startEvaluationWorker({
    url: process.env.REDIS_URL,
    evaluators: [constantTime],
    concurrency: WORKER_CONCURRENCY,
    handler,
  });
  process.once('SIGTERM', () => void worker.close().then(() => process.exit(0)));
  await worker.worker.waitUntilReady();
  process.stdout.write('ready\n');
}

function redisScript(): string {
  for (
    let dir = dirname(fileURLToPath(import.meta.url));
    dir !== dirname(dir);
    dir = dirname(dir)
  ) {
    const script = join(dir, 'scripts', 'redis-server.sh');
    if (existsSync(script)) return script;
  }
  throw new Error('scripts/redis-server.sh not found above the suite');
}

function startRedis(): { url: string; stop(): void } {
  const script = redisScript();
  const started = spawnSync('bash', [script, 'start'], { encoding: 'utf8' });
  if (started.status !== 0) throw new Error(`redis-server did not start: ${started.stderr}`);
  const value = (name: string) => new RegExp(`^${name}=(.*)$`, 'm').exec(started.stdout)?.[1] ?? '';
  const pidFile = value('REDIS_PID_FILE');
  return { url: value('REDIS_URL'), stop: () => spawnSync('bash', [script, 'stop', pidFile]) };
}

let queues = 0;
function app(url: string, maxQueueSize: number) {
  const target = bullmqEvaluationTarget({
    url,
    queueName: `bench-${process.pid}-${queues++}`,
    maxPendingEnqueues: maxQueueSize,
    enqueueTimeoutMs: 30_000,
  });
  const handler = new TelemetryHandler({
    ...discardingProviders(),
    evaluation: { evaluators: [constantTime], maxQueueSize, target },
  });
  return { target, handler };
}

const until = async (condition: () => boolean) => {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
};

async function stopCost(url: string): Promise<void> {
  const plan: Required<MeasureOptions> = { rounds: 10, iterations: 1000, warmupIterations: 1000 };
  const operations = plan.warmupIterations + plan.rounds * plan.iterations;
  const stopsOf = (handler: TelemetryHandler) => {
    const started = Array.from({ length: operations }, () => startAnsweredLlm(handler));
    let next = 0;
    return () => void handler.stopLlm(started[next++]!);
  };
  const off = new TelemetryHandler({ ...discardingProviders(), evaluation: false });
  const up = app(url, operations);
  const down = app('redis://127.0.0.1:1', operations);
  // The manager's completion callback alone, on stopped invocations: its absolute share of a
  // stop (its jobs go to the unreachable target, dropped later, off the measurement).
  const aside = app('redis://127.0.0.1:1', operations);
  const managerOnly = () => {
    const manager = aside.handler.evaluation!;
    const stopped = Array.from({ length: operations }, () => off.stopLlm(startAnsweredLlm(off)));
    let next = 0;
    return () => manager.onCompletion(stopped[next++]!, {});
  };
  await until(() => up.target.connected);
  printTable(
    'BullMQ: stop latency, evaluation off vs evaluation through the BullMQ target',
    await measure(
      [
        { name: 'stop, evaluation off', fn: stopsOf(off) },
        { name: 'stop, BullMQ target, Redis up', fn: stopsOf(up.handler) },
        { name: 'stop, BullMQ target, Redis unreachable (dropped)', fn: stopsOf(down.handler) },
        { name: 'of which the evaluation manager (hand-over to the target)', fn: managerOnly() },
      ],
      plan,
    ),
  );
  const start = performance.now();
  await up.handler.forceFlush();
  const seconds = (performance.now() - start) / 1000;
  await down.handler.forceFlush();
  const accepted = up.target.stats();
  if (accepted.accepted !== operations || accepted.dropped !== 0)
    throw new Error(`expected ${operations} jobs accepted, got ${JSON.stringify(accepted)}`);
  const dropped = down.target.stats();
  if (dropped.dropped !== operations)
    throw new Error(`expected ${operations} jobs dropped, got ${JSON.stringify(dropped)}`);
  console.log(
    `\n${accepted.accepted} jobs accepted by Redis afterwards (${Math.round(operations / seconds).toLocaleString('en-US')} enqueues / s from one producer); ${dropped.dropped} dropped while unreachable`,
  );
  await Promise.all([up, down, aside].map((a) => a.handler.shutdown()).concat(off.shutdown()));
}

interface WorkerProcess {
  child: ChildProcess;
  emitted: Map<string, number>;
  ready: Promise<void>;
}

function spawnWorkers(count: number, url: string, queueName: string): WorkerProcess[] {
  return Array.from({ length: count }, () => {
    const child = spawn(process.execPath, process.execArgv.concat(fileURLToPath(import.meta.url)), {
      env: {
        ...process.env,
        [WORKER_ROLE]: '1',
        REDIS_URL: url,
        GENAI_TELEMETRY_EVALUATION_QUEUE: queueName,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const emitted = new Map<string, number>();
    const ready = new Promise<void>((resolve) => {
      createInterface({ input: child.stdout! }).on('line', (line) => {
        if (line === 'ready') return resolve();
        const [spanId, at] = line.split(' ');
        emitted.set(spanId!, Number(at));
      });
    });
    return { child, emitted, ready };
  });
}

const percentile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

/** Stops `count` invocations (all at once, or one every `paceMs`) and waits for every result. */
async function endToEnd(url: string, workers: number, count: number, paceMs = 0) {
  const { target, handler } = app(url, count);
  const pool = spawnWorkers(workers, url, target.queueName);
  try {
    await Promise.all(pool.map((w) => w.ready));
    await until(() => target.connected);
    const stoppedAt = new Map<string, number>();
    const first = epochMs();
    for (let i = 0; i < count; i++) {
      const inv = startAnsweredLlm(handler);
      stoppedAt.set(inv.snapshot!.spanId, epochMs());
      handler.stopLlm(inv);
      if (paceMs > 0) await new Promise((resolve) => setTimeout(resolve, paceMs));
    }
    const emitted = () => pool.reduce((n, w) => n + w.emitted.size, 0);
    await until(() => emitted() >= count);
    const all = pool.flatMap((w) => [...w.emitted]);
    if (all.length !== count || target.stats().dropped !== 0)
      throw new Error(
        `expected ${count} batches, got ${all.length}, ${JSON.stringify(target.stats())}`,
      );
    const last = Math.max(...all.map(([, at]) => at));
    const latencies = all.map(([spanId, at]) => at - stoppedAt.get(spanId)!).sort((a, b) => a - b);
    return {
      perSecond: count / ((last - first) / 1000),
      p50: percentile(latencies, 0.5),
      p99: percentile(latencies, 0.99),
    };
  } finally {
    for (const w of pool) w.child.kill('SIGTERM');
    await Promise.all(pool.map((w) => new Promise((resolve) => w.child.once('exit', resolve))));
    await handler.shutdown();
  }
}

async function main(): Promise<void> {
  if (spawnSync('redis-server', ['--version']).status !== 0) {
    console.log(
      '\n### BullMQ\n\nskipped: redis-server is not installed (apt-get install -y redis-server)',
    );
    return;
  }
  const redis = startRedis();
  try {
    await stopCost(redis.url);
    const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
    const count = 3000;
    console.log(
      `\n### BullMQ: end to end, ${count} invocations stopped at once, ${EVALUATOR_MS} ms evaluator, worker concurrency ${WORKER_CONCURRENCY}\n`,
    );
    console.log('| worker processes | results / s | stop → emitted p50 | p99 |');
    console.log('|---:|---:|---:|---:|');
    for (const workers of [1, 2, 4]) {
      const { perSecond, p50, p99 } = await endToEnd(redis.url, workers, count);
      console.log(`| ${workers} | ${fmt(perSecond)} | ${fmt(p50)} ms | ${fmt(p99)} ms |`);
    }
    const paced = await endToEnd(redis.url, 1, 250, 20);
    console.log(
      `\nUnloaded (1 worker, one invocation every 20 ms, 250 invocations): stop → emitted p50 ${paced.p50.toFixed(1)} ms, p99 ${paced.p99.toFixed(1)} ms`,
    );
  } finally {
    redis.stop();
  }
}

await (process.env[WORKER_ROLE] ? workerRole() : main());
