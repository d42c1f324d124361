/** examples/mcp/main.ts runs as written and prints one trace from the agent to the tool's work. */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const tsx = createRequire(import.meta.url).resolve('tsx/cli');

describe('examples/mcp', () => {
  it('main.ts: the agent, MCP client and server spans, the tool invocation and its work are one trace', () => {
    const out = execFileSync(process.execPath, [tsx, 'examples/mcp/main.ts'], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(out).toContain('Sunny in Paris');
    const lines = out
      .split('\n')
      .map((line) => /^([0-9a-f]{32}) ([0-9a-f]{16}) <- (\S+)\s+(\w+)\s+(.+)$/.exec(line))
      .filter((m) => m !== null)
      .map(([, traceId, spanId, parent, kind, name]) => ({ traceId, spanId, parent, kind, name }));
    const byName = new Map(lines.map((l) => [`${l.kind} ${l.name}`, l]));
    const chain = [
      'INTERNAL invoke_agent travel-agent',
      'CLIENT tools/call get-weather',
      'SERVER tools/call get-weather',
      'INTERNAL execute_tool get-weather',
      'INTERNAL lookup forecast',
    ].map((name) => byName.get(name));
    expect(chain.every(Boolean), out).toBe(true);
    for (let i = 1; i < chain.length; i++) {
      expect(chain[i]!.traceId, out).toBe(chain[0]!.traceId);
      expect(chain[i]!.parent, out).toBe(chain[i - 1]!.spanId);
    }
  });
});
