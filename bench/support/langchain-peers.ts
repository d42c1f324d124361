/**
 * The LangChain tracers a user would pick, each wired offline to its own discarding SDK so the
 * benchmark can count what it really exported. Each is set up the way its documentation shows,
 * with what it records by default (all three capture inputs and outputs, so genai-telemetry
 * captures content too); exporters are synchronous (SimpleSpanProcessor, Langfuse's
 * `exportMode: 'immediate'`) so that every span's cost lands inside the call that made it.
 */
import * as CallbackManagerModule from '@langchain/core/callbacks/manager';
import { BaseCallbackHandler } from '@langchain/core/callbacks/base';
import { LangChainInstrumentation } from '@arizeai/openinference-instrumentation-langchain';
import { TraceloopCallbackHandler } from '@traceloop/instrumentation-langchain';
import { CallbackHandler as LangfuseCallbackHandler } from '@langfuse/langchain';
import { LangfuseSpanProcessor } from '@langfuse/otel';
import { setLangfuseTracerProvider } from '@langfuse/tracing';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { TelemetryHandler } from '../../src/index.js';
import { GenAICallbackHandler } from '../../src/langchain/index.js';
import { discardingSdk } from './sdk.js';

export interface Tracing {
  name: string;
  callbacks: BaseCallbackHandler[];
  /** Spans (and for genai-telemetry also log records) the SDK exported so far. */
  exported(): number;
}

const GENAI_MODES = {
  all: {
    name: 'genai-telemetry (spans + metrics + events, content on)',
    options: { captureMessageContent: 'span_and_event' },
  },
  spans: {
    name: 'genai-telemetry (spans only, content on)',
    options: { emitters: 'span', captureMessageContent: 'span_only' },
  },
  none: {
    name: 'genai-telemetry (no emitters: the LangChain mapping alone)',
    options: { emitters: 'none' },
  },
} as const;

/** All emitters (the default preset); spans alone, like for like with the peers; or none. */
export function genaiTelemetry(mode: keyof typeof GENAI_MODES): Tracing {
  const sdk = discardingSdk();
  const handler = new TelemetryHandler({ ...sdk, ...GENAI_MODES[mode].options });
  return {
    name: GENAI_MODES[mode].name,
    callbacks: [new GenAICallbackHandler({ handler })],
    // With no emitters nothing is exported by design; count the runs it mapped instead.
    exported: () => (mode === 'none' ? handler.stats().stopped : sdk.spans.exported),
  };
}

/**
 * OpenInference adds its tracer by patching CallbackManager._configureSync for the whole process.
 * Patched only long enough to obtain the tracer it adds, so the other cases run unpatched.
 */
function openInference(): Tracing {
  const sdk = discardingSdk();
  const instrumentation = new LangChainInstrumentation({ tracerProvider: sdk.tracerProvider });
  instrumentation.manuallyInstrument(CallbackManagerModule);
  const handlers = CallbackManagerModule.CallbackManager.configure(undefined)?.handlers ?? [];
  (instrumentation as unknown as { unpatch(module: unknown): void }).unpatch(CallbackManagerModule);
  const tracer = handlers.find((h) => h.name !== 'langchain_tracer');
  if (!tracer) throw new Error('OpenInference added no tracer');
  return {
    name: '@arizeai/openinference-instrumentation-langchain',
    callbacks: [tracer],
    exported: () => sdk.spans.exported,
  };
}

function traceloop(): Tracing {
  const sdk = discardingSdk();
  const tracer = sdk.tracerProvider.getTracer('@traceloop/instrumentation-langchain');
  return {
    name: '@traceloop/instrumentation-langchain',
    callbacks: [new TraceloopCallbackHandler(tracer, true)],
    exported: () => sdk.spans.exported,
  };
}

function langfuse(): Tracing {
  const exporter = discardingSdk().spans;
  const processor = new LangfuseSpanProcessor({
    exporter,
    exportMode: 'immediate',
    publicKey: 'pk-bench',
    secretKey: 'sk-bench',
    baseUrl: 'http://127.0.0.1:9',
  });
  setLangfuseTracerProvider(new BasicTracerProvider({ spanProcessors: [processor] }));
  return {
    name: '@langfuse/langchain + @langfuse/otel',
    callbacks: [new LangfuseCallbackHandler()],
    exported: () => exporter.exported,
  };
}

/**
 * LangChain's own price for calling any handler inline (run ids, serialising the model, callback
 * managers): every tracer above pays it before doing anything.
 */
export function noopHandler(): Tracing {
  let calls = 0;
  const handler = BaseCallbackHandler.fromMethods({
    handleChainStart: () => void calls++,
    handleChatModelStart: () => void calls++,
    handleLLMEnd: () => void calls++,
    handleToolStart: () => void calls++,
    handleToolEnd: () => void calls++,
  });
  handler.awaitHandlers = true;
  return {
    name: "a no-op handler (LangChain's own cost of calling one)",
    callbacks: [handler],
    exported: () => calls,
  };
}

export const peers = (): Tracing[] => [openInference(), traceloop(), langfuse()];
