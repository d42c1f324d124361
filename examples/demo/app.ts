/**
 * The application service: it starts the trace (a workflow), and calls the gateway-hosted agent
 * as a remote agent (a CLIENT span), carrying that invocation's context in the request headers.
 */
import { propagation } from '@opentelemetry/api';
import type { AgentInvocation, WorkflowInvocation } from '../../src/index.js';
import { AGENT_NAME } from './agent.js';
import { AnswerSchema, QuestionSchema } from './api.js';
import { postJson, serveJson, type JsonServer } from './http.js';
import type { ServiceTelemetry } from './telemetry.js';

export const APP_PATH = '/v1/trips';

export function startApp(telemetry: ServiceTelemetry, gatewayUrl: string): Promise<JsonServer> {
  const { handler } = telemetry;
  return serveJson(APP_PATH, (body) => {
    const { question } = QuestionSchema.parse(body);
    const workflow: WorkflowInvocation = { kind: 'workflow', name: 'plan_trip' };
    const remoteAgent: AgentInvocation = { kind: 'agent', name: AGENT_NAME, remote: true };
    return handler.run(workflow, () =>
      handler.run(remoteAgent, async (inv) => {
        // contextOf works whether or not a span was recorded: with spans off it carries the
        // snapshot, so the gateway continues the same trace either way.
        const headers: Record<string, string> = {};
        propagation.inject(handler.contextOf(inv), headers);
        const { answer } = AnswerSchema.parse(await postJson(gatewayUrl, { question }, headers));
        return { answer, traceparent: headers.traceparent };
      }),
    );
  });
}
