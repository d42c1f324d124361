/** The cross-line suite on the OpenTelemetry JS 3.x line (API 1.10, sdk-trace / sdk-logs / sdk-metrics 3). */
import * as api from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import * as sdkLogs from '@opentelemetry/sdk-logs';
import * as sdkMetrics from '@opentelemetry/sdk-metrics';
import { NodeSDK } from '@opentelemetry/sdk-node';
import {
  InMemorySpanExporter,
  SimpleSpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { FakeListChatModel } from '@langchain/core/utils/testing';
import * as genai from 'genai-telemetry';
import * as langchain from 'genai-telemetry/langchain';
import { describeSdkLine } from '../suite.js';

describeSdkLine({
  name: '3.x (API 1.10, sdk-trace 3)',
  structuredSpanContent: true,
  api,
  sdkTrace: {
    TracerProvider,
    InMemorySpanExporter,
    // 3.x takes the exporter in an options object, as sdk-logs does since 0.220.
    simpleSpanProcessor: (exporter: unknown) => new SimpleSpanProcessor({ exporter } as never),
  },
  sdkLogs,
  sdkMetrics,
  NodeSDK,
  AsyncLocalStorageContextManager,
  FakeListChatModel,
  genai,
  langchain,
});
