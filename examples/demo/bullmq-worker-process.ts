/**
 * The evaluation worker of the demo's BullMQ variant: a separate OS process (forked by
 * bullmq-evaluation.ts) with its own telemetry, fed over BullMQ on Redis by the gateway's
 * evaluation target. `startEvaluationWorker` runs the evaluators in an `evaluate` step parented
 * under the evaluated span (so the judge's model calls land in the same trace) and emits the
 * results for the job's JSON copy, whose snapshot attaches them to the gateway's span.
 */
import { startEvaluationWorker } from '../../src/bullmq/index.js';
import { instrumentLangChain } from '../../src/langchain/index.js';
import { demoEvaluators } from './evaluators.js';
import { installGlobals } from './globals.js';
import { SERVICES, type WorkerSettings } from './protocol.js';
import { createServiceTelemetry } from './telemetry.js';
import type { FromWorkerProcess, ToWorkerProcess } from './bullmq-evaluation.js';

const EVALUATOR_TIMEOUT_MS = 10_000;

installGlobals();
const settings = JSON.parse(process.env.DEMO_WORKER_SETTINGS ?? '{}') as WorkerSettings;
const telemetry = createServiceTelemetry({ service: SERVICES.worker, ...settings });
const { handler } = telemetry;
// Before the worker exists: its job callbacks then run where the registration is visible.
instrumentLangChain({ handler });
const worker = startEvaluationWorker({
  evaluators: demoEvaluators(),
  timeoutMs: EVALUATOR_TIMEOUT_MS,
  handler,
});
const send = (message: FromWorkerProcess) => process.send!(message);

process.on('message', (message: ToWorkerProcess) => {
  if (message.type !== 'finish') return;
  void (async () => {
    await worker.close();
    send({ type: 'finished', collection: await telemetry.finish() });
    process.disconnect();
  })();
});
process.once('SIGTERM', () => void worker.close().then(() => process.exit(0)));

// The judge loads openevals on first use; loading it now keeps module loading out of the first
// `evaluate` span, which should show evaluation time.
await import('openevals');
await worker.worker.waitUntilReady();
send({ type: 'ready' });
