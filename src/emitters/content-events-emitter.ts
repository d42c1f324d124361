/**
 * The content events emitter: a `gen_ai.client.inference.operation.details` log record per
 * inference (the span's attributes, plus structured content when the capture mode allows events),
 * and a `gen_ai.client.operation.exception` record when any invocation fails. Records are emitted
 * with an explicit context built from the snapshot, never whatever context happens to be active.
 */
import { SeverityNumber, type Logger, type LogAttributes } from '../providers/logs-api.js';
import type { ResolvedConfig } from '../config.js';
import {
  ATTR_ERROR_TYPE,
  ATTR_EXCEPTION_MESSAGE,
  ATTR_EXCEPTION_STACKTRACE,
  ATTR_EXCEPTION_TYPE,
  EVENT_GEN_AI_CLIENT_INFERENCE_OPERATION_DETAILS,
  EVENT_GEN_AI_CLIENT_OPERATION_EXCEPTION,
} from '../semconv.js';
import type { Invocation } from '../types.js';
import {
  contentAttributes,
  errorType,
  requestAttributes,
  responseAttributes,
} from './attributes.js';
import type { Emitter, EmitterContext, InvocationState } from './emitter.js';

export class ContentEventsEmitter implements Emitter {
  readonly name = 'content_events';
  readonly category = 'content_events' as const;
  private readonly logger: Logger;
  private readonly config: ResolvedConfig;

  constructor(context: EmitterContext) {
    this.logger = context.logger;
    this.config = context.config;
  }

  onEnd(invocation: Invocation, state: InvocationState): void {
    if (invocation.kind === 'llm') this.emitDetails(invocation, state, undefined);
  }

  onError(invocation: Invocation, error: unknown, state: InvocationState): void {
    const type = invocation.error?.type ?? errorType(error);
    if (invocation.kind === 'llm') this.emitDetails(invocation, state, type);
    const attributes: LogAttributes = {
      [ATTR_EXCEPTION_TYPE]: type,
      [ATTR_EXCEPTION_MESSAGE]: invocation.error?.message ?? String(error),
    };
    if (error instanceof Error && error.stack) attributes[ATTR_EXCEPTION_STACKTRACE] = error.stack;
    this.logger.emit({
      eventName: EVENT_GEN_AI_CLIENT_OPERATION_EXCEPTION,
      severityNumber: SeverityNumber.WARN,
      severityText: 'WARN',
      timestamp: invocation.endTime,
      context: state.correlationContext,
      attributes,
    });
  }

  private emitDetails(
    invocation: Invocation,
    state: InvocationState,
    failure: string | undefined,
  ): void {
    const attributes: LogAttributes = {
      ...requestAttributes(invocation, state),
      ...responseAttributes(invocation, state, this.config),
    };
    if (failure !== undefined) attributes[ATTR_ERROR_TYPE] = failure;
    if (this.config.contentOnEvent)
      Object.assign(attributes, contentAttributes(invocation, state, this.config));
    this.logger.emit({
      eventName: EVENT_GEN_AI_CLIENT_INFERENCE_OPERATION_DETAILS,
      severityNumber: SeverityNumber.INFO,
      severityText: 'INFO',
      timestamp: invocation.endTime,
      context: state.correlationContext,
      attributes,
    });
  }
}
