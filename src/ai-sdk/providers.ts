/**
 * The AI SDK's provider ids (`openai.chat`, `anthropic.messages`, `google.vertex.chat`,
 * `amazon-bedrock`, ...) to the conventions' `gen_ai.provider.name` values. A provider id is a
 * dotted name whose leading segments say who serves the model; the longest known prefix wins and
 * unknown providers pass through unchanged, as the conventions allow.
 */
import { memoized } from '../memo.js';

const WELL_KNOWN: ReadonlyArray<readonly [prefix: string, name: string]> = [
  ['google.vertex.anthropic', 'gcp.vertex_ai'],
  ['google.vertex', 'gcp.vertex_ai'],
  ['google-vertex', 'gcp.vertex_ai'],
  ['vertex', 'gcp.vertex_ai'],
  ['google.generative-ai', 'gcp.gemini'],
  ['google', 'gcp.gemini'],
  ['amazon-bedrock', 'aws.bedrock'],
  ['bedrock', 'aws.bedrock'],
  ['azure-openai', 'azure.ai.openai'],
  ['azure.openai', 'azure.ai.openai'],
  ['azure', 'azure.ai.openai'],
  ['openai', 'openai'],
  ['anthropic', 'anthropic'],
  ['mistral', 'mistral_ai'],
  ['cohere', 'cohere'],
  ['groq', 'groq'],
  ['deepseek', 'deepseek'],
  ['perplexity', 'perplexity'],
  ['xai', 'x_ai'],
  ['ibm', 'ibm.watsonx.ai'],
];

const normalised = memoized((provider) => lookup(provider.toLowerCase()) ?? provider);

export function providerName(provider: string | undefined): string | undefined {
  return provider ? normalised(provider) : undefined;
}

function lookup(id: string): string | undefined {
  for (const [prefix, name] of WELL_KNOWN) {
    if (id === prefix || id.startsWith(`${prefix}.`) || id.startsWith(`${prefix}-`)) return name;
  }
  return undefined;
}
