/**
 * Resolves the emitter selection (preset, names, spec objects, per-category variables) into the
 * emitters of each category, applying each spec's mode in order.
 */
import { trace, type Meter } from '@opentelemetry/api';
import { LateBoundLoggerProvider } from '../providers/late-bound-logger.js';
import { LateBoundMeter } from '../providers/late-bound-meter.js';
import type { EmitterSelection } from '../config.js';
import type { ResolvedConfig } from '../resolved-config.js';
import { ConfigurationError } from '../errors.js';
import type { ProblemReporter } from '../report.js';
import { CompositeEmitter } from './composite.js';
import {
  EMITTER_CATEGORIES,
  EMITTER_MODES,
  type Emitter,
  type EmitterCategory,
  type EmitterContext,
  type EmitterMode,
  type EmitterSpec,
} from './emitter.js';
import { DEFAULT_PRESET, EMITTER_PRESETS, findEmitterSpec } from './registry.js';
import { splitList } from '../config.js';
import { SEMCONV_SCHEMA_URL } from '../semconv.js';

type SpecLists = Record<EmitterCategory, EmitterSpec[]>;

/**
 * The emitters of one instrumentation scope: tracer, meter and logger from the configured
 * providers (the globals otherwise) under `config.scope`, and the composite built on them.
 */
export function buildEmitters(
  config: ResolvedConfig,
  selection: EmitterSelection,
  report: ProblemReporter,
): { composite: CompositeEmitter; meter: Meter } {
  const { name, version } = config.scope;
  // Without explicit providers, the globals are found when first used, so the order in which
  // the SDK and the handler are set up does not matter (the trace API's proxy already does this).
  const scope = { schemaUrl: SEMCONV_SCHEMA_URL };
  const given = <T>(signal: string, get: (() => T) | undefined): T | undefined => {
    try {
      return get?.();
    } catch (err) {
      report(
        new ConfigurationError(
          `the given ${signal} provider threw (${String(err)}); using the global one`,
        ),
      );
      return undefined;
    }
  };
  const { meterProvider, tracerProvider, loggerProvider } = config;
  const meter =
    given('meter', meterProvider && (() => meterProvider.getMeter(name, version, scope))) ??
    new LateBoundMeter(name, version, scope);
  const tracer =
    given('tracer', tracerProvider && (() => tracerProvider.getTracer(name, version, scope))) ??
    trace.getTracerProvider().getTracer(name, version, scope);
  const logger =
    given('logger', loggerProvider && (() => loggerProvider.getLogger(name, version, scope))) ??
    new LateBoundLoggerProvider().getLogger(name, version, scope);
  return {
    composite: buildComposite(selection, { tracer, meter, logger, config }, report),
    meter,
  };
}

export function buildComposite(
  selection: EmitterSelection,
  context: EmitterContext,
  report: ProblemReporter,
): CompositeEmitter {
  const lists = resolveSpecs(selection, report);
  const byCategory = {} as Record<EmitterCategory, Emitter[]>;
  for (const category of EMITTER_CATEGORIES) {
    byCategory[category] = [];
    for (const spec of lists[category]) {
      const emitter = instantiate(spec, context, report);
      if (emitter) byCategory[category].push(emitter);
    }
  }
  return new CompositeEmitter(byCategory);
}

export function resolveSpecs(selection: EmitterSelection, report: ProblemReporter): SpecLists {
  const presets = selection.items.filter(
    (item): item is string => typeof item === 'string' && item in EMITTER_PRESETS,
  );
  if (presets.length > 1) {
    report(
      new ConfigurationError(
        `emitters: more than one preset (${presets.join(', ')}); using "${presets[0]}"`,
      ),
    );
  }
  const lists: SpecLists = { span: [], metrics: [], content_events: [], evaluation: [] };
  for (const spec of EMITTER_PRESETS[presets[0] ?? DEFAULT_PRESET]!)
    lists[spec.category].push(spec);

  for (const item of selection.items) {
    if (typeof item === 'string' && item in EMITTER_PRESETS) continue;
    const spec = typeof item === 'string' ? findEmitterSpec(item) : item;
    if (!spec) {
      report(
        new ConfigurationError(
          `emitters: unknown emitter "${String(item)}" (not a preset nor a registered name)`,
        ),
      );
      continue;
    }
    if (!(EMITTER_CATEGORIES as readonly string[]).includes(spec.category)) {
      report(
        new ConfigurationError(
          `emitters: "${spec.name}" has unknown category "${String(spec.category)}"`,
        ),
      );
      continue;
    }
    apply(lists[spec.category], spec, spec.mode ?? 'append');
  }

  for (const category of EMITTER_CATEGORIES) {
    const value = selection.perCategory[category];
    if (value) applyCategoryVariable(lists, category, value, report);
  }
  return lists;
}

/** `OTEL_INSTRUMENTATION_GENAI_EMITTERS_<CATEGORY>=[mode:]Name,...` */
function applyCategoryVariable(
  lists: SpecLists,
  category: EmitterCategory,
  value: string,
  report: ProblemReporter,
): void {
  for (const token of splitList(value)) {
    const colon = token.indexOf(':');
    const mode = colon >= 0 ? token.slice(0, colon).trim() : undefined;
    const name = colon >= 0 ? token.slice(colon + 1).trim() : token;
    if (mode !== undefined && !(EMITTER_MODES as readonly string[]).includes(mode)) {
      report(
        new ConfigurationError(
          `emitters (${category}): unknown mode "${mode}" in "${token}"; expected ${EMITTER_MODES.join(', ')}`,
        ),
      );
      continue;
    }
    const spec = findEmitterSpec(name);
    if (!spec) {
      report(new ConfigurationError(`emitters (${category}): unknown emitter "${name}"`));
      continue;
    }
    if (spec.category !== category) {
      report(
        new ConfigurationError(
          `emitters (${category}): "${name}" belongs to category "${spec.category}"`,
        ),
      );
      continue;
    }
    apply(lists[category], spec, (mode as EmitterMode | undefined) ?? spec.mode ?? 'append');
  }
}

function apply(list: EmitterSpec[], spec: EmitterSpec, mode: EmitterMode): void {
  switch (mode) {
    case 'append':
      list.push(spec);
      return;
    case 'prepend':
      list.unshift(spec);
      return;
    case 'replace-category':
      list.splice(0, list.length, spec);
      return;
    case 'replace-same-name': {
      const index = list.findIndex((s) => s.name === spec.name);
      if (index >= 0) list[index] = spec;
      else list.push(spec);
      return;
    }
  }
}

function instantiate(
  spec: EmitterSpec,
  context: EmitterContext,
  report: ProblemReporter,
): Emitter | undefined {
  try {
    return spec.factory(context);
  } catch (err) {
    report(
      new ConfigurationError(
        `emitters: factory of "${spec.name}" failed: ${err instanceof Error ? err.message : String(err)}`,
      ),
    );
    return undefined;
  }
}
