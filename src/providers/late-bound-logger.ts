/**
 * A logger that finds the global logger provider when it first has a record to emit, so a
 * handler built at import time, before `sdk.start()`, still reaches the provider registered
 * later (the trace API's proxy behaves this way; the two logs APIs only partly do). Once a
 * provider is found the logger binds to it for good: the hot path is one field read.
 */
import { diag } from '@opentelemetry/api';
import {
  registeredLoggerProvider,
  type Logger,
  type LoggerProvider,
  type LogRecord,
} from './logs-api.js';

export class LateBoundLoggerProvider implements LoggerProvider {
  private warned = false;

  getLogger(name: string, version?: string, options?: { schemaUrl?: string }): Logger {
    return new LateBoundLogger(this, name, version, options);
  }

  /** Records dropped for want of a provider would otherwise vanish without a word. */
  reportMissing(): void {
    if (this.warned) return;
    this.warned = true;
    diag.warn(
      'genai-telemetry: no global logger provider is registered, so log records (content and evaluation events) are dropped; register one (NodeSDK with logRecordProcessors, or loggerProvider.register / logs.setGlobalLoggerProvider) or pass loggerProvider (reported once)',
    );
  }
}

class LateBoundLogger implements Logger {
  private bound: Logger | undefined;

  constructor(
    private readonly provider: LateBoundLoggerProvider,
    private readonly name: string,
    private readonly version: string | undefined,
    private readonly options: { schemaUrl?: string } | undefined,
  ) {}

  emit(record: LogRecord): void {
    const logger = this.bound ?? this.bind();
    if (logger) logger.emit(record);
    else this.provider.reportMissing();
  }

  private bind(): Logger | undefined {
    const provider = registeredLoggerProvider();
    if (!provider) return undefined;
    return (this.bound = provider.getLogger(this.name, this.version, this.options));
  }
}
