/**
 * examples/bullmq-worker.ts as a service: it evaluates what an application enqueued, and on
 * SIGTERM finishes the job it holds, flushes and exits 0.
 */
import { spawn } from 'node:child_process';
import { expect, it } from 'vitest';
import { TelemetryHandler } from '../../src/index.js';
import { bullmqEvaluationTarget, workerEvaluator } from '../../src/bullmq/index.js';
import { runLlm } from '../support/evaluation.js';
import { redisForFile } from '../support/redis.js';
import { untilTrue } from './helpers.js';

const redis = redisForFile();

it(
  'examples/bullmq-worker.ts evaluates enqueued jobs and closes gracefully on SIGTERM',
  { timeout: 40_000 },
  async () => {
    const queueName = `example-${process.pid}`;
    const env = {
      ...process.env,
      GENAI_TELEMETRY_EVALUATION_REDIS_URL: redis().url,
      GENAI_TELEMETRY_EVALUATION_QUEUE: queueName,
      OTEL_INSTRUMENTATION_GENAI_EVALUATORS: 'json,length(max=2000)',
    };
    const child = spawn(process.execPath, ['--import', 'tsx', 'examples/bullmq-worker.ts'], {
      env,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const printed = (text: string, what: string) =>
      untilTrue(() => {
        if (child.exitCode !== null)
          throw new Error(`the example exited (${child.exitCode}):\n${out}`);
        return out.includes(text);
      }, what);
    try {
      await printed('evaluation worker ready', 'the worker ready');
      expect(out).toContain(`queue ${queueName}, evaluators json, length`);
      const target = bullmqEvaluationTarget({ environment: env });
      const handler = new TelemetryHandler({
        emitters: 'metric',
        evaluation: { evaluators: [workerEvaluator('json'), workerEvaluator('length')], target },
      });
      await untilTrue(() => target.connected, 'connected');
      const inv = runLlm(handler, '{"ok": true}');
      await handler.shutdown();
      expect(target.stats()).toMatchObject({ accepted: 1 });
      await printed('evaluation.result', 'the result events printed');
      // The worker's evaluate step is a child of the evaluated span, in its trace.
      expect(out).toContain(
        `parentSpanContext: {\n    traceId: '${inv.snapshot!.traceId}',\n    spanId: '${inv.snapshot!.spanId}'`,
      );
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(out).toMatch(/evaluation worker closed on SIGTERM: \{"emitted":1,/);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  },
);
