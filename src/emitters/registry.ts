/**
 * Emitter specs by name: the built-ins and whatever `registerEmitter` added, so that an option
 * string or `OTEL_INSTRUMENTATION_GENAI_EMITTERS*` can name them.
 */
import { ContentEventsEmitter } from './content-events-emitter.js';
import type { EmitterSpec } from './emitter.js';
import { EvaluationEventsEmitter, EvaluationMetricsEmitter } from './evaluation-emitters.js';
import { MetricsEmitter } from './metrics-emitter.js';
import { SpanEmitter } from './span-emitter.js';
import { processWide } from '../process-wide.js';

export const BUILTIN_EMITTERS = {
  span: { name: 'span', category: 'span', factory: (c) => new SpanEmitter(c) },
  metrics: { name: 'metrics', category: 'metrics', factory: (c) => new MetricsEmitter(c) },
  // Named explicitly, it asks for the details event, and replaces the presets' own (below).
  content_events: {
    name: 'content_events',
    category: 'content_events',
    mode: 'replace-same-name',
    factory: (c) => new ContentEventsEmitter(c, 'always'),
  },
  evaluation_events: {
    name: 'evaluation_events',
    category: 'evaluation',
    factory: (c) => new EvaluationEventsEmitter(c),
  },
  evaluation_metrics: {
    name: 'evaluation_metrics',
    category: 'evaluation',
    factory: (c) => new EvaluationMetricsEmitter(c),
  },
} as const satisfies Record<string, EmitterSpec>;

/**
 * The content events of the presets without `_event`: exception events, and the opt-in details
 * event only when the capture mode routes content to events. Same name as the explicit one, so
 * naming `content_events` replaces it.
 */
const followingCapture: EmitterSpec = {
  name: 'content_events',
  category: 'content_events',
  factory: (c) => new ContentEventsEmitter(c, 'with_event_content'),
};

const evaluation = [BUILTIN_EMITTERS.evaluation_events, BUILTIN_EMITTERS.evaluation_metrics];

/** The presets; the evaluation built-ins are in every one, since they act only when results arrive. */
export const EMITTER_PRESETS: Readonly<Record<string, readonly EmitterSpec[]>> = {
  /** No telemetry at all; snapshots are still synthesised, so contextOf and correlation work. */
  none: [],
  span: [BUILTIN_EMITTERS.span, followingCapture, ...evaluation],
  span_metric: [BUILTIN_EMITTERS.span, BUILTIN_EMITTERS.metrics, followingCapture, ...evaluation],
  span_metric_event: [
    BUILTIN_EMITTERS.span,
    BUILTIN_EMITTERS.metrics,
    BUILTIN_EMITTERS.content_events,
    ...evaluation,
  ],
  metric: [BUILTIN_EMITTERS.metrics, followingCapture, ...evaluation],
  metric_event: [BUILTIN_EMITTERS.metrics, BUILTIN_EMITTERS.content_events, ...evaluation],
};
export const DEFAULT_PRESET = 'span_metric';

// One registry for the process, shared by the ESM and CommonJS builds (see process-wide.ts).
const registered = processWide('emitters', () => new Map<string, EmitterSpec>());

/** Makes a spec selectable by name; returns a function that removes it again. */
export function registerEmitter(spec: EmitterSpec): () => void {
  registered.set(spec.name, spec);
  return () => {
    if (registered.get(spec.name) === spec) registered.delete(spec.name);
  };
}

export function findEmitterSpec(name: string): EmitterSpec | undefined {
  return registered.get(name) ?? (BUILTIN_EMITTERS as Record<string, EmitterSpec>)[name];
}
