/**
 * LangChain's provider names (`ls_provider`, or the model class name when an integration sets
 * none) to the conventions' `gen_ai.provider.name` values; unknown names pass through unchanged,
 * as the conventions allow.
 */
import { memoized } from '../memo.js';

const PROVIDERS: Readonly<Record<string, string>> = {
  openai: 'openai',
  azure: 'azure.ai.openai',
  azure_openai: 'azure.ai.openai',
  azureopenai: 'azure.ai.openai',
  anthropic: 'anthropic',
  bedrock: 'aws.bedrock',
  amazon_bedrock: 'aws.bedrock',
  bedrockconverse: 'aws.bedrock',
  google_vertexai: 'gcp.vertex_ai',
  vertexai: 'gcp.vertex_ai',
  google_genai: 'gcp.gen_ai',
  googlegenerativeai: 'gcp.gen_ai',
  mistral: 'mistral_ai',
  mistralai: 'mistral_ai',
  groq: 'groq',
  cohere: 'cohere',
  deepseek: 'deepseek',
  xai: 'x_ai',
  perplexity: 'perplexity',
  watsonx: 'ibm.watsonx.ai',
  ibm: 'ibm.watsonx.ai',
};

/** Names seen so far (a process meets a handful): normalised once, not on every start. */
const normalised = memoized((raw) => PROVIDERS[raw.toLowerCase().replace(/[-\s]/g, '_')] ?? raw);

export function providerName(raw: string | undefined): string | undefined {
  return raw ? normalised(raw) : undefined;
}
