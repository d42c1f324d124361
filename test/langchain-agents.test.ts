import { RunnableLambda } from '@langchain/core/runnables';
import { tool } from '@langchain/core/tools';
import { Annotation, END, interrupt, MemorySaver, START, StateGraph } from '@langchain/langgraph';
import { createReactAgent } from '@langchain/langgraph/prebuilt';
import { createAgent } from 'langchain';
import { SpanKind } from '@opentelemetry/api';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { TelemetryHandler } from '../src/index.js';
import { GenAICallbackHandler } from '../src/langchain/index.js';
import { createTestTelemetry, providers, type TestTelemetry } from './support/telemetry.js';
import {
  activeSpanId,
  byName,
  parentOf,
  ScriptedChatModel,
  tree,
  useAsyncLocalStorageContext,
  type Script,
} from './support/langchain.js';

let t: TestTelemetry;
beforeAll(useAsyncLocalStorageContext);
afterEach(() => t?.shutdown());

function setup() {
  t = createTestTelemetry();
  const handler = new TelemetryHandler({ ...providers(t), captureMessageContent: 'span_only' });
  return [new GenAICallbackHandler({ handler })];
}

const getWeather = tool(async ({ city }) => `It is sunny in ${city}.`, {
  name: 'get_weather',
  description: 'Current weather for a city',
  schema: z.object({ city: z.string() }),
});

/** model -> tool call; after the tool answered -> final text. */
const agentScript: Script = (messages) =>
  messages.some((m) => m.type === 'tool')
    ? { content: 'Sunny in Paris.', usage: { input: 30, output: 5 } }
    : {
        toolCalls: [{ id: 'call_1', name: 'get_weather', args: { city: 'Paris' } }],
        usage: { input: 20, output: 8 },
      };

describe('LangChain agents', () => {
  it('traces a createAgent loop: agent -> model -> tool -> model', async () => {
    const callbacks = setup();
    const agent = createAgent({
      model: new ScriptedChatModel(agentScript),
      tools: [getWeather],
      name: 'weather_agent',
    });
    const result = await agent.invoke(
      { messages: [{ role: 'user', content: 'Weather in Paris?' }] },
      { callbacks, configurable: { thread_id: 'conv-42' } },
    );
    const spans = t.spans();
    expect(result.messages.at(-1)?.content).toBe('Sunny in Paris.');
    const agentSpan = byName(spans, 'invoke_agent weather_agent');
    expect(parentOf(agentSpan)).toBeUndefined();
    expect(agentSpan.kind).toBe(SpanKind.INTERNAL);
    expect(agentSpan.attributes['gen_ai.agent.name']).toBe('weather_agent');
    expect(agentSpan.attributes['gen_ai.conversation.id']).toBe('conv-42');
    // The agent's own conversation: what it was asked and what it finally answered.
    expect(JSON.parse(agentSpan.attributes['gen_ai.input.messages'] as string)).toEqual([
      { role: 'user', parts: [{ type: 'text', content: 'Weather in Paris?' }] },
    ]);
    expect(JSON.parse(agentSpan.attributes['gen_ai.output.messages'] as string)).toEqual([
      {
        role: 'assistant',
        parts: [{ type: 'text', content: 'Sunny in Paris.' }],
        name: 'weather_agent',
        finish_reason: 'stop',
      },
    ]);

    const traceIds = new Set(spans.map((s) => s.spanContext().traceId));
    expect(traceIds.size).toBe(1);
    const chats = spans.filter((s) => s.name === 'chat gpt-4o-mini');
    expect(chats).toHaveLength(2);
    const toolSpan = byName(spans, 'execute_tool get_weather');
    expect(toolSpan.attributes).toMatchObject({
      'gen_ai.tool.name': 'get_weather',
      'gen_ai.tool.call.id': 'call_1',
      'gen_ai.tool.type': 'function',
      'gen_ai.agent.name': 'weather_agent',
    });
    expect(JSON.parse(toolSpan.attributes['gen_ai.tool.call.arguments'] as string)).toEqual({
      city: 'Paris',
    });
    expect(toolSpan.attributes['gen_ai.tool.call.result']).toBe('It is sunny in Paris.');

    // Every span descends from the agent span.
    const byId = new Map(spans.map((s) => [s.spanContext().spanId, s]));
    for (const span of [...chats, toolSpan]) {
      let up = span;
      while (parentOf(up) && parentOf(up) !== agentSpan.spanContext().spanId)
        up = byId.get(parentOf(up)!)!;
      expect(parentOf(up)).toBe(agentSpan.spanContext().spanId);
    }

    const [first, second] = chats.sort((a, b) => a.startTime[1] - b.startTime[1] || 0);
    const toolCallTurn = [first, second].find(
      (s) => s!.attributes['gen_ai.response.finish_reasons']?.toString() === 'tool_call',
    )!;
    expect(JSON.parse(toolCallTurn.attributes['gen_ai.output.messages'] as string)).toEqual([
      {
        role: 'assistant',
        parts: [
          { type: 'tool_call', id: 'call_1', name: 'get_weather', arguments: { city: 'Paris' } },
        ],
        finish_reason: 'tool_call',
      },
    ]);
    expect(JSON.parse(toolCallTurn.attributes['gen_ai.tool.definitions'] as string)).toEqual([
      expect.objectContaining({ type: 'function', name: 'get_weather' }),
    ]);
    const answerTurn = [first, second].find((s) => s !== toolCallTurn)!;
    const input = JSON.parse(answerTurn.attributes['gen_ai.input.messages'] as string);
    expect(input.map((m: { role: string }) => m.role)).toEqual(['user', 'assistant', 'tool']);
    expect(input[2].parts).toEqual([
      { type: 'tool_call_response', id: 'call_1', response: 'It is sunny in Paris.' },
    ]);
  });

  it('names unnamed createAgent agents after their graph; agent_name metadata makes an agent', async () => {
    const callbacks = setup();
    const agent = createAgent({ model: new ScriptedChatModel(agentScript), tools: [getWeather] });
    await agent.invoke({ messages: [{ role: 'user', content: 'Weather?' }] }, { callbacks });
    const react = createReactAgent({
      llm: new ScriptedChatModel(agentScript),
      tools: [getWeather],
    });
    await react
      .withConfig({ metadata: { agent_name: 'researcher' } })
      .invoke({ messages: [{ role: 'user', content: 'Weather?' }] }, { callbacks });
    const planner = RunnableLambda.from(async (x: string) => x).withConfig({ runName: 'plan' });
    await planner.invoke('x', { callbacks, metadata: { agent_name: 'planner' } });
    const agents = t.spans().filter((s) => s.name.startsWith('invoke_agent'));
    expect(agents.map((s) => s.name).sort()).toEqual([
      'invoke_agent LangGraph',
      'invoke_agent planner',
      'invoke_agent researcher',
    ]);
    expect(t.spans().filter((s) => s.name.startsWith('invoke_workflow'))).toHaveLength(0);
  });

  it('a LangGraph interrupt ends its runs normally, not as errors', async () => {
    const callbacks = setup();
    const State = Annotation.Root({ answer: Annotation<string>() });
    const graph = new StateGraph(State)
      .addNode('ask_human', () => ({ answer: interrupt('approve?') as string }))
      .addEdge(START, 'ask_human')
      .addEdge('ask_human', END)
      .compile({ name: 'approval', checkpointer: new MemorySaver() });
    const out = await graph.invoke({}, { callbacks, configurable: { thread_id: 't-1' } });
    expect(out).toHaveProperty('__interrupt__');
    const spans = t.spans();
    expect(spans.map((s) => s.name).sort()).toEqual(['ask_human', 'invoke_workflow approval']);
    for (const span of spans) {
      expect(span.status.code, span.name).toBe(0);
      expect(span.attributes, span.name).not.toHaveProperty('error.type');
    }
  });

  it('traces a LangGraph StateGraph with parallel branches as steps of one workflow', async () => {
    const callbacks = setup();
    const model = new ScriptedChatModel(() => ({ content: 'ok', usage: { input: 1, output: 1 } }));
    let activeInPlan: string | undefined;
    const State = Annotation.Root({
      notes: Annotation<string[]>({ reducer: (a, b) => a.concat(b), default: () => [] }),
    });
    const graph = new StateGraph(State)
      .addNode('plan', async () => {
        activeInPlan = activeSpanId();
        return { notes: ['plan'] };
      })
      .addNode('research', async (_s, config) => {
        await model.invoke('research', config);
        return { notes: ['research'] };
      })
      .addNode('weather', async (_s, config) => {
        await getWeather.invoke({ city: 'Paris' }, config);
        return { notes: ['weather'] };
      })
      .addNode('summarize', async () => ({ notes: ['summary'] }))
      .addEdge(START, 'plan')
      .addEdge('plan', 'research')
      .addEdge('plan', 'weather')
      .addEdge(['research', 'weather'], 'summarize')
      .addEdge('summarize', END)
      .compile({ name: 'trip_planner' });
    const out = await graph.invoke({}, { callbacks });
    expect(out.notes).toEqual(['plan', 'research', 'weather', 'summary']);
    expect(tree(t.spans())).toBe(
      [
        'invoke_workflow trip_planner',
        '  plan',
        '  research',
        '    chat gpt-4o-mini',
        '  summarize',
        '  weather',
        '    execute_tool get_weather',
      ].join('\n'),
    );
    expect(byName(t.spans(), 'research').attributes['genai_telemetry.step.type']).toBe(
      'graph_node',
    );
    expect(activeInPlan).toBe(byName(t.spans(), 'plan').spanContext().spanId);
  });
});
