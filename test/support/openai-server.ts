/**
 * A loopback OpenAI-compatible HTTP server for tests: real HTTP on 127.0.0.1, the standard
 * `POST /v1/chat/completions` (JSON, or SSE with `stream: true`, usage chunk included when
 * `stream_options.include_usage` asks for it) and `POST /v1/embeddings` shapes, answering from a
 * scripted list of replies. Any OpenAI client (the AI SDK's `@ai-sdk/openai`, LangChain's
 * `ChatOpenAI`, the `openai` package) can be pointed at `server.baseURL`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { listenOnLoopback, readJson, sendJson } from './loopback-http.js';

export interface ScriptedUsage {
  promptTokens: number;
  completionTokens: number;
  cachedTokens?: number;
  reasoningTokens?: number;
}

export interface ScriptedToolCall {
  id?: string;
  name: string;
  arguments: unknown;
}

/** One chat completion: text and/or tool calls, or an HTTP error. */
export type ScriptedReply =
  | {
      text?: string;
      toolCalls?: ScriptedToolCall[];
      finishReason?: string;
      usage?: ScriptedUsage;
      /** The response's model (default: the requested one). */
      model?: string;
      id?: string;
    }
  | { error: { status: number; message: string; type?: string; code?: string } };

export type ReplySource = ScriptedReply | ((request: ChatRequest) => ScriptedReply);

/** The parts of a chat completions request body a script may look at. */
export interface ChatRequest {
  model: string;
  messages: Array<{ role: string; content?: unknown; tool_calls?: unknown; tool_call_id?: string }>;
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  tools?: unknown[];
  [key: string]: unknown;
}

export interface RecordedRequest {
  path: string;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
}

export interface OpenAIServerOptions {
  /** Replies served in order, one per chat completion. */
  replies?: ReplySource[];
  /** Served when the scripted list is used up (default: an HTTP 500 naming the problem). */
  fallback?: ReplySource;
  /** Delay between SSE chunks, so a test can act mid-stream. Default 0. */
  chunkDelayMs?: number;
  /** Length of the vectors `/v1/embeddings` returns when the request names no `dimensions`. */
  embeddingDimensions?: number;
}

export interface OpenAIServer {
  /** `http://127.0.0.1:{port}/v1`, what OpenAI clients call `baseURL`. */
  readonly baseURL: string;
  readonly port: number;
  /** Every request received, in order. */
  readonly requests: RecordedRequest[];
  /** Appends replies to the script. */
  reply(...replies: ReplySource[]): void;
  close(): Promise<void>;
}

const DEFAULT_USAGE: ScriptedUsage = { promptTokens: 10, completionTokens: 5 };

export async function startOpenAIServer(options: OpenAIServerOptions = {}): Promise<OpenAIServer> {
  const script: ReplySource[] = [...(options.replies ?? [])];
  const requests: RecordedRequest[] = [];
  let sequence = 0;

  const server = createServer((req, res) => {
    readJson(req)
      .then((body) => {
        const path = (req.url ?? '').split('?')[0] ?? '';
        requests.push({ path, headers: req.headers, body });
        if (req.method === 'POST' && path.endsWith('/chat/completions')) {
          const source = script.shift() ?? options.fallback;
          const request = body as ChatRequest;
          const reply = typeof source === 'function' ? source(request) : source;
          return chat(res, request, reply, `chatcmpl-${++sequence}`, options.chunkDelayMs ?? 0);
        }
        if (req.method === 'POST' && path.endsWith('/embeddings'))
          return embeddings(res, body, options.embeddingDimensions ?? 8);
        return sendError(res, 404, `no route for ${req.method} ${path}`);
      })
      .catch((err: unknown) => sendError(res, 400, `bad request: ${String(err)}`));
  });
  const { port, close } = await listenOnLoopback(server);
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    port,
    requests,
    reply: (...replies) => void script.push(...replies),
    close,
  };
}

function sendError(
  res: ServerResponse,
  status: number,
  message: string,
  type = 'server_error',
): void {
  sendJson(res, status, { error: { message, type, param: null, code: null } });
}

function usageBody(usage: ScriptedUsage) {
  return {
    prompt_tokens: usage.promptTokens,
    completion_tokens: usage.completionTokens,
    total_tokens: usage.promptTokens + usage.completionTokens,
    prompt_tokens_details: { cached_tokens: usage.cachedTokens ?? 0 },
    completion_tokens_details: { reasoning_tokens: usage.reasoningTokens ?? 0 },
  };
}

function toolCallsBody(calls: ScriptedToolCall[], id: string) {
  return calls.map((call, index) => ({
    id: call.id ?? `call_${id}_${index}`,
    type: 'function',
    function: {
      name: call.name,
      arguments:
        typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments),
    },
  }));
}

async function chat(
  res: ServerResponse,
  request: ChatRequest,
  reply: ScriptedReply | undefined,
  id: string,
  delayMs: number,
): Promise<void> {
  if (!reply) return sendError(res, 500, 'the test server has no scripted reply left');
  if ('error' in reply) {
    const { status, message, type, code } = reply.error;
    return sendJson(res, status, {
      error: { message, type: type ?? 'server_error', param: null, code: code ?? null },
    });
  }
  const model = reply.model ?? request.model;
  const toolCalls = reply.toolCalls?.length ? toolCallsBody(reply.toolCalls, id) : undefined;
  const finishReason = reply.finishReason ?? (toolCalls ? 'tool_calls' : 'stop');
  const usage = usageBody(reply.usage ?? DEFAULT_USAGE);
  const created = Math.floor(Date.now() / 1000);
  if (!request.stream) {
    const message = {
      role: 'assistant',
      content: reply.text ?? null,
      ...(toolCalls && { tool_calls: toolCalls }),
    };
    return sendJson(res, 200, {
      id,
      object: 'chat.completion',
      created,
      model,
      choices: [{ index: 0, message, logprobs: null, finish_reason: finishReason }],
      usage,
    });
  }
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const base = { id, object: 'chat.completion.chunk', created, model };
  const deltas: Array<Record<string, unknown>> = [{ role: 'assistant', content: '' }];
  for (const word of (reply.text ?? '').match(/\S+\s*/g) ?? []) deltas.push({ content: word });
  toolCalls?.forEach((call, index) => {
    deltas.push({
      tool_calls: [
        {
          index,
          id: call.id,
          type: 'function',
          function: { name: call.function.name, arguments: '' },
        },
      ],
    });
    // Arguments arrive in two fragments, as real servers split them.
    const args = call.function.arguments;
    const half = Math.ceil(args.length / 2);
    for (const fragment of [args.slice(0, half), args.slice(half)])
      if (fragment) deltas.push({ tool_calls: [{ index, function: { arguments: fragment } }] });
  });
  const events: unknown[] = deltas.map((delta) => ({
    ...base,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: null }],
  }));
  events.push({
    ...base,
    choices: [{ index: 0, delta: {}, logprobs: null, finish_reason: finishReason }],
  });
  if (request.stream_options?.include_usage) events.push({ ...base, choices: [], usage });
  for (const event of events) {
    if (res.destroyed) return;
    res.write(`data: ${JSON.stringify(event)}\n\n`);
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
  }
  res.end('data: [DONE]\n\n');
}

/** Deterministic vectors (from each input's characters), one per input, and a word count as usage. */
function embeddings(
  res: ServerResponse,
  body: Record<string, unknown>,
  defaultDimensions: number,
): void {
  const inputs = Array.isArray(body.input) ? body.input : [body.input];
  const dimensions = typeof body.dimensions === 'number' ? body.dimensions : defaultDimensions;
  let tokens = 0;
  const data = inputs.map((input, index) => {
    const text = String(input);
    tokens += text.split(/\s+/).filter(Boolean).length;
    const embedding = Array.from(
      { length: dimensions },
      (_, i) => ((text.charCodeAt(i % text.length) || 0) % 97) / 97,
    );
    return { object: 'embedding', index, embedding };
  });
  sendJson(res, 200, {
    object: 'list',
    data,
    model: body.model,
    usage: { prompt_tokens: tokens, total_tokens: tokens },
  });
}
