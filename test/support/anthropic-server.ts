/**
 * A loopback Anthropic-compatible HTTP server for tests: real HTTP on 127.0.0.1, the Messages API
 * (`POST /v1/messages`, JSON, or server-sent events with `stream: true`: message_start,
 * content_block_start/delta/stop, message_delta with the stop reason and output usage,
 * message_stop), answering from a scripted list of replies. Point `ChatAnthropic` at it with
 * `anthropicApiUrl: server.url`.
 */
import { createServer, type ServerResponse } from 'node:http';
import { listenOnLoopback, readJson, sendJson } from './loopback-http.js';

export interface AnthropicReply {
  text?: string;
  toolUse?: { id: string; name: string; input: Record<string, unknown> };
  stopReason?: 'end_turn' | 'max_tokens' | 'stop_sequence' | 'tool_use';
  usage?: { input: number; output: number; cacheRead?: number };
  /** The response's model (default: the requested one). */
  model?: string;
}

export interface AnthropicServer {
  /** `http://127.0.0.1:{port}`, what ChatAnthropic calls `anthropicApiUrl`. */
  readonly url: string;
  readonly port: number;
  readonly requests: Array<Record<string, unknown>>;
  reply(...replies: AnthropicReply[]): void;
  close(): Promise<void>;
}

export async function startAnthropicServer(
  replies: AnthropicReply[] = [],
): Promise<AnthropicServer> {
  const script = [...replies];
  const requests: Array<Record<string, unknown>> = [];
  let sequence = 0;
  const server = createServer((req, res) => {
    readJson(req)
      .then((body) => {
        requests.push(body);
        if (req.method !== 'POST' || !(req.url ?? '').startsWith('/v1/messages'))
          return sendJson(res, 404, {
            type: 'error',
            error: { type: 'not_found_error', message: 'no route' },
          });
        const reply = script.shift();
        if (!reply)
          return sendJson(res, 500, {
            type: 'error',
            error: { type: 'api_error', message: 'no scripted reply left' },
          });
        const message = messageOf(body, reply, `msg_${++sequence}`);
        return body.stream === true ? stream(res, message, reply) : sendJson(res, 200, message);
      })
      .catch((err: unknown) =>
        sendJson(res, 400, {
          type: 'error',
          error: { type: 'invalid_request_error', message: String(err) },
        }),
      );
  });
  const { port, close } = await listenOnLoopback(server);
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    reply: (...more) => void script.push(...more),
    close,
  };
}

function messageOf(request: Record<string, unknown>, reply: AnthropicReply, id: string) {
  const content: Array<Record<string, unknown>> = [];
  if (reply.text !== undefined) content.push({ type: 'text', text: reply.text });
  if (reply.toolUse) content.push({ type: 'tool_use', ...reply.toolUse });
  const usage = reply.usage ?? { input: 12, output: 6 };
  return {
    id,
    type: 'message',
    role: 'assistant',
    model: reply.model ?? String(request.model),
    content,
    stop_reason: reply.stopReason ?? (reply.toolUse ? 'tool_use' : 'end_turn'),
    stop_sequence: null,
    usage: {
      input_tokens: usage.input,
      output_tokens: usage.output,
      cache_read_input_tokens: usage.cacheRead ?? 0,
      cache_creation_input_tokens: 0,
    },
  };
}

function stream(
  res: ServerResponse,
  message: ReturnType<typeof messageOf>,
  reply: AnthropicReply,
): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const event = (type: string, data: Record<string, unknown>) =>
    res.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`);
  const { usage } = message;
  event('message_start', {
    message: { ...message, content: [], stop_reason: null, usage: { ...usage, output_tokens: 1 } },
  });
  let index = 0;
  if (reply.text !== undefined) {
    event('content_block_start', { index, content_block: { type: 'text', text: '' } });
    for (const word of reply.text.match(/\S+\s*/g) ?? [])
      event('content_block_delta', { index, delta: { type: 'text_delta', text: word } });
    event('content_block_stop', { index });
    index++;
  }
  if (reply.toolUse) {
    const { id, name, input } = reply.toolUse;
    event('content_block_start', {
      index,
      content_block: { type: 'tool_use', id, name, input: {} },
    });
    event('content_block_delta', {
      index,
      delta: { type: 'input_json_delta', partial_json: JSON.stringify(input) },
    });
    event('content_block_stop', { index });
  }
  event('message_delta', {
    delta: { stop_reason: message.stop_reason, stop_sequence: null },
    usage: { output_tokens: usage.output_tokens },
  });
  event('message_stop', {});
  res.end();
}
