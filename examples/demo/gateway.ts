/**
 * The gateway service: it continues the caller's trace from the request headers, runs the
 * LangChain agent (traced by `instrumentLangChain`, so no callbacks are passed here), and hands
 * every finished model call to the evaluation queue as JSON plus trace headers.
 */
import { propagation, ROOT_CONTEXT } from '@opentelemetry/api';
import type { StepInvocation } from '../../src/index.js';
import type { createTravelAgent } from './agent.js';
import { QuestionSchema } from './api.js';
import { serveJson, type JsonServer } from './http.js';
import type { EvaluationJob } from './protocol.js';
import type { ServiceTelemetry } from './telemetry.js';

export const GATEWAY_PATH = '/v1/agent';

export interface GatewayOptions {
  telemetry: ServiceTelemetry;
  agent: ReturnType<typeof createTravelAgent>;
  /**
   * Must not block: the request path never waits for an evaluation. Absent when the gateway's
   * own evaluation manager hands model calls to a queue (the BullMQ variant).
   */
  enqueueEvaluation?: ((job: EvaluationJob) => void) | undefined;
}

export function startGateway({
  telemetry,
  agent,
  enqueueEvaluation,
}: GatewayOptions): Promise<JsonServer> {
  const { handler } = telemetry;
  if (enqueueEvaluation)
    handler.onCompletion((inv, outcome) => {
      if (inv.kind !== 'llm' || outcome.error !== undefined) return;
      // The JSON form carries the snapshot (enough for correlated evaluation events); the headers
      // let the worker parent its own spans (the judge's model calls) under the evaluated one.
      const headers: Record<string, string> = {};
      propagation.inject(handler.contextOf(inv), headers);
      enqueueEvaluation({ invocation: JSON.stringify(inv), headers });
    });
  return serveJson(GATEWAY_PATH, async (body, headers) => {
    const { question } = QuestionSchema.parse(body);
    const request: StepInvocation = {
      kind: 'step',
      name: `POST ${GATEWAY_PATH}`,
      stepType: 'http_server',
    };
    const result = await handler.run(
      request,
      // Inside run(), the request's invocation is the active context: the agent's root run
      // finds it there and becomes its child.
      () => agent.invoke({ messages: [{ role: 'user', content: question }] }),
      { parentContext: propagation.extract(ROOT_CONTEXT, headers) },
    );
    return { answer: String(result.messages.at(-1)?.content ?? '') };
  });
}
