/** The gateway side of the evaluation worker: starts the thread, sends jobs, collects at the end. */
import { Worker } from 'node:worker_threads';
import type { ServiceCollection } from './collected.js';
import type { EvaluationJob, FromWorker, ToWorker, WorkerSettings } from './protocol.js';

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
