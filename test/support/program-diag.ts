/**
 * What the library reports through diag while a program runs, captured by a logger that cannot
 * itself throw: programs hand the library revoked proxies and errors with throwing getters, and
 * the library passes what it was given on to diag. (A logger that throws on them would be the
 * test's fault, reported as the library's.)
 */
import { diag, DiagLogLevel, type DiagLogger } from '@opentelemetry/api';

export interface ProgramDiag {
  messages: string[];
  restore(): void;
}

function describe(value: unknown): string {
  try {
    return value instanceof Error ? value.message : String(value);
  } catch {
    return '[unprintable]';
  }
}

export function captureProgramDiag(): ProgramDiag {
  const messages: string[] = [];
  const record = (message: string, ...args: unknown[]) =>
    void messages.push([message, ...args.map(describe)].join(' '));
  const logger: DiagLogger = {
    error: record,
    warn: record,
    info: record,
    debug: record,
    verbose: record,
  };
  diag.setLogger(logger, { logLevel: DiagLogLevel.ALL, suppressOverrideMessage: true });
  return { messages, restore: () => diag.disable() };
}
