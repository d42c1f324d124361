/**
 * Tool runs as `tool_call` invocations and retriever runs as `retrieval` invocations. LangChain
 * passes a tool's input as a JSON string; it is parsed back so that captured arguments are an
 * object, as the conventions prefer. A tool's result is the ToolMessage content it returns.
 */
import type { RetrievalDocument, RetrievalInvocation, ToolCallInvocation } from '../types.js';
import { serializedName } from './chains.js';
import { isRecord, num, pick, str, type Loose } from './values.js';

export function toolStart(
  serialized: unknown,
  input: string,
  runName: string | undefined,
  toolCallId: string | undefined,
  /** False when no signal needs content: the input is not parsed into arguments. */
  content = true,
): ToolCallInvocation {
  const inv: ToolCallInvocation = {
    kind: 'tool_call',
    name: runName ?? serializedName(serialized),
    toolType: 'function',
    arguments: content ? parseJson(input) : undefined,
  };
  const kwargs = isRecord(serialized) && isRecord(serialized.kwargs) ? serialized.kwargs : {};
  const description = str(kwargs.description);
  if (description) inv.description = description;
  if (toolCallId) inv.toolCallId = toolCallId;
  return inv;
}

function parseJson(input: string): unknown {
  const first = input.trimStart()[0];
  if (first !== '{' && first !== '[') return input;
  try {
    return JSON.parse(input) as unknown;
  } catch {
    return input;
  }
}

/** A ToolMessage's content (and its tool call id when the start did not carry one). */
export function applyToolOutput(inv: ToolCallInvocation, output: unknown): void {
  if (isRecord(output) && 'content' in output && str(output.tool_call_id) !== undefined) {
    inv.result = output.content;
    inv.toolCallId ??= str(output.tool_call_id);
    return;
  }
  inv.result = output;
}

export function retrievalStart(
  serialized: unknown,
  query: string,
  runName: string | undefined,
  metadata: Loose | undefined,
): RetrievalInvocation {
  const inv: RetrievalInvocation = {
    kind: 'retrieval',
    dataSourceId: str(metadata?.ls_vector_store_provider) ?? runName ?? serializedName(serialized),
    query,
  };
  const provider = str(metadata?.ls_retriever_provider) ?? str(metadata?.ls_vector_store_provider);
  if (provider) inv.provider = provider;
  return inv;
}

/** Documents with an id (the document's, or `metadata.id`) and a score where the store gives one. */
export function retrievedDocuments(documents: unknown): RetrievalDocument[] {
  if (!Array.isArray(documents)) return [];
  const result: RetrievalDocument[] = [];
  for (const doc of documents) {
    if (!isRecord(doc)) continue;
    const meta = isRecord(doc.metadata) ? doc.metadata : {};
    const id = str(doc.id) ?? str(meta.id) ?? str(meta.source);
    if (!id) continue;
    const score = pick(meta, ['score', '_score', 'relevance_score', 'similarity'], num);
    result.push(score === undefined ? { id } : { id, score });
  }
  return result;
}
