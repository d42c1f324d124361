/**
 * A real LangChain chat model that answers from a script instead of a network: the agent's model
 * and the LLM judge's model both run through LangChain exactly as a hosted model would (tool
 * binding, structured output, usage metadata, callbacks), so the telemetry is the real thing.
 */
import {
  BaseChatModel,
  type BaseChatModelCallOptions,
  type BindToolsInput,
} from '@langchain/core/language_models/chat_models';
import { AIMessageChunk, type BaseMessage } from '@langchain/core/messages';
import type { ChatResult } from '@langchain/core/outputs';
import { convertToOpenAITool } from '@langchain/core/utils/function_calling';

export interface ScriptedTurn {
  content?: string;
  toolCalls?: Array<{ id: string; name: string; args: Record<string, unknown> }>;
  usage: { input: number; output: number };
  /** Simulated latency, so the waterfall has something to show. */
  latencyMs?: number;
}

/** `tools`: the names of the tools bound to this call (structured output binds one). */
export type Script = (messages: readonly BaseMessage[], tools: readonly string[]) => ScriptedTurn;

interface ScriptedCallOptions extends BaseChatModelCallOptions {
  tools?: ReturnType<typeof convertToOpenAITool>[];
}

export interface ScriptedModelInfo {
  /** Reported as LangChain's `ls_provider` (becomes `gen_ai.provider.name`). */
  provider: string;
  model: string;
}

let responses = 0;

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class ScriptedChatModel extends BaseChatModel<ScriptedCallOptions> {
  constructor(
    private readonly info: ScriptedModelInfo,
    private readonly script: Script,
  ) {
    super({});
  }

  _llmType(): string {
    return 'scripted';
  }

  override getLsParams(options: this['ParsedCallOptions']) {
    return {
      ls_provider: this.info.provider,
      ls_model_name: this.info.model,
      ls_model_type: 'chat' as const,
      ls_temperature: 0,
      ls_stop: options.stop,
    };
  }

  override invocationParams(options?: this['ParsedCallOptions']) {
    return { model: this.info.model, temperature: 0, tools: options?.tools };
  }

  override bindTools(tools: BindToolsInput[]) {
    return this.withConfig({ tools: tools.map((t) => convertToOpenAITool(t)) });
  }

  async _generate(
    messages: BaseMessage[],
    options: this['ParsedCallOptions'],
  ): Promise<ChatResult> {
    const turn = this.script(
      messages,
      (options.tools ?? []).map((t) => t.function.name),
    );
    if (turn.latencyMs) await sleep(turn.latencyMs);
    const { input, output } = turn.usage;
    // A chunk, as streaming providers return: LangChain's structured-output parser (which the
    // judge uses) accepts nothing else, and the agent takes either.
    const message = new AIMessageChunk({
      content: turn.content ?? '',
      id: `scripted-${++responses}`,
      tool_calls: turn.toolCalls?.map((c) => ({ ...c, type: 'tool_call' as const })) ?? [],
      usage_metadata: { input_tokens: input, output_tokens: output, total_tokens: input + output },
      response_metadata: {
        model_name: this.info.model,
        finish_reason: turn.toolCalls ? 'tool_calls' : 'stop',
      },
    });
    return { generations: [{ text: turn.content ?? '', message }] };
  }
}
