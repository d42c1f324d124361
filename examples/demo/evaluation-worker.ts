/** The gateway side of the evaluation worker: starts the thread, sends jobs, collects at the end. */
import { Worker } from 'node:worker_threads';
import type { EvaluationOptions } from '../../src/index.js';
import type { ServiceCollection } from './collected.js';
import type { EvaluationJob, FromWorker, ToWorker, WorkerSettings } from './protocol.js';
import { JobQueue } from './queue.js';

/** Where the gateway's model calls are evaluated: a worker thread, or a process fed over BullMQ. */
export interface EvaluationSide {
  /** The gateway's hook for each finished model call (the thread variant)... */
  readonly enqueueEvaluation?: ((job: EvaluationJob) => void) | undefined;
  /** ...or its own evaluation manager's options (the BullMQ variant). */
  readonly evaluation?: EvaluationOptions | undefined;
  /** Resolves once the worker has loaded its evaluators. */
  readonly ready: Promise<void>;
  /** After the request: waits for every accepted evaluation; what went wrong with any. */
  drained(): Promise<string[]>;
  /** The worker's telemetry; the worker ends after handing it over. */
  finish(): Promise<ServiceCollection>;
  /** Ends the worker on every path; safe to call again. */
  stop(): Promise<void>;
}

export function threadEvaluation(settings: WorkerSettings): EvaluationSide {
  const worker = new EvaluationWorker(settings);
  const queue = new JobQueue((job: EvaluationJob) => worker.evaluate(job));
  return {
    enqueueEvaluation: (job) => queue.push(job),
    ready: worker.ready,
    async drained() {
      await queue.drained();
      return [
        ...queue.stats.failures.map((f) => `evaluation job failed: ${f}`),
        ...(queue.stats.dropped ? [`${queue.stats.dropped} evaluation jobs dropped`] : []),
      ];
    },
    finish: () => worker.finish(),
    stop: () => worker.stop(),
  };
}

interface Waiter<T> {
  resolve(value: T): void;
  reject(error: Error): void;
}

export class EvaluationWorker {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, Waiter<number>>();
  private collecting: Waiter<ServiceCollection> | undefined;
  private broken: Error | undefined;
  private nextId = 0;
  /** Resolves once the worker has loaded its evaluators and telemetry. */
  readonly ready: Promise<void>;
  private onReady: Waiter<void> | undefined;

  constructor(settings: WorkerSettings) {
    this.ready = new Promise((resolve, reject) => (this.onReady = { resolve, reject }));
    this.worker = new Worker(new URL('./worker-entry.mjs', import.meta.url), {
      workerData: settings,
    });
    this.worker.on('message', (message: FromWorker) => this.receive(message));
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => this.fail(new Error(`evaluation worker exited (${code})`)));
  }

  /** Resolves with the number of results the worker emitted for the job. */
  evaluate(job: EvaluationJob): Promise<number> {
    if (this.broken) return Promise.reject(this.broken);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.send({ type: 'evaluate', id, job });
    });
  }

  /** Has the worker flush its telemetry and hand over what it recorded, then stops it. */
  async finish(): Promise<ServiceCollection> {
    if (this.broken) throw this.broken;
    const collection = await new Promise<ServiceCollection>((resolve, reject) => {
      this.collecting = { resolve, reject };
      this.send({ type: 'finish' });
    });
    await this.stop();
    return collection;
  }

  /** Ends the thread (a live worker would keep the process running); safe to call again. */
  async stop(): Promise<void> {
    await this.worker.terminate();
  }

  private send(message: ToWorker): void {
    this.worker.postMessage(message);
  }

  private receive(message: FromWorker): void {
    if (message.type === 'ready') {
      this.onReady?.resolve();
      return;
    }
    if (message.type === 'finished') {
      this.collecting?.resolve(message.collection);
      return;
    }
    const waiter = this.waiting.get(message.id);
    this.waiting.delete(message.id);
    if (message.type === 'evaluated') waiter?.resolve(message.results);
    else waiter?.reject(new Error(message.message));
  }

  private fail(error: Error): void {
    this.broken ??= error;
    for (const waiter of this.waiting.values()) waiter.reject(error);
    this.waiting.clear();
    this.onReady?.reject(error);
    this.collecting?.reject(error);
  }
}
