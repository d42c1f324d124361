/**
 * LangChainInstrumentation: the LangChain integration as an OpenTelemetry `Instrumentation`, for
 * NodeSDK's `instrumentations: [...]` or `registerInstrumentations()`. It implements the
 * interface of `@opentelemetry/instrumentation` structurally (that package is not a dependency):
 * a name and version (its instrumentation scope), `enable()` / `disable()`, `getConfig()` /
 * `setConfig()`, and the providers the SDK hands it (`setTracerProvider`, `setMeterProvider`,
 * `setLoggerProvider`). Enabled, it is `instrumentLangChain()` with a telemetry handler of its
 * own, built on those providers (the globals until it is given some) and attributed to its
 * scope. Like the SDK's instrumentations it enables itself on construction unless
 * `enabled: false`.
 */
import type { MeterProvider, TracerProvider } from '@opentelemetry/api';
import { TelemetryHandler } from '../handler.js';
import type { TelemetryHandlerOptions } from '../config.js';
import { PACKAGE_NAME, PACKAGE_VERSION } from '../version.js';
import type { GenAICallbackHandlerOptions } from './callback-handler.js';
import { instrumentLangChain } from './instrument.js';

type LoggerProvider = NonNullable<TelemetryHandlerOptions['loggerProvider']>;

export interface LangChainInstrumentationConfig extends Omit<
  GenAICallbackHandlerOptions,
  'handler'
> {
  /** Default true. */
  enabled?: boolean;
  /** Options of the telemetry handler it builds (content capture, emitters, evaluation...). */
  telemetry?: Omit<
    TelemetryHandlerOptions,
    'tracerProvider' | 'meterProvider' | 'loggerProvider' | 'instrumentationScope'
  >;
}

interface Providers {
  tracerProvider?: TracerProvider;
  meterProvider?: MeterProvider;
  loggerProvider?: LoggerProvider;
}

export class LangChainInstrumentation {
  readonly instrumentationName = `${PACKAGE_NAME}/langchain`;
  readonly instrumentationVersion = PACKAGE_VERSION;
  readonly instrumentationDescription =
    'LangChain.js runs as GenAI spans, metrics and events (genai-telemetry)';
  private config: LangChainInstrumentationConfig;
  private readonly providers: Providers = {};
  private handler: TelemetryHandler | undefined;
  private undo: (() => void) | undefined;

  constructor(config: LangChainInstrumentationConfig = {}) {
    this.config = { ...config, enabled: config.enabled ?? true };
    if (this.config.enabled) this.enable();
  }

  /** The telemetry handler its runs go to: `forceFlush()` / `shutdown()` it with the SDK. */
  get telemetryHandler(): TelemetryHandler {
    return (this.handler ??= new TelemetryHandler({
      ...this.config.telemetry,
      ...this.providers,
      instrumentationScope: {
        name: this.instrumentationName,
        version: this.instrumentationVersion,
      },
    }));
  }

  enable(): void {
    if (this.undo) return;
    const { enabled: _enabled, telemetry: _telemetry, ...limits } = this.config;
    this.undo = instrumentLangChain({ ...limits, handler: this.telemetryHandler });
    this.config.enabled = true;
  }

  disable(): void {
    this.undo?.();
    this.undo = undefined;
    this.config.enabled = false;
  }

  getConfig(): LangChainInstrumentationConfig {
    return this.config;
  }

  setConfig(config: LangChainInstrumentationConfig): void {
    this.config = { ...config, enabled: config.enabled ?? this.config.enabled };
    this.rebuild();
  }

  setTracerProvider(tracerProvider: TracerProvider): void {
    this.providers.tracerProvider = tracerProvider;
    this.rebuild();
  }

  setMeterProvider(meterProvider: MeterProvider): void {
    this.providers.meterProvider = meterProvider;
    this.rebuild();
  }

  setLoggerProvider(loggerProvider: LoggerProvider): void {
    this.providers.loggerProvider = loggerProvider;
    this.rebuild();
  }

  /** New runs go to a handler on the current providers and options; runs in flight end where they began. */
  private rebuild(): void {
    this.handler = undefined;
    if (!this.undo) return;
    this.disable();
    this.enable();
  }
}
