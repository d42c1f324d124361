/**
 * One way to surface a problem: throw in strict mode, otherwise a single `diag` report.
 * Telemetry must never throw into user code unless the user asked for it.
 */
import { diag } from '@opentelemetry/api';
import type { GenAITelemetryError } from './errors.js';

export type ProblemReporter = (problem: GenAITelemetryError) => void;

export function createReporter(strict: boolean): ProblemReporter {
  if (strict) {
    return (problem) => {
      throw problem;
    };
  }
  return (problem) => diag.warn(`genai-telemetry: ${problem.message}`);
}
