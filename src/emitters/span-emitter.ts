/**
 * The span emitter: one span per invocation, named and attributed per the conventions table.
 * Request attributes are passed at start (samplers see them); response, usage and opt-in content
 * are set at the end; failures get status ERROR and `error.type`.
 */
import { SpanStatusCode, trace, type Attributes, type Tracer } from '@opentelemetry/api';
import type { ResolvedConfig } from '../config.js';
import { contentJson } from '../content-policy.js';
import { spanKind, spanName } from '../conventions/index.js';
import { errorType } from '../errors.js';
import { ATTR_ERROR_TYPE } from '../semconv.js';
import type { Invocation } from '../types.js';
import { contentAttributes } from './content-attributes.js';
import type { Emitter, EmitterContext, InvocationState } from './emitter.js';
import { requestAttributes } from './request-attributes.js';
import { responseAttributes } from './response-attributes.js';

export class SpanEmitter implements Emitter {
  readonly name = 'span';
  readonly category = 'span' as const;
  private readonly tracer: Tracer;
  private readonly config: ResolvedConfig;

  constructor(context: EmitterContext) {
    this.tracer = context.tracer;
    this.config = context.config;
  }

  onStart(invocation: Invocation, state: InvocationState): void {
    const span = this.tracer.startSpan(
      spanName(invocation),
      {
        kind: spanKind(invocation),
        attributes: requestAttributes(invocation, state),
        startTime: invocation.startTime,
      },
      state.parentContext,
    );
    state.span = span;
    state.context = trace.setSpan(state.parentContext, span);
  }

  onEnd(invocation: Invocation, state: InvocationState): void {
    const span = state.span;
    if (!span) return;
    // The span ends even when reading the invocation throws (a getter, a hostile object):
    // the composite reports the failure, but an unended span would never be exported.
    try {
      if (span.isRecording()) this.setEndAttributes(invocation, state);
    } finally {
      span.end(invocation.endTime);
    }
  }

  onError(invocation: Invocation, error: unknown, state: InvocationState): void {
    const span = state.span;
    if (!span) return;
    try {
      if (span.isRecording()) {
        span.setAttribute(ATTR_ERROR_TYPE, invocation.error?.type ?? errorType(error));
        // The description is the handler's message, already stripped of content per the
        // capture mode: error text quotes inputs, so the raw error is never read here.
        span.setStatus({ code: SpanStatusCode.ERROR, message: invocation.error?.message });
        this.setEndAttributes(invocation, state);
      }
    } finally {
      span.end(invocation.endTime);
    }
  }

  private setEndAttributes(invocation: Invocation, state: InvocationState): void {
    const span = state.span!;
    span.setAttributes(responseAttributes(invocation, state, this.config));
    if (!this.config.contentOnSpan) return;
    const content = contentAttributes(invocation, state, this.config);
    if (!content) return;
    if (this.config.spanContentFormat === 'structured') {
      // Structured span attributes need SDK 3.x (@opentelemetry/api >= 1.10); older SDKs drop them.
      span.setAttributes(content as unknown as Attributes);
      return;
    }
    for (const key in content) span.setAttribute(key, contentJson(content, key, state.contentJson));
  }
}
