/**
 * Attribute lists shared by several kinds of the conventions table: attribute name -> the
 * invocation field it comes from. Each kind's entry spreads the groups it has; the table's type
 * checks every field against that kind's invocation type.
 */
import {
  ATTR_GEN_AI_AGENT_DESCRIPTION,
  ATTR_GEN_AI_AGENT_ID,
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_AGENT_VERSION,
  ATTR_GEN_AI_CONVERSATION_ID,
  ATTR_GEN_AI_OUTPUT_TYPE,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_CHOICE_COUNT,
  ATTR_GEN_AI_REQUEST_FREQUENCY_PENALTY,
  ATTR_GEN_AI_REQUEST_MAX_TOKENS,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_REQUEST_PRESENCE_PENALTY,
  ATTR_GEN_AI_REQUEST_SEED,
  ATTR_GEN_AI_REQUEST_STOP_SEQUENCES,
  ATTR_GEN_AI_REQUEST_STREAM,
  ATTR_GEN_AI_REQUEST_TEMPERATURE,
  ATTR_GEN_AI_REQUEST_TOP_K,
  ATTR_GEN_AI_REQUEST_TOP_P,
  ATTR_GEN_AI_RESPONSE_ID,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
} from '../semconv.js';

/** Every kind: who serves it and the conversation and agent it belongs to. */
export const COMMON_REQUEST = [
  [ATTR_GEN_AI_PROVIDER_NAME, 'provider'],
  [ATTR_GEN_AI_CONVERSATION_ID, 'conversationId'],
  [ATTR_GEN_AI_AGENT_NAME, 'agentName'],
  [ATTR_GEN_AI_AGENT_ID, 'agentId'],
] as const;

/** The model and server of a client operation. */
export const ENDPOINT = [
  [ATTR_GEN_AI_REQUEST_MODEL, 'requestModel'],
  [ATTR_SERVER_ADDRESS, 'serverAddress'],
  [ATTR_SERVER_PORT, 'serverPort'],
] as const;

/** What a model was asked for (an inference, or an agent on its model's behalf). */
export const REQUEST_PARAMETERS = [
  [ATTR_GEN_AI_REQUEST_TEMPERATURE, 'temperature'],
  [ATTR_GEN_AI_REQUEST_TOP_P, 'topP'],
  [ATTR_GEN_AI_REQUEST_TOP_K, 'topK'],
  [ATTR_GEN_AI_REQUEST_MAX_TOKENS, 'maxTokens'],
  [ATTR_GEN_AI_REQUEST_FREQUENCY_PENALTY, 'frequencyPenalty'],
  [ATTR_GEN_AI_REQUEST_PRESENCE_PENALTY, 'presencePenalty'],
  [ATTR_GEN_AI_REQUEST_STOP_SEQUENCES, 'stopSequences'],
  [ATTR_GEN_AI_REQUEST_SEED, 'seed'],
  [ATTR_GEN_AI_REQUEST_CHOICE_COUNT, 'choiceCount'],
  [ATTR_GEN_AI_REQUEST_STREAM, 'stream'],
  [ATTR_GEN_AI_OUTPUT_TYPE, 'outputType'],
] as const;

/** An agent's own identity (its `name` and `id` win over the common `agentName` / `agentId`). */
export const AGENT_IDENTITY = [
  [ATTR_GEN_AI_AGENT_NAME, 'name'],
  [ATTR_GEN_AI_AGENT_ID, 'id'],
  [ATTR_GEN_AI_AGENT_DESCRIPTION, 'description'],
  [ATTR_GEN_AI_AGENT_VERSION, 'version'],
] as const;

/** The response of a model call and its token counts. */
export const RESPONSE = [
  [ATTR_GEN_AI_RESPONSE_ID, 'responseId'],
  [ATTR_GEN_AI_RESPONSE_MODEL, 'responseModel'],
  [ATTR_GEN_AI_USAGE_INPUT_TOKENS, 'inputTokens'],
  [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS, 'outputTokens'],
] as const;

/** Token counts beyond input and output (subsets of those totals). */
export const DETAILED_USAGE = [
  [ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS, 'cacheReadInputTokens'],
  [ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS, 'cacheCreationInputTokens'],
  [ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS, 'reasoningOutputTokens'],
] as const;

/** Metric dimensions of a model call: the common ones of the conventions' client metrics. */
export const MODEL_METRIC = [
  [ATTR_GEN_AI_PROVIDER_NAME, 'provider'],
  [ATTR_GEN_AI_REQUEST_MODEL, 'requestModel'],
  [ATTR_GEN_AI_RESPONSE_MODEL, 'responseModel'],
  [ATTR_SERVER_ADDRESS, 'serverAddress'],
  [ATTR_SERVER_PORT, 'serverPort'],
] as const;
