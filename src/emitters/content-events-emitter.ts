/**
 * The content events emitter: `gen_ai.client.operation.exception` when a GenAI operation fails
 * (once per exception object), and the opt-in `gen_ai.client.inference.operation.details` per
 * inference: always when selected by name or an `_event` preset, otherwise only when the capture
 * mode routes content to events, as the Python reference does. Records are emitted with an
 * explicit context built from the snapshot, never whatever context happens to be active.
 */
import { SeverityNumber, type Logger, type LogAttributes } from '../providers/logs-api.js';
import type { ResolvedConfig } from '../config.js';
import { conventionOf } from '../conventions/index.js';
import { errorType } from '../errors.js';
import {
  ATTR_ERROR_TYPE,
  ATTR_EXCEPTION_MESSAGE,
  ATTR_EXCEPTION_STACKTRACE,
  ATTR_EXCEPTION_TYPE,
  EVENT_GEN_AI_CLIENT_INFERENCE_OPERATION_DETAILS,
  EVENT_GEN_AI_CLIENT_OPERATION_EXCEPTION,
} from '../semconv.js';
import type { Invocation } from '../types.js';
import { contentAttributes } from './content-attributes.js';
import type { Emitter, EmitterContext, InvocationState } from './emitter.js';
import { firstRecording } from './recorded-exceptions.js';
import { requestAttributes } from './request-attributes.js';
import { responseAttributes } from './response-attributes.js';

/** When the details event is emitted: asked for explicitly, or when content goes to events. */
export type DetailsEventMode = 'always' | 'with_event_content';

export class ContentEventsEmitter implements Emitter {
  readonly name = 'content_events';
  readonly category = 'content_events' as const;
  private readonly logger: Logger;
  private readonly config: ResolvedConfig;
  private readonly details: boolean;

  constructor(context: EmitterContext, details: DetailsEventMode = 'always') {
    this.logger = context.logger;
    this.config = context.config;
    this.details = details === 'always' || context.config.contentOnEvent;
  }

  onEnd(invocation: Invocation, state: InvocationState): void {
    if (this.details && conventionOf(invocation).detailsEvent)
      this.emitDetails(invocation, state, undefined);
  }

  onError(invocation: Invocation, error: unknown, state: InvocationState): void {
    const convention = conventionOf(invocation);
    const type = invocation.error?.type ?? errorType(error);
    if (this.details && convention.detailsEvent) this.emitDetails(invocation, state, type);
    if (!convention.exceptionEvent || !firstRecording(this.config.loggerProvider, error)) return;
    // Error text counts as content: message and stack trace are the handler's, already stripped
    // per the capture mode; the raw error is never read here.
    const attributes: LogAttributes = { [ATTR_EXCEPTION_TYPE]: type };
    if (invocation.error?.message) attributes[ATTR_EXCEPTION_MESSAGE] = invocation.error.message;
    if (state.errorStacktrace) attributes[ATTR_EXCEPTION_STACKTRACE] = state.errorStacktrace;
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
    // Object.assign, not `{ ...a, ...b }`: on Node 20 a spread followed by more properties in
    // the same literal takes a slow path costing microseconds per record.
    const attributes: LogAttributes = Object.assign(
      {},
      requestAttributes(invocation, state),
      responseAttributes(invocation, state, this.config),
    );
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
