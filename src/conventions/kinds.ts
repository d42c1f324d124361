/**
 * The GenAI conventions per invocation kind, as one table: operation, span name and kind,
 * which signals the kind has, and the attributes, metric dimensions, content and evaluated text
 * it is described by. The emitters read this table and nothing else about kinds; adding a kind
 * is a change to the types and this table, and the table's type lists every missing piece.
 */
import { SpanKind } from '@opentelemetry/api';
import {
  ATTR_GENAI_TELEMETRY_STEP_NAME,
  ATTR_GENAI_TELEMETRY_STEP_TYPE,
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_DATA_SOURCE_ID,
  ATTR_GEN_AI_EMBEDDINGS_DIMENSION_COUNT,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_ENCODING_FORMATS,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_REQUEST_TOP_K,
  ATTR_GEN_AI_TOOL_CALL_ID,
  ATTR_GEN_AI_TOOL_DESCRIPTION,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_GEN_AI_TOOL_TYPE,
  ATTR_GEN_AI_WORKFLOW_NAME,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  GEN_AI_OPERATION_NAME_VALUE_CHAT,
  GEN_AI_OPERATION_NAME_VALUE_CREATE_AGENT,
  GEN_AI_OPERATION_NAME_VALUE_EMBEDDINGS,
  GEN_AI_OPERATION_NAME_VALUE_EXECUTE_TOOL,
  GEN_AI_OPERATION_NAME_VALUE_INVOKE_AGENT,
  GEN_AI_OPERATION_NAME_VALUE_INVOKE_WORKFLOW,
  GEN_AI_OPERATION_NAME_VALUE_RETRIEVAL,
} from '../semconv.js';
import {
  AGENT_IDENTITY,
  COMMON_REQUEST,
  DETAILED_USAGE,
  ENDPOINT,
  MODEL_METRIC,
  REQUEST_PARAMETERS,
  RESPONSE,
} from './attribute-groups.js';
import {
  conversationContent,
  NO_CONTENT,
  retrievalContent,
  toolCallContent,
} from './content-fields.js';
import { asText, CONVERSATION_TEXT, NO_TEXT } from './evaluated-text.js';
import { responseFinishReasons } from './finish-reasons.js';
import type { KindConventions } from './kind-convention.js';

const client = () => SpanKind.CLIENT;
const internal = () => SpanKind.INTERNAL;

export const KIND_CONVENTIONS = {
  llm: {
    operation: (inv) => inv.operation ?? GEN_AI_OPERATION_NAME_VALUE_CHAT,
    spanSubject: (inv) => inv.requestModel,
    spanKind: client,
    clientOperation: true,
    duration: 'operation',
    exceptionEvent: true,
    detailsEvent: true,
    streams: true,
    request: [...COMMON_REQUEST, ...ENDPOINT, ...REQUEST_PARAMETERS],
    response: [...RESPONSE, ...DETAILED_USAGE],
    finishReasons: responseFinishReasons,
    metric: MODEL_METRIC,
    tokens: { input: 'inputTokens', output: 'outputTokens' },
    content: conversationContent,
    required: [],
    evaluatedText: CONVERSATION_TEXT,
  },
  embedding: {
    operation: () => GEN_AI_OPERATION_NAME_VALUE_EMBEDDINGS,
    spanSubject: (inv) => inv.requestModel,
    spanKind: client,
    clientOperation: true,
    duration: 'operation',
    exceptionEvent: true,
    detailsEvent: false,
    streams: false,
    request: [
      ...COMMON_REQUEST,
      ...ENDPOINT,
      [ATTR_GEN_AI_REQUEST_ENCODING_FORMATS, 'encodingFormats'],
    ],
    response: [...RESPONSE, [ATTR_GEN_AI_EMBEDDINGS_DIMENSION_COUNT, 'dimensionCount']],
    metric: MODEL_METRIC,
    tokens: { input: 'inputTokens' },
    content: NO_CONTENT,
    required: [],
    evaluatedText: NO_TEXT,
  },
  retrieval: {
    operation: () => GEN_AI_OPERATION_NAME_VALUE_RETRIEVAL,
    spanSubject: (inv) => inv.dataSourceId,
    spanKind: client,
    clientOperation: true,
    duration: 'operation',
    exceptionEvent: true,
    detailsEvent: false,
    streams: false,
    request: [
      ...COMMON_REQUEST,
      ...ENDPOINT,
      [ATTR_GEN_AI_DATA_SOURCE_ID, 'dataSourceId'],
      [ATTR_GEN_AI_REQUEST_TOP_K, 'topK'],
    ],
    response: [],
    metric: [
      [ATTR_GEN_AI_PROVIDER_NAME, 'provider'],
      [ATTR_GEN_AI_REQUEST_MODEL, 'requestModel'],
      [ATTR_SERVER_ADDRESS, 'serverAddress'],
      [ATTR_SERVER_PORT, 'serverPort'],
    ],
    tokens: {},
    content: retrievalContent,
    required: [],
    evaluatedText: { ...NO_TEXT, input: (inv) => inv.query },
  },
  tool_call: {
    operation: () => GEN_AI_OPERATION_NAME_VALUE_EXECUTE_TOOL,
    spanSubject: (inv) => inv.name,
    spanKind: internal,
    clientOperation: false,
    duration: 'operation',
    exceptionEvent: true,
    detailsEvent: false,
    streams: false,
    request: [
      ...COMMON_REQUEST,
      [ATTR_GEN_AI_TOOL_NAME, 'name'],
      [ATTR_GEN_AI_TOOL_CALL_ID, 'toolCallId'],
      [ATTR_GEN_AI_TOOL_DESCRIPTION, 'description'],
      [ATTR_GEN_AI_TOOL_TYPE, 'toolType'],
    ],
    response: [],
    metric: [
      [ATTR_GEN_AI_PROVIDER_NAME, 'provider'],
      [ATTR_GEN_AI_TOOL_NAME, 'name'],
    ],
    tokens: {},
    content: toolCallContent,
    required: [[ATTR_GEN_AI_TOOL_NAME, 'name']],
    evaluatedText: {
      ...NO_TEXT,
      output: (inv) => (inv.result === undefined ? undefined : asText(inv.result)),
    },
  },
  agent: {
    operation: (inv) => inv.operation ?? GEN_AI_OPERATION_NAME_VALUE_INVOKE_AGENT,
    spanSubject: (inv) => inv.name,
    // Creating an agent is a call to the service that hosts it; invoking one is a call only
    // when it runs elsewhere.
    spanKind: (inv) =>
      inv.remote || inv.operation === GEN_AI_OPERATION_NAME_VALUE_CREATE_AGENT
        ? SpanKind.CLIENT
        : SpanKind.INTERNAL,
    clientOperation: false,
    duration: 'operation',
    exceptionEvent: true,
    detailsEvent: false,
    streams: true,
    request: [...COMMON_REQUEST, ...AGENT_IDENTITY, ...ENDPOINT, ...REQUEST_PARAMETERS],
    response: [...RESPONSE, ...DETAILED_USAGE],
    finishReasons: responseFinishReasons,
    metric: [...MODEL_METRIC, [ATTR_GEN_AI_AGENT_NAME, 'name']],
    tokens: { input: 'inputTokens', output: 'outputTokens' },
    content: conversationContent,
    required: [],
    evaluatedText: CONVERSATION_TEXT,
  },
  workflow: {
    operation: () => GEN_AI_OPERATION_NAME_VALUE_INVOKE_WORKFLOW,
    spanSubject: (inv) => inv.name,
    spanKind: internal,
    clientOperation: false,
    duration: 'invocation',
    exceptionEvent: true,
    detailsEvent: false,
    streams: false,
    request: [...COMMON_REQUEST, [ATTR_GEN_AI_WORKFLOW_NAME, 'name']],
    response: [],
    metric: [
      [ATTR_GEN_AI_PROVIDER_NAME, 'provider'],
      [ATTR_GEN_AI_WORKFLOW_NAME, 'name'],
    ],
    tokens: {},
    content: conversationContent,
    required: [],
    evaluatedText: CONVERSATION_TEXT,
  },
  step: {
    // No convention covers steps: no operation, the span is named after the step, and its
    // attributes are in the project's own namespace.
    operation: () => undefined,
    spanSubject: (inv) => inv.name,
    fallbackSpanName: 'step',
    spanKind: internal,
    clientOperation: false,
    duration: 'invocation',
    exceptionEvent: false,
    detailsEvent: false,
    streams: false,
    request: [
      ...COMMON_REQUEST,
      [ATTR_GENAI_TELEMETRY_STEP_NAME, 'name'],
      [ATTR_GENAI_TELEMETRY_STEP_TYPE, 'stepType'],
    ],
    response: [],
    metric: [
      [ATTR_GEN_AI_PROVIDER_NAME, 'provider'],
      [ATTR_GENAI_TELEMETRY_STEP_NAME, 'name'],
    ],
    tokens: {},
    content: NO_CONTENT,
    required: [],
    evaluatedText: NO_TEXT,
  },
} as const satisfies KindConventions;
