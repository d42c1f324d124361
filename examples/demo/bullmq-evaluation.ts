/**
 * The gateway side of the demo's BullMQ variant: the gateway's evaluation manager hands the
 * model calls it selects to a BullMQ target, and a worker process (bullmq-worker-process.ts)
 * evaluates them. The gateway only names the evaluators the worker runs.
 */
import { fork, type ChildProcess } from 'node:child_process';
import type { EvaluationOptions } from '../../src/index.js';
import {
  BULLMQ_ENV,
  bullmqEvaluationTarget,
  workerEvaluator,
  type BullmqEvaluationTarget,
} from '../../src/bullmq/index.js';
import type { ServiceCollection } from './collected.js';
import type { EvaluationSide } from './evaluation-worker.js';
import { demoEvaluators } from './evaluators.js';
import type { WorkerSettings } from './protocol.js';

export type ToWorkerProcess = { type: 'finish' };
export type FromWorkerProcess =
  { type: 'ready' } | { type: 'finished'; collection: ServiceCollection };

export class BullmqEvaluation implements EvaluationSide {
  readonly target: BullmqEvaluationTarget;
  /** For the gateway's handler: model calls that answered, named for the worker's evaluators. */
  readonly evaluation: EvaluationOptions;
  /** Resolves once the worker process has loaded its evaluators and connected. */
  readonly ready: Promise<void>;
  private readonly child: ChildProcess;
  private readonly finished: Promise<ServiceCollection>;

  constructor(settings: WorkerSettings, redisUrl: string) {
    // A queue of this run's own, so jobs left on a shared Redis by another run never mix in.
    const queueName = `genai-telemetry-demo-${process.pid}-${Date.now()}`;
    this.target = bullmqEvaluationTarget({ url: redisUrl, queueName });
    const evaluators = demoEvaluators().map((e) => workerEvaluator(e.name, { kinds: ['llm'] }));
    this.evaluation = { evaluators, target: this.target };
    this.child = fork(new URL('./bullmq-worker-process.ts', import.meta.url), {
      execArgv: ['--import', 'tsx'],
      // Structured clone, as a worker thread's messages: the collection has nested rows.
      serialization: 'advanced',
      env: {
        ...process.env,
        [BULLMQ_ENV.url]: redisUrl,
        [BULLMQ_ENV.queueName]: queueName,
        DEMO_WORKER_SETTINGS: JSON.stringify(settings),
      },
    });
    const exited = new Promise<never>((_, reject) =>
      this.child.once('exit', (code) => reject(new Error(`evaluation worker exited (${code})`))),
    );
    const next = (type: FromWorkerProcess['type']) =>
      Promise.race([
        new Promise<FromWorkerProcess>((resolve) =>
          this.child.on('message', (m: FromWorkerProcess) => m.type === type && resolve(m)),
        ),
        exited,
      ]);
    this.ready = next('ready').then(() => undefined);
    this.finished = next('finished').then(
      (m) => (m as { collection: ServiceCollection }).collection,
    );
    this.finished.catch(() => undefined);
  }

  /** Once the gateway's handler was flushed: waits until every accepted job ran. */
  async drained(): Promise<string[]> {
    const { queue } = this.target;
    for (;;) {
      const counts = await queue.getJobCounts('completed', 'failed');
      if (counts.completed! + counts.failed! >= this.target.stats().accepted) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const failed = await queue.getFailed();
    const { dropped } = this.target.stats();
    return [
      ...failed.map((job) => `evaluation job failed: ${job.failedReason}`),
      ...(dropped ? [`${dropped} evaluation jobs dropped`] : []),
    ];
  }

  async finish(): Promise<ServiceCollection> {
    this.child.send({ type: 'finish' } satisfies ToWorkerProcess);
    return this.finished;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    await this.target.shutdown();
  }
}
