/**
 * What the AI SDK reports at the end of a model call, a tool execution or a whole call, written
 * onto the invocations: response id and model, finish reasons, token usage (cache read / write
 * and reasoning tokens as their own counts), the provider endpoint, and, when the call records
 * outputs, the answer.
 */
import type {
  EmbeddingModelCallEndEvent,
  GenerateObjectStepEndEvent,
  LanguageModelCallEndEvent,
  LanguageModelUsage,
  RerankEndEvent,
} from 'ai';
import type {
  AgentInvocation,
  EmbeddingInvocation,
  LlmInvocation,
  RetrievalInvocation,
} from '../index.js';
import type { Recording } from './calls.js';
import { finishReason, outputMessage } from './messages.js';

/** A token count as the invocation takes it: a non-negative integer, or nothing. */
function tokens(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0
    ? Math.round(value)
    : undefined;
}

function setUsage(
  target: LlmInvocation | AgentInvocation,
  usage: LanguageModelUsage | undefined,
): void {
  if (!usage) return;
  const counts = {
    inputTokens: tokens(usage.inputTokens),
    outputTokens: tokens(usage.outputTokens),
    cacheReadInputTokens: tokens(usage.inputTokenDetails?.cacheReadTokens),
    cacheCreationInputTokens: tokens(usage.inputTokenDetails?.cacheWriteTokens),
    reasoningOutputTokens: tokens(usage.outputTokenDetails?.reasoningTokens),
  };
  for (const key of Object.keys(counts) as Array<keyof typeof counts>) {
    const value = counts[key];
    if (value !== undefined) target[key] = value;
  }
}

/**
 * `server.address` / `server.port` from the HTTP origin the provider reported (default ports
 * included, as the conventions want them); nothing is inferred from the provider's name.
 */
function setEndpoint(llm: LlmInvocation, url: string | undefined): void {
  if (!url) return;
  try {
    const endpoint = new URL(url);
    if (endpoint.protocol !== 'http:' && endpoint.protocol !== 'https:') return;
    llm.serverAddress = endpoint.hostname.replace(/^\[|\]$/g, '');
    llm.serverPort = endpoint.port
      ? Number(endpoint.port)
      : endpoint.protocol === 'https:'
        ? 443
        : 80;
  } catch {
    // Not a URL: no endpoint rather than a wrong one.
  }
}

export function applyModelCallEnd(
  llm: LlmInvocation,
  event: LanguageModelCallEndEvent,
  recording: Recording,
): void {
  if (event.responseId) llm.responseId = event.responseId;
  if (event.modelId) llm.responseModel = event.modelId;
  const finish = finishReason(event.finishReason);
  if (finish) llm.finishReasons = [finish];
  setUsage(llm, event.usage);
  setEndpoint(llm, event.request?.url);
  if (recording.outputs) llm.outputMessages = outputMessage(event.content, event.finishReason);
}

export function applyObjectStepEnd(
  llm: LlmInvocation,
  event: GenerateObjectStepEndEvent,
  recording: Recording,
): void {
  if (event.response?.id) llm.responseId = event.response.id;
  if (event.response?.modelId) llm.responseModel = event.response.modelId;
  const finish = finishReason(event.finishReason);
  if (finish) llm.finishReasons = [finish];
  setUsage(llm, event.usage);
  setEndpoint(llm, event.request?.url);
  if (recording.outputs)
    llm.outputMessages = outputMessage(
      [{ type: 'text', text: event.objectText }],
      event.finishReason,
    );
}

/**
 * The run's totals (usage over every step, the last finish reason, the final step's response
 * model) and, when outputs are recorded, its answer: the final text or object.
 */
export function applyAgentEnd(agent: AgentInvocation, event: unknown, recording: Recording): void {
  if (typeof event !== 'object' || event === null) return;
  const end = event as {
    text?: unknown;
    object?: unknown;
    finishReason?: unknown;
    usage?: LanguageModelUsage;
    finalStep?: { response?: { modelId?: unknown } };
  };
  setUsage(agent, end.usage);
  const finish = finishReason(end.finishReason);
  if (finish) agent.finishReasons = [finish];
  const responseModel = end.finalStep?.response?.modelId;
  if (typeof responseModel === 'string' && responseModel) agent.responseModel = responseModel;
  if (!recording.outputs) return;
  let answer: string | undefined;
  if (typeof end.text === 'string') answer = end.text;
  else if (end.object !== undefined) answer = safeJson(end.object);
  if (answer)
    agent.outputMessages = outputMessage([{ type: 'text', text: answer }], end.finishReason);
}

function safeJson(value: unknown): string | undefined {
  try {
    return JSON.stringify(value);
  } catch {
    return undefined;
  }
}

/** One provider call of `embed` / `embedMany`: tokens add up over the batches. */
export function applyEmbedCallEnd(
  embedding: EmbeddingInvocation,
  event: EmbeddingModelCallEndEvent,
): void {
  const count = tokens(event.usage?.tokens);
  if (count !== undefined) embedding.inputTokens = (embedding.inputTokens ?? 0) + count;
  const first = event.embeddings?.[0];
  if (embedding.dimensionCount === undefined && Array.isArray(first))
    embedding.dimensionCount = first.length;
}

/** The ranking as retrieved documents: the original index is the id, the relevance the score. */
export function applyRerankEnd(
  retrieval: RetrievalInvocation,
  event: RerankEndEvent,
  recording: Recording,
): void {
  if (!recording.outputs || !Array.isArray(event.ranking)) return;
  retrieval.documents = event.ranking.map((r) => ({ id: String(r.originalIndex), score: r.score }));
}
