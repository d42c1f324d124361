/**
 * `npm run demo`: an application service and a gateway service on loopback HTTP, a LangChain
 * agent in the gateway, an evaluation worker thread with an LLM judge, and then the one trace
 * they produced together, printed. Offline, no keys. Exits non-zero if anything is uncorrelated.
 *
 *   npm run demo                          spans, metrics, log events, evaluations
 *   npm run demo -- --spans-off           (or DEMO_SPANS=off) the same with spans switched off
 *   npm run demo -- --redis               (or REDIS_URL=redis://...) the evaluation worker as a
 *                                         separate OS process fed over BullMQ on Redis
 *   OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4318 npm run demo   also export over OTLP/HTTP
 */
import { pathToFileURL } from 'node:url';
import { probeOtlpEndpoint } from './otlp-probe.js';
import { instrumentLangChain } from '../../src/langchain/index.js';
import { createTravelAgent } from './agent.js';
import { TripAnswerSchema } from './api.js';
import { APP_PATH, startApp } from './app.js';
import type { ServiceCollection } from './collected.js';
import { BullmqEvaluation } from './bullmq-evaluation.js';
import { checkCorrelation, type Correlation } from './correlation.js';
import { threadEvaluation, type EvaluationSide } from './evaluation-worker.js';
import { startGateway } from './gateway.js';
import { installGlobals } from './globals.js';
import { postJson, type JsonServer } from './http.js';
import { SERVICES } from './protocol.js';
import { demoRedis } from './redis.js';
import { countsOf, renderReport, type DemoCounts } from './render.js';
import { createServiceTelemetry } from './telemetry.js';

export interface DemoOptions {
  /** Default true; false runs every service with the span-less `metric_event` preset. */
  spans?: boolean;
  /** Also export to this OTLP/HTTP endpoint (e.g. an OpenTelemetry Collector's :4318). */
  otlpEndpoint?: string | undefined;
  question?: string;
  /** Where the report goes, line by line; default stdout. */
  print?: (line: string) => void;
  /** Evaluate in a worker process fed over BullMQ on this Redis, instead of a worker thread. */
  redisUrl?: string | undefined;
}

export interface DemoResult {
  answer: string;
  /** The `traceparent` the app sent to the gateway. */
  traceparent: string | undefined;
  correlation: Correlation;
  counts: DemoCounts;
  collections: ServiceCollection[];
  /** True when everything is correlated and every evaluation job was delivered. */
  ok: boolean;
}

const DEFAULT_QUESTION = 'I am in Paris this afternoon: what is the weather, and what time is it?';

export async function runDemo(options: DemoOptions = {}): Promise<DemoResult> {
  const spans = options.spans ?? true;
  const print = options.print ?? ((line: string) => console.log(line));
  const settings = { spans, otlpEndpoint: options.otlpEndpoint };
  installGlobals();

  const worker: EvaluationSide = options.redisUrl
    ? new BullmqEvaluation(settings, options.redisUrl)
    : threadEvaluation(settings);
  const app = createServiceTelemetry({ service: SERVICES.app, ...settings });
  const gateway = createServiceTelemetry({
    service: SERVICES.gateway,
    ...settings,
    captureMessageContent: 'span_and_event',
    evaluation: worker.evaluation,
  });
  // Start-up, before the servers exist: LangChain keeps the registration in async-local storage,
  // and request flows inherit it from the server's creation.
  const undoLangChain = instrumentLangChain({ handler: gateway.handler });
  const servers: JsonServer[] = [];
  try {
    const gatewayServer = await startGateway({
      telemetry: gateway,
      agent: createTravelAgent(),
      enqueueEvaluation: worker.enqueueEvaluation,
    });
    servers.push(gatewayServer);
    const appServer = await startApp(app, gatewayServer.url);
    servers.push(appServer);
    // The worker loads LangChain and the judge in its own thread; waiting here keeps that
    // start-up work out of the request being traced.
    await worker.ready;
    const reply = TripAnswerSchema.parse(
      await postJson(appServer.url, { question: options.question ?? DEFAULT_QUESTION }),
    );
    // The gateway's manager hands its jobs over on later turns: flushed, they are all out.
    await gateway.handler.forceFlush();
    const undelivered = await worker.drained();
    const collections = [await app.finish(), await gateway.finish(), await worker.finish()];
    const correlation = checkCorrelation(collections, spans);
    correlation.problems.push(...undelivered);
    print(`POST ${APP_PATH} -> ${reply.answer}`);
    for (const line of renderReport(collections, correlation, spans)) print(line);
    return {
      answer: reply.answer,
      traceparent: reply.traceparent,
      correlation,
      counts: countsOf(collections),
      collections,
      ok: correlation.problems.length === 0,
    };
  } finally {
    undoLangChain();
    await Promise.all([...servers.map((s) => s.close()), worker.stop()]);
  }
}

function optionsFromCommandLine(redisUrl: string | undefined): DemoOptions {
  const spansOff =
    process.argv.includes('--spans-off') || process.env.DEMO_SPANS?.toLowerCase() === 'off';
  return {
    spans: !spansOff,
    otlpEndpoint: process.env.OTEL_EXPORTER_OTLP_ENDPOINT || undefined,
    redisUrl,
  };
}

const invokedDirectly =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (invokedDirectly) {
  const redis = demoRedis(process.argv, process.env);
  const options = optionsFromCommandLine(redis?.url);
  (options.otlpEndpoint ? probeOtlpEndpoint(options.otlpEndpoint) : Promise.resolve(undefined))
    .then((refused) => {
      if (!refused) return runDemo(options);
      console.error(refused);
      return { ok: false };
    })
    .then(
      (result) => {
        process.exitCode = result.ok ? 0 : 1;
      },
      (error: unknown) => {
        console.error('demo failed:', error);
        process.exitCode = 1;
      },
    )
    .finally(() => redis?.stop());
}
