/**
 * The evaluation worker (a worker thread; see worker-entry.mjs): a service of its own with its
 * own telemetry. It receives finished invocations as JSON with trace headers, runs the
 * evaluators in an `evaluate` step parented under the evaluated invocation (so the judge's model
 * calls land in the same trace), and emits the results for the JSON copy: the copy's snapshot is
 * what makes the events point at the evaluated span, which lives in another thread.
 */
import { propagation, ROOT_CONTEXT } from '@opentelemetry/api';
import { AsyncResource } from 'node:async_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { type Invocation, type StepInvocation } from '../../src/index.js';
import { runEvaluators } from '../../src/evaluation/index.js';
import { instrumentLangChain } from '../../src/langchain/index.js';
import { demoEvaluators } from './evaluators.js';
import { installGlobals } from './globals.js';
import {
  SERVICES,
  type EvaluationJob,
  type FromWorker,
  type ToWorker,
  type WorkerSettings,
} from './protocol.js';
import { createServiceTelemetry } from './telemetry.js';

const EVALUATOR_TIMEOUT_MS = 10_000;

installGlobals();
const settings = workerData as WorkerSettings;
const telemetry = createServiceTelemetry({ service: SERVICES.worker, ...settings });
const { handler } = telemetry;
instrumentLangChain({ handler });
const evaluators = demoEvaluators();
const port = parentPort!;

async function evaluate(job: EvaluationJob): Promise<number> {
  const copy = JSON.parse(job.invocation) as Invocation;
  const step: StepInvocation = { kind: 'step', name: 'evaluate', stepType: 'evaluation' };
  const results = await handler.run(
    step,
    () => runEvaluators(evaluators, copy, EVALUATOR_TIMEOUT_MS),
    { parentContext: propagation.extract(ROOT_CONTEXT, job.headers) },
  );
  handler.evaluationResults(copy, results);
  return results.length;
}

async function answer(message: ToWorker): Promise<FromWorker> {
  if (message.type === 'finish') return { type: 'finished', collection: await telemetry.finish() };
  try {
    return { type: 'evaluated', id: message.id, results: await evaluate(message.job) };
  } catch (error) {
    return { type: 'failed', id: message.id, message: String(error) };
  }
}

// Message callbacks run in the async context of the port, which the thread created before this
// module ran; bound here, they run where instrumentLangChain put its registration, so the
// judge's model calls are traced.
port.on(
  'message',
  AsyncResource.bind((message: ToWorker) => {
    void answer(message).then((reply) => port.postMessage(reply));
  }),
);
// The judge loads openevals on first use; loading it now keeps seconds of module loading out of
// the first `evaluate` span, which should show evaluation time.
await import('openevals');
port.postMessage({ type: 'ready' } satisfies FromWorker);
