/**
 * The typed start/stop/fail trio per invocation kind. Each typed start sets `kind` on the object
 * it is given and delegates to the generic lifecycle, which the handler implements.
 */
import type { StartOptions } from './handler-types.js';
import type {
  AgentInvocation,
  EmbeddingInvocation,
  Invocation,
  InvocationInit,
  LlmInvocation,
  RetrievalInvocation,
  StepInvocation,
  ToolCallInvocation,
  WorkflowInvocation,
} from './types.js';

export abstract class TypedLifecycle {
  abstract start<T extends Invocation>(invocation: T, options?: StartOptions): T;
  abstract stop<T extends Invocation>(invocation: T): T;
  abstract fail<T extends Invocation>(invocation: T, error: unknown): T;
  protected abstract withKind<T extends Invocation>(
    invocation: InvocationInit<T>,
    kind: T['kind'],
  ): T;

  startLlm(invocation: InvocationInit<LlmInvocation>, options?: StartOptions): LlmInvocation {
    return this.start(this.withKind(invocation, 'llm'), options);
  }
  stopLlm(invocation: LlmInvocation): LlmInvocation {
    return this.stop(invocation);
  }
  failLlm(invocation: LlmInvocation, error: unknown): LlmInvocation {
    return this.fail(invocation, error);
  }
  startEmbedding(
    invocation: InvocationInit<EmbeddingInvocation>,
    options?: StartOptions,
  ): EmbeddingInvocation {
    return this.start(this.withKind(invocation, 'embedding'), options);
  }
  stopEmbedding(invocation: EmbeddingInvocation): EmbeddingInvocation {
    return this.stop(invocation);
  }
  failEmbedding(invocation: EmbeddingInvocation, error: unknown): EmbeddingInvocation {
    return this.fail(invocation, error);
  }
  startToolCall(
    invocation: InvocationInit<ToolCallInvocation>,
    options?: StartOptions,
  ): ToolCallInvocation {
    return this.start(this.withKind(invocation, 'tool_call'), options);
  }
  stopToolCall(invocation: ToolCallInvocation): ToolCallInvocation {
    return this.stop(invocation);
  }
  failToolCall(invocation: ToolCallInvocation, error: unknown): ToolCallInvocation {
    return this.fail(invocation, error);
  }
  startAgent(invocation: InvocationInit<AgentInvocation>, options?: StartOptions): AgentInvocation {
    return this.start(this.withKind(invocation, 'agent'), options);
  }
  stopAgent(invocation: AgentInvocation): AgentInvocation {
    return this.stop(invocation);
  }
  failAgent(invocation: AgentInvocation, error: unknown): AgentInvocation {
    return this.fail(invocation, error);
  }
  startWorkflow(
    invocation: InvocationInit<WorkflowInvocation>,
    options?: StartOptions,
  ): WorkflowInvocation {
    return this.start(this.withKind(invocation, 'workflow'), options);
  }
  stopWorkflow(invocation: WorkflowInvocation): WorkflowInvocation {
    return this.stop(invocation);
  }
  failWorkflow(invocation: WorkflowInvocation, error: unknown): WorkflowInvocation {
    return this.fail(invocation, error);
  }
  startStep(invocation: InvocationInit<StepInvocation>, options?: StartOptions): StepInvocation {
    return this.start(this.withKind(invocation, 'step'), options);
  }
  stopStep(invocation: StepInvocation): StepInvocation {
    return this.stop(invocation);
  }
  failStep(invocation: StepInvocation, error: unknown): StepInvocation {
    return this.fail(invocation, error);
  }
  startRetrieval(
    invocation: InvocationInit<RetrievalInvocation>,
    options?: StartOptions,
  ): RetrievalInvocation {
    return this.start(this.withKind(invocation, 'retrieval'), options);
  }
  stopRetrieval(invocation: RetrievalInvocation): RetrievalInvocation {
    return this.stop(invocation);
  }
  failRetrieval(invocation: RetrievalInvocation, error: unknown): RetrievalInvocation {
    return this.fail(invocation, error);
  }
}
