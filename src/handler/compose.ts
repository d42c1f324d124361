/**
 * The composition root: options parsed once, the shared core, and the evaluation manager wired
 * to it. The only module that knows both the handler side and the evaluation side; the manager
 * hands each batch back with the scope its invocation was started in.
 */
import { diag } from '@opentelemetry/api';
import {
  emitterSelection,
  parseOptions,
  resolveConfig,
  type ParsedOptions,
  type TelemetryHandlerOptions,
} from '../config.js';
import { ConfigurationError } from '../errors.js';
import { EvaluationManager } from '../evaluation/manager.js';
import { createReporter, type ProblemReporter } from '../report.js';
import { HandlerCore } from './core.js';
import { sendEvaluationResults } from './results.js';

export interface ComposedHandler {
  readonly core: HandlerCore;
  readonly evaluation: EvaluationManager | undefined;
}

export function composeHandler(options: TelemetryHandlerOptions): ComposedHandler {
  const strict = readStrict(options);
  const core = new HandlerCore(createReporter(strict), (report) =>
    resolveOptions(options, report, strict),
  );
  const settings = core.root.config.evaluation;
  if (!settings) return { core, evaluation: undefined };
  const evaluation = new EvaluationManager(
    settings,
    (invocation, results, scope) => {
      try {
        sendEvaluationResults(core, scope ? core.scope(scope) : core.root, invocation, results);
      } catch (err) {
        diag.error('genai-telemetry: evaluationResults failed internally', err);
      }
    },
    core.root.meter,
  );
  core.subscribers.addCompletion(evaluation);
  return { core, evaluation };
}

function readStrict(options: TelemetryHandlerOptions): boolean {
  try {
    return options?.strict === true;
  } catch {
    return false;
  }
}

/**
 * Options whose getters throw, or a provider that throws when asked for its tracer, must not
 * make the constructor throw outside strict mode: they are reported and defaulted.
 */
function resolveOptions(options: unknown, report: ProblemReporter, strict: boolean) {
  let parsed: ParsedOptions;
  try {
    parsed = parseOptions(options, report);
  } catch (err) {
    if (strict) throw err;
    report(
      new ConfigurationError(
        `TelemetryHandler options could not be read (${String(err)}); using the defaults`,
      ),
    );
    parsed = parseOptions({}, report);
  }
  return {
    config: resolveConfig(parsed, report),
    emitters: emitterSelection(parsed, parsed.environment ?? process.env),
  };
}
