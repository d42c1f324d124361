import {
  AIMessage,
  ChatMessage,
  HumanMessage,
  SystemMessage,
  ToolMessage,
} from '@langchain/core/messages';
import { describe, expect, it } from 'vitest';
import { toChatMessage } from '../src/langchain/messages.js';
import { applyLlmResult } from '../src/langchain/llm-result.js';
import { llmStart } from '../src/langchain/llm.js';
import type { LlmInvocation } from '../src/index.js';

describe('LangChain messages in the conventions shape', () => {
  it('keeps roles as the conventions name them, with tool calls and results as parts', () => {
    const messages = [
      new SystemMessage('Be brief.'),
      new HumanMessage({
        content: [
          { type: 'text', text: 'What is this?' },
          { type: 'image_url', image_url: { url: 'https://example.com/a.png' } },
          { type: 'image', data: 'aGk=', mimeType: 'image/png' },
        ],
      }),
      new AIMessage({
        content: '',
        tool_calls: [{ id: 'call_1', name: 'lookup', args: { q: 'a' }, type: 'tool_call' }],
      }),
      new ToolMessage({ content: 'found', tool_call_id: 'call_1' }),
      new ChatMessage({ content: 'hi', role: 'critic' }),
    ];
    expect(messages.map(toChatMessage)).toEqual([
      { role: 'system', parts: [{ type: 'text', content: 'Be brief.' }] },
      {
        role: 'user',
        parts: [
          { type: 'text', content: 'What is this?' },
          { type: 'uri', modality: 'image', uri: 'https://example.com/a.png' },
          { type: 'blob', modality: 'image', content: 'aGk=', mime_type: 'image/png' },
        ],
      },
      {
        role: 'assistant',
        parts: [{ type: 'tool_call', id: 'call_1', name: 'lookup', arguments: { q: 'a' } }],
      },
      { role: 'tool', parts: [{ type: 'tool_call_response', id: 'call_1', response: 'found' }] },
      { role: 'critic', parts: [{ type: 'text', content: 'hi' }] },
    ]);
  });

  it('reads request parameters from invocation params when ls_* metadata lacks them', () => {
    const inv = llmStart(
      undefined,
      { messages: [] },
      {
        invocation_params: {
          model: 'claude-sonnet-4',
          max_tokens: 100,
          top_k: 5,
          stop: ['END'],
          seed: 7,
          stream: true,
          tools: [{ name: 'lookup', description: 'd', input_schema: { type: 'object' } }],
        },
      },
      { ls_provider: 'anthropic' },
    );
    expect(inv).toMatchObject({
      provider: 'anthropic',
      requestModel: 'claude-sonnet-4',
      maxTokens: 100,
      topK: 5,
      stopSequences: ['END'],
      seed: 7,
      stream: true,
      toolDefinitions: [
        { type: 'function', name: 'lookup', description: 'd', parameters: { type: 'object' } },
      ],
    });
  });

  it('falls back to llmOutput token usage and maps provider finish reasons', () => {
    const inv: LlmInvocation = { kind: 'llm' };
    applyLlmResult(
      inv,
      {
        generations: [[{ text: 'x', generationInfo: { finish_reason: 'max_tokens' } }]],
        llmOutput: { tokenUsage: { promptTokens: 11, completionTokens: 3 }, model_name: 'm-1' },
      },
      'run-1',
    );
    expect(inv).toMatchObject({
      inputTokens: 11,
      outputTokens: 3,
      responseModel: 'm-1',
      finishReasons: ['length'],
    });
    const estimated: LlmInvocation = { kind: 'llm' };
    applyLlmResult(
      estimated,
      {
        generations: [],
        llmOutput: { estimatedTokenUsage: { promptTokens: 2, completionTokens: 1 } },
      },
      'run-2',
    );
    expect(estimated).toMatchObject({ inputTokens: 2, outputTokens: 1 });
  });
});
