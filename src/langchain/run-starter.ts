/**
 * Starting and ending the invocation of one run: the parent from `parentRunId` (or, for a root
 * run, the caller's context), the fields every kind shares (conversation id, enclosing agent),
 * entering the run's context so code inside it sees its span, and ending exactly once.
 */
import { trace } from '@opentelemetry/api';
import type { TelemetryHandler } from '../handler.js';
import { ATTR_GEN_AI_PROVIDER_NAME, ATTR_GEN_AI_REQUEST_MODEL } from '../semconv.js';
import type { AgentInvocation, Invocation, LlmInvocation } from '../types.js';
import { enterRun, rootParent } from './active-context.js';
import { ATTR_CANCELLATION_REASON } from './attributes.js';
import { rootEnded, rootStarted } from './pause-resume.js';
import {
  approximateBytes,
  contentNeeded,
  dropContent,
  STATE_BYTES,
  withheldError,
} from './retention.js';
import type { CancelReason } from './stream-watch.js';
import type { RunEntry, RunRegistry } from './runs.js';
import { str, type Loose } from './values.js';

export interface RunInit {
  /** A fresh object per run, so it becomes the started invocation itself. */
  invocation: Invocation;
  /** Set for an agent run: the identity its nested runs inherit. */
  agentKey?: string;
  /** The run resumes a LangGraph thread paused by an interrupt. */
  resume?: boolean;
  /** Content the run has was left out of the invocation, as `ParentInfo.content` allowed. */
  contentWithheld?: boolean;
}

export interface ParentInfo {
  exists: boolean;
  agentKey: string | undefined;
  /**
   * Whether any signal needs the run's content (capture on, or evaluation): when not, the
   * describer leaves it out rather than converting it only for it to be dropped.
   */
  content: boolean;
}

/** Named reads (not a key list): LangChain's metadata objects share a shape per call site. */
const conversationOf = (metadata: Loose | undefined): string | undefined =>
  str(metadata?.conversation_id) ?? str(metadata?.thread_id) ?? str(metadata?.session_id);

export class RunStarter {
  constructor(
    private readonly runs: RunRegistry,
    private readonly telemetry: () => TelemetryHandler,
  ) {}

  /** Starts the run (or passes it through); returns the telemetry handler it belongs to. */
  start(
    runId: string,
    parentRunId: string | undefined,
    metadata: Loose | undefined,
    describe: (parent: ParentInfo) => RunInit | undefined,
  ): TelemetryHandler {
    const up = this.runs.get(parentRunId);
    const parent = up ? (up.invocation ?? up.parent) : undefined;
    const handler = up?.handler ?? this.telemetry();
    const content = contentNeeded(handler);
    const run = describe({ exists: parent !== undefined, agentKey: up?.agentKey, content });
    const startedAt = performance.now();
    // One literal per entry, all fields present: entries keep a single shape (a spread of a
    // shared prefix made every start take V8's slow object-cloning path).
    if (!run) {
      this.runs.add(runId, {
        invocation: undefined,
        parent,
        parentRunId,
        handler,
        agentName: up?.agentName,
        agentKey: up?.agentKey,
        agent: up?.agent,
        startedAt,
        bytes: 0,
        scope: undefined,
        entered: up?.entered,
        contentDropped: undefined,
        threadRoot: undefined,
      });
      return handler;
    }
    const { invocation } = run;
    const isAgent = invocation.kind === 'agent';
    const agentName = isAgent ? invocation.name : up?.agentName;
    const agent = isAgent ? invocation : up?.agent;
    if (agentName && !isAgent) invocation.agentName = agentName;
    const conversationId = conversationOf(metadata);
    if (conversationId) invocation.conversationId = conversationId;
    // Dropped before the start, which keeps a copy of the fields it validated.
    const contentDropped = !content && (run.contentWithheld === true || dropContent(invocation));
    const caller = parent ? undefined : rootParent();
    handler.start(invocation, parent ? { parent } : { parentContext: caller });
    // A tool's start may run in its caller's frame: its context is limited to the tool's code.
    const guard = invocation.kind === 'tool_call' ? { runId, parentRunId } : undefined;
    const outer = up?.entered ?? caller ?? rootParent();
    const entered = enterRun(handler.contextOf(invocation), outer, guard);
    if (invocation.kind === 'llm' && agent?.kind === 'agent')
      adoptModel(agent, invocation, handler);
    const threadRoot = !parent && conversationId !== undefined;
    if (threadRoot) rootStarted(conversationId, handler, invocation, run.resume === true);
    this.runs.add(runId, {
      invocation,
      parent,
      parentRunId,
      handler,
      agentName,
      agentKey: run.agentKey ?? up?.agentKey,
      agent,
      startedAt,
      bytes: contentDropped ? STATE_BYTES : approximateBytes(invocation),
      scope: entered?.scope,
      entered: entered?.context ?? up?.entered,
      contentDropped,
      threadRoot,
    });
    return handler;
  }

  /** A run under `entry` was interrupted: the execution its root stands for is paused. */
  pauseRoot(entry: RunEntry): void {
    let root = entry;
    for (let up = this.runs.get(root.parentRunId); up; up = this.runs.get(up.parentRunId))
      root = up;
    root.paused = true;
  }

  end(entry: RunEntry, failed: boolean, error?: unknown): void {
    if (entry.scope) entry.scope.live = false;
    const { invocation, handler } = entry;
    if (!invocation) return;
    if (entry.threadRoot && invocation.conversationId)
      rootEnded(invocation.conversationId, invocation, entry.paused === true);
    if (!failed) handler.stop(invocation);
    else handler.fail(invocation, entry.contentDropped ? withheldError(error, handler) : error);
  }

  /** Ends a run LangChain will never report the end of, normally, saying why. */
  cancel(entry: RunEntry, reason: CancelReason): void {
    const { invocation, handler } = entry;
    if (invocation)
      trace.getSpan(handler.contextOf(invocation))?.setAttribute(ATTR_CANCELLATION_REASON, reason);
    this.end(entry, false);
  }
}

/**
 * An agent's provider and model are its chat model's, known once the model first runs: written
 * on the agent invocation (for its metrics) and on its live span (start attributes are passed).
 */
function adoptModel(agent: AgentInvocation, llm: LlmInvocation, handler: TelemetryHandler): void {
  if (agent.provider !== undefined || !llm.provider) return;
  agent.provider = llm.provider;
  agent.requestModel ??= llm.requestModel;
  const span = trace.getSpan(handler.contextOf(agent));
  span?.setAttribute(ATTR_GEN_AI_PROVIDER_NAME, llm.provider);
  if (agent.requestModel) span?.setAttribute(ATTR_GEN_AI_REQUEST_MODEL, agent.requestModel);
}
