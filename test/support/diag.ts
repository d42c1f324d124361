/** Captures what the library reports through OpenTelemetry's diag logger. */
import { diag, DiagLogLevel, type DiagLogger } from '@opentelemetry/api';

export interface DiagCapture {
  messages: Array<{ level: 'error' | 'warn' | 'info' | 'debug' | 'verbose'; message: string }>;
  /** Messages from this library at warn or error level. */
  reports(): string[];
  restore(): void;
}

export function captureDiag(): DiagCapture {
  const messages: DiagCapture['messages'] = [];
  const record =
    (level: DiagCapture['messages'][number]['level']) =>
    (message: string, ...args: unknown[]) => {
      const detail = args.map((a) => (a instanceof Error ? a.message : String(a))).join(' ');
      messages.push({ level, message: detail ? `${message} ${detail}` : message });
    };
  const logger: DiagLogger = {
    error: record('error'),
    warn: record('warn'),
    info: record('info'),
    debug: record('debug'),
    verbose: record('verbose'),
  };
  diag.setLogger(logger, { logLevel: DiagLogLevel.ALL, suppressOverrideMessage: true });
  return {
    messages,
    reports: () =>
      messages
        .filter(
          (m) =>
            (m.level === 'warn' || m.level === 'error') && m.message.includes('genai-telemetry'),
        )
        .map((m) => m.message),
    restore: () => diag.disable(),
  };
}
