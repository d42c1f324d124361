/**
 * The public surface, entry by entry: the names each export of the package gives at run time.
 * A snapshot, so the surface changes only on purpose (update it with `npx vitest run -u` and
 * say why in the commit).
 */
import { describe, expect, it } from 'vitest';

const entries: Record<string, () => Promise<Record<string, unknown>>> = {
  'genai-telemetry': () => import('../src/index.js'),
  'genai-telemetry/schemas': () => import('../src/schemas.js'),
  'genai-telemetry/evaluation': () => import('../src/evaluation/index.js'),
  'genai-telemetry/langchain': () => import('../src/langchain/index.js'),
  'genai-telemetry/ai-sdk': () => import('../src/ai-sdk/index.js'),
  'genai-telemetry/mcp': () => import('../src/mcp/index.js'),
  'genai-telemetry/bullmq': () => import('../src/bullmq/index.js'),
  'genai-telemetry/judges': () => import('../src/judges/index.js'),
};

describe('public surface', () => {
  for (const [entry, load] of Object.entries(entries)) {
    it(entry, async () => {
      expect(Object.keys(await load()).sort()).toMatchSnapshot();
    });
  }

  it('the root entry stays small: what an application or integration needs', async () => {
    expect(Object.keys(await import('../src/index.js')).length).toBeLessThanOrEqual(40);
  });
});
