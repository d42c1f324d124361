/** What crosses between the gateway's process and the evaluation worker thread. */
import type { ServiceCollection } from './collected.js';

/** `service.name` of each of the demo's three services. */
export const SERVICES = {
  app: 'app-service',
  gateway: 'gateway-service',
  worker: 'eval-worker',
} as const;

/** A finished invocation as the worker gets it: its JSON form and the trace headers. */
export interface EvaluationJob {
  invocation: string;
  headers: Record<string, string>;
}

/** `workerData`: the worker builds its own telemetry the way the other services do. */
export interface WorkerSettings {
  spans: boolean;
  otlpEndpoint?: string | undefined;
}

export type ToWorker = { type: 'evaluate'; id: number; job: EvaluationJob } | { type: 'finish' };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'evaluated'; id: number; results: number }
  | { type: 'failed'; id: number; message: string }
  | { type: 'finished'; collection: ServiceCollection };
