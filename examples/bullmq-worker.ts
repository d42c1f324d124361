// An evaluation worker service fed over BullMQ, with graceful shutdown on SIGTERM. Run as many
// as you like, on any machine that reaches the Redis:
//
//   GENAI_TELEMETRY_EVALUATION_REDIS_URL=redis://127.0.0.1:6379 npx tsx examples/bullmq-worker.ts
//
// The application side (its evaluation manager keeps sampling, kind selection and its bounded
// queue; the target enqueues; the results attach to the application's spans):
//
//   const target = bullmqEvaluationTarget(); // same URL / queue variables
//   const handler = new TelemetryHandler({
//     evaluation: { evaluators: [workerEvaluator('json'), workerEvaluator('length')], target },
//   });
//
// Imports from source so it runs in this repository; elsewhere import from 'genai-telemetry' and
// 'genai-telemetry/bullmq'.
import {
  ConsoleLogRecordExporter,
  LoggerProvider,
  SimpleLogRecordProcessor,
} from '@opentelemetry/sdk-logs';
import {
  BasicTracerProvider,
  ConsoleSpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { TelemetryHandler } from '../src/index.js';
import { startEvaluationWorker } from '../src/bullmq/index.js';

// The worker is a service of its own: its own providers (export wherever your services export).
const tracerProvider = new BasicTracerProvider({
  spanProcessors: [new SimpleSpanProcessor(new ConsoleSpanExporter())],
});
const loggerProvider = new LoggerProvider({
  processors: [new SimpleLogRecordProcessor({ exporter: new ConsoleLogRecordExporter() })],
});
// Evaluation off for the worker's own handler: it emits results, it does not sample for more.
const handler = new TelemetryHandler({ tracerProvider, loggerProvider, evaluation: false });

const worker = startEvaluationWorker({
  // Registry names and/or evaluator objects; OTEL_INSTRUMENTATION_GENAI_EVALUATORS when omitted.
  evaluators: process.env.OTEL_INSTRUMENTATION_GENAI_EVALUATORS ?? 'json,length(max=2000)',
  handler,
  // Queue, Redis URL and concurrency from GENAI_TELEMETRY_EVALUATION_{QUEUE,REDIS_URL,CONCURRENCY}.
});

// SIGTERM (Kubernetes, systemd, docker stop) or Ctrl-C: take no new job, finish the ones held,
// flush the results, then exit. A second signal while closing exits at once; the jobs still
// held are retried by another worker once their lock expires.
async function closeGracefully(signal: NodeJS.Signals): Promise<void> {
  process.once(signal, () => process.exit(1));
  await worker.close();
  await handler.shutdown();
  console.log(`evaluation worker closed on ${signal}: ${JSON.stringify(worker.stats())}`);
  process.exit(0);
}
for (const signal of ['SIGTERM', 'SIGINT'] as const)
  process.once(signal, (s) => void closeGracefully(s));

await worker.worker.waitUntilReady();
console.log(
  `evaluation worker ready: queue ${worker.worker.name}, evaluators ${worker.evaluators.join(', ')}`,
);
