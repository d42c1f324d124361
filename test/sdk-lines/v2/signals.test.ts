/** The cross-line suite on the OpenTelemetry JS 2.x line (API 1.9, sdk-trace-base 2, sdk-logs 0.2xx). */
import * as api from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import * as sdkLogs from '@opentelemetry/sdk-logs';
import * as sdkMetrics from '@opentelemetry/sdk-metrics';
import { NodeSDK } from '@opentelemetry/sdk-node';
import {
  BasicTracerProvider as TracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { FakeListChatModel } from '@langchain/core/utils/testing';
import * as genai from 'genai-telemetry';
import * as langchain from 'genai-telemetry/langchain';
import { describeSdkLine } from '../suite.js';

describeSdkLine({
  name: '2.x (API 1.9, sdk-trace-base 2)',
  structuredSpanContent: false,
  api,
  sdkTrace: {
    TracerProvider,
    InMemorySpanExporter,
    // 2.x takes the exporter itself.
    simpleSpanProcessor: (exporter: never) => new SimpleSpanProcessor(exporter),
  },
  sdkLogs,
  sdkMetrics,
  NodeSDK,
  AsyncLocalStorageContextManager,
  FakeListChatModel,
  genai,
  langchain,
});
