/**
 * The worker side: a BullMQ worker that runs the evaluators a job names, with the in-process
 * manager's semantics (each evaluator settles within `timeoutMs`, a throw or a timeout becomes a
 * result with `error`, the job's results are one batch), inside an `evaluate` step parented
 * under the evaluated span, and emits the batch through its own handler for the job's JSON copy,
 * whose snapshot attaches the events and score points to the original span.
 *
 * Delivery is at least once (BullMQ retries failed and stalled jobs) and emission once per job
 * (emission-ledger.ts). A job this worker cannot run fails its attempt with the reason: a
 * malformed job at once, a job naming an evaluator it lacks after the job's retries (another
 * worker may have it); both end in BullMQ's failed set.
 */
import { diag, propagation, ROOT_CONTEXT, trace, type Context } from '@opentelemetry/api';
import { UnrecoverableError, Worker, type Job, type WorkerOptions } from 'bullmq';
import { ConfigurationError } from '../errors.js';
import { appliesTo, type Evaluator } from '../evaluation/evaluator.js';
import { issuesText } from '../evaluation/issues.js';
import { resolveEvaluation } from '../evaluation/options.js';
import { runEvaluator } from '../evaluation/run.js';
import { getTelemetryHandler } from '../global.js';
import type { TelemetryHandler } from '../handler.js';
import { createReporter } from '../report.js';
import { snapshotContext } from '../snapshot.js';
import type { EvaluationResult, Invocation, StepInvocation } from '../types.js';
import { PACKAGE_NAME, PACKAGE_VERSION } from '../version.js';
import { BULLMQ_ENV, positiveInt, resolveLocation, type QueueLocation } from './config.js';
import { EMISSION_LEDGER_DEFAULTS, EmissionLedger } from './emission-ledger.js';
import { EvaluationJobDataSchema, type EvaluationJobData } from './job.js';
import type { JobReturn } from './results-feed.js';

export interface EvaluationWorkerOptions extends QueueLocation {
  /** Evaluator objects and/or registry names; default `OTEL_INSTRUMENTATION_GENAI_EVALUATORS`. */
  evaluators?: string | ReadonlyArray<string | Evaluator>;
  /** Jobs run at once; default `GENAI_TELEMETRY_EVALUATION_CONCURRENCY`, then 4. */
  concurrency?: number;
  /** Per evaluator call (its signal is aborted then); default 30 000 ms. */
  timeoutMs?: number;
  /** Emits the results; default `getTelemetryHandler()`. */
  handler?: TelemetryHandler;
  /** Passed to BullMQ's Worker (lock and stall detection, rate limits). */
  bullmq?: Pick<
    WorkerOptions,
    'lockDuration' | 'stalledInterval' | 'maxStalledCount' | 'limiter' | 'drainDelay'
  >;
  /** How long the record of an emitted job is kept; default 7 days. */
  emittedTtlMs?: number;
}

export interface EvaluationWorkerStats {
  /** Jobs whose results this worker emitted. */
  emitted: number;
  /** Jobs run again whose results an earlier attempt had emitted (not emitted twice). */
  alreadyEmitted: number;
  /** Attempts that failed (BullMQ retries them or moves them to the failed set). */
  failedAttempts: number;
  /** Jobs running right now. */
  running: number;
}

export interface EvaluationWorker {
  /** The BullMQ worker (events, `pause()`, ...). */
  readonly worker: Worker<EvaluationJobData, JobReturn>;
  /** Names of the evaluators this worker can run. */
  readonly evaluators: readonly string[];
  stats(): EvaluationWorkerStats;
  /** Graceful: takes no new job, finishes the ones it holds, flushes the handler. Idempotent. */
  close(): Promise<void>;
}

const WORKER_SCOPE = { name: `${PACKAGE_NAME}/bullmq`, version: PACKAGE_VERSION } as const;

export function startEvaluationWorker(options: EvaluationWorkerOptions = {}): EvaluationWorker {
  return new BullmqEvaluationWorker(options);
}

/** Evaluator by name; a worker misconfigured is a ConfigurationError at start. */
function evaluatorsByName(options: EvaluationWorkerOptions): {
  byName: Map<string, Evaluator>;
  timeoutMs: number;
} {
  const env = options.environment ?? process.env;
  const evaluators =
    typeof options.evaluators === 'string'
      ? options.evaluators
      : options.evaluators && [...options.evaluators];
  const settings = resolveEvaluation(
    // Jobs come sampled already: the sample-rate variable is not the worker's business.
    {
      evaluators,
      sampleRate: 1,
      ...(options.timeoutMs !== undefined && { timeoutMs: options.timeoutMs }),
    },
    env,
    createReporter(true),
  );
  if (!settings)
    throw new ConfigurationError(
      'startEvaluationWorker: no evaluators (pass `evaluators` or set OTEL_INSTRUMENTATION_GENAI_EVALUATORS)',
    );
  const byName = new Map<string, Evaluator>();
  for (const evaluator of settings.evaluators) {
    if (byName.has(evaluator.name))
      throw new ConfigurationError(
        `startEvaluationWorker: two evaluators are named ${JSON.stringify(evaluator.name)}; jobs name the evaluators to run`,
      );
    byName.set(evaluator.name, evaluator);
  }
  return { byName, timeoutMs: settings.timeoutMs };
}

/** The evaluated span's trace context: from the job's headers, else from its snapshot. */
function parentContextOf(data: EvaluationJobData): Context {
  const extracted = propagation.extract(ROOT_CONTEXT, data.trace);
  const sc = trace.getSpanContext(extracted);
  if (sc && trace.isSpanContextValid(sc)) return extracted;
  return snapshotContext(data.invocation.snapshot!);
}

class BullmqEvaluationWorker implements EvaluationWorker {
  readonly worker: Worker<EvaluationJobData, JobReturn>;
  readonly evaluators: readonly string[];
  private readonly byName: Map<string, Evaluator>;
  private readonly timeoutMs: number;
  private readonly handler: TelemetryHandler;
  private readonly ledger: EmissionLedger;
  private readonly counts = { emitted: 0, alreadyEmitted: 0, failedAttempts: 0 };
  private running = 0;
  private closePromise: Promise<void> | undefined;
  private readonly disconnect: () => void;

  constructor(options: EvaluationWorkerOptions) {
    const report = createReporter(true);
    const location = resolveLocation(options, report);
    const { byName, timeoutMs } = evaluatorsByName(options);
    this.byName = byName;
    this.evaluators = [...byName.keys()];
    this.timeoutMs = timeoutMs;
    this.handler = options.handler ?? getTelemetryHandler();
    const env = options.environment ?? process.env;
    const concurrency = positiveInt(
      'concurrency',
      options.concurrency,
      env[BULLMQ_ENV.concurrency],
      4,
      report,
    );
    // BullMQ's blocking commands need `maxRetriesPerRequest: null`; a worker is a service of its
    // own, so commands wait through a Redis outage instead of failing.
    const { redis, owned } = location.connect({ maxRetriesPerRequest: null });
    redis.on('error', (error) =>
      diag.debug('genai-telemetry: bullmq worker connection error', error),
    );
    this.disconnect = () => owned && redis.disconnect();
    this.ledger = new EmissionLedger(
      redis,
      `${location.prefix}:${location.queueName}`,
      options.emittedTtlMs ?? EMISSION_LEDGER_DEFAULTS.ttlMs,
    );
    this.worker = new Worker<EvaluationJobData, JobReturn>(
      location.queueName,
      (job) => this.process(job),
      { ...options.bullmq, connection: redis, prefix: location.prefix, concurrency },
    );
    // Connection errors repeat while Redis is away (the worker reconnects by itself): the first
    // is reported, the others only at debug level.
    let errors = 0;
    this.worker.on('error', (error) => {
      if (errors++ === 0)
        diag.warn('genai-telemetry: bullmq evaluation worker error (reported once)', error);
      else diag.debug('genai-telemetry: bullmq evaluation worker error', error);
    });
    this.worker.on('failed', (_job, error) => {
      if (this.counts.failedAttempts++ === 0)
        diag.warn(
          `genai-telemetry: an evaluation job attempt failed (${error.message}); BullMQ retries it, and keeps it in the failed set with its reason once out of attempts (reported once)`,
        );
    });
  }

  stats(): EvaluationWorkerStats {
    return { ...this.counts, running: this.running };
  }

  close(): Promise<void> {
    this.closePromise ??= (async () => {
      await this.worker.close();
      await this.handler.forceFlush();
      this.disconnect();
    })();
    return this.closePromise;
  }

  private async process(job: Job<EvaluationJobData, JobReturn>): Promise<JobReturn> {
    this.running++;
    try {
      const data = this.parse(job.data);
      const results = await this.evaluate(data);
      if (results.length === 0) return { results };
      const recorded = await this.ledger.claim(job.id!, results);
      if (recorded) {
        this.counts.alreadyEmitted++;
        return { results: recorded };
      }
      this.handler.forScope(data.scope).evaluationResults(data.invocation, results);
      this.counts.emitted++;
      return { results };
    } finally {
      this.running--;
    }
  }

  private parse(raw: unknown): EvaluationJobData {
    const parsed = EvaluationJobDataSchema.safeParse(raw);
    if (!parsed.success)
      throw new UnrecoverableError(`not an evaluation job: ${issuesText(parsed.error)}`);
    const data = parsed.data as EvaluationJobData;
    const missing = data.evaluators.filter((name) => !this.byName.has(name));
    if (missing.length > 0)
      throw new Error(
        `this worker has no evaluator named ${missing.join(', ')} (it has ${this.evaluators.join(', ')})`,
      );
    return data;
  }

  /** Every named evaluator that applies, side by side, in one `evaluate` step. */
  private evaluate(data: EvaluationJobData): Promise<EvaluationResult[]> {
    const invocation: Invocation = data.invocation;
    const evaluators = data.evaluators
      .map((name) => this.byName.get(name)!)
      .filter((e) => appliesTo(e, invocation.kind));
    const step: StepInvocation = { kind: 'step', name: 'evaluate', stepType: 'evaluation' };
    return this.handler.forScope(WORKER_SCOPE).run(
      step,
      async () => {
        const outcomes = await Promise.all(
          evaluators.map((e) => runEvaluator(e, invocation, this.timeoutMs)),
        );
        return outcomes.flatMap((o) => o.results);
      },
      { parentContext: parentContextOf(data) },
    );
  }
}
