/**
 * What a chain run is. An agent: a run whose metadata marks an agent (`createAgent` sets
 * `lc_agent_name` when named and `ls_integration: 'langchain_create_agent'` always; users may set
 * `agent_name`) and whose parent is not already that agent, since LangChain copies metadata to
 * every nested run. LangGraph's prebuilt `createReactAgent` sets no marker, so it is an agent
 * only with `agent_name` metadata (and otherwise a workflow). A
 * workflow: the outermost chain. A step: any other chain or graph node. Plumbing is not traced,
 * its children attach to the nearest traced run: runs LangChain tags `langsmith:hidden`, retry and
 * fallback wrappers (each attempt is a run of its own under the run that asked for it), and
 * unnamed lambdas inside an agent (createAgent's own wiring).
 */
import type { ChatMessage } from '../types.js';
import { toChatMessage } from './messages.js';
import { isResume } from './pause-resume.js';
import type { ParentInfo, RunInit } from './run-starter.js';
import { isRecord, str, type Loose } from './values.js';

const HIDDEN_TAG = 'langsmith:hidden';
/** Wrappers that only re-run or replace what they wrap: their attempts are the interesting runs. */
const HIDDEN_WRAPPERS = new Set(['RunnableRetry', 'RunnableWithFallbacks']);
/** The name of a lambda nobody named: inside an agent, that is the agent's own plumbing. */
const UNNAMED_LAMBDA = 'RunnableLambda';
const CREATE_AGENT = 'langchain_create_agent';

/** The serialised class name: `{ id: ['langchain_core', 'runnables', 'RunnableSequence'] }`. */
export function serializedName(serialized: unknown): string | undefined {
  if (!isRecord(serialized)) return undefined;
  const id = serialized.id;
  return Array.isArray(id) ? str(id[id.length - 1]) : str(serialized.name);
}

/** The agent a run's metadata names, as a key that nested runs inherit unchanged. */
export function agentKeyOf(metadata: Loose | undefined): string | undefined {
  const name = str(metadata?.lc_agent_name) ?? str(metadata?.agent_name);
  if (name) return `name:${name}`;
  return metadata?.ls_integration === CREATE_AGENT ? `integration:${CREATE_AGENT}` : undefined;
}

/** The chain run's invocation, or undefined for plumbing that is not traced. */
export function classifyChain(
  serialized: unknown,
  inputs: unknown,
  runName: string | undefined,
  tags: readonly string[] | undefined,
  metadata: Loose | undefined,
  parent: ParentInfo,
): RunInit | undefined {
  if (tags?.includes(HIDDEN_TAG)) return undefined;
  const className = serializedName(serialized);
  if (className && HIDDEN_WRAPPERS.has(className)) return undefined;
  const name = runName ?? className;
  if (parent.agentKey && name === UNNAMED_LAMBDA) return undefined;
  const resume = !parent.exists && isResume(inputs);
  const agentKey = agentKeyOf(metadata);
  if (agentKey && agentKey !== parent.agentKey) {
    const agentName = str(metadata?.lc_agent_name) ?? str(metadata?.agent_name) ?? name;
    const inputMessages = parent.content ? messagesOf(inputs) : undefined;
    return {
      agentKey,
      resume,
      contentWithheld: !parent.content && stateMessages(inputs) !== undefined,
      invocation: {
        kind: 'agent',
        name: agentName,
        remote: false,
        ...(inputMessages && { inputMessages }),
      },
    };
  }
  if (!parent.exists) return { resume, invocation: { kind: 'workflow', name } };
  const node = str(metadata?.langgraph_node);
  const stepType = node && node === name ? 'graph_node' : className;
  return { invocation: { kind: 'step', name, stepType } };
}

/** A graph state's `messages`, when it has any. */
function stateMessages(values: unknown): unknown[] | undefined {
  const messages = isRecord(values) ? values.messages : undefined;
  return Array.isArray(messages) && messages.length > 0 ? messages : undefined;
}

/** The conversation an agent was given or produced, converted. */
const messagesOf = (values: unknown): ChatMessage[] | undefined =>
  stateMessages(values)?.map(toChatMessage);

/** An agent's answer: the last message of its final state, when the assistant wrote it. */
export function agentAnswer(outputs: unknown): ChatMessage[] | undefined {
  const last = messagesOf(outputs)?.at(-1);
  return last?.role === 'assistant' ? [last] : undefined;
}
