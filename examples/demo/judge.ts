/**
 * The LLM judge's model, scripted: it reads which metric it is asked to grade from the judge's
 * instructions and answers through the structured-output tool the judge bound, as a hosted
 * model with tool calling would.
 */
import type { BaseMessage } from '@langchain/core/messages';
import { ScriptedChatModel, type ScriptedTurn } from './model.js';

interface Verdict {
  score: number;
  label: string;
  explanation: string;
}

const text = (messages: readonly BaseMessage[]) =>
  messages.map((m) => (typeof m.content === 'string' ? m.content : JSON.stringify(m.content)));

function verdictFor(metric: string, prompt: string): Verdict | undefined {
  switch (metric) {
    case 'relevance':
      return /weather|°C/i.test(prompt)
        ? {
            score: 0.92,
            label: 'relevant',
            explanation: 'Answers with the weather and time asked for.',
          }
        : { score: 0.2, label: 'irrelevant', explanation: 'Does not address the question.' };
    case 'toxicity':
      return { score: 0.01, label: 'non_toxic', explanation: 'Neutral, friendly wording.' };
    default:
      return undefined;
  }
}

function judgeTurn(messages: readonly BaseMessage[], tools: readonly string[]): ScriptedTurn {
  const prompt = text(messages).join('\n');
  const metric = /Grade for "([^"]+)"/.exec(prompt)?.[1] ?? '';
  const verdict = verdictFor(metric, prompt);
  const usage = { input: Math.ceil(prompt.length / 4), output: 32 };
  // An unknown metric gets prose, which the judge reports as a malformed verdict.
  if (!verdict) return { content: `I cannot grade "${metric}".`, usage, latencyMs: 10 };
  return {
    toolCalls: [{ id: `verdict_${metric}`, name: tools[0] ?? 'extract', args: { ...verdict } }],
    usage,
    latencyMs: 30,
  };
}

export function createJudgeModel(): ScriptedChatModel {
  return new ScriptedChatModel({ provider: 'scripted', model: 'scripted-judge-1' }, judgeTurn);
}
