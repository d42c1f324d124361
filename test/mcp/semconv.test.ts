/** The copied MCP names must equal what @opentelemetry/semantic-conventions/incubating exports. */
import * as incubating from '@opentelemetry/semantic-conventions/incubating';
import { describe, expect, it } from 'vitest';
import * as local from '../../src/mcp/semconv.js';

describe('mcp/semconv.ts', () => {
  it('every copied constant that /incubating also exports has the same value', () => {
    const exported = incubating as unknown as Record<string, unknown>;
    const names = Object.keys(local).filter((name) => !name.startsWith('MCP_ERROR_TYPE_VALUE_'));
    // The error.type values are the conventions' (tool_error) or this project's (cancelled).
    for (const name of names)
      expect(local[name as keyof typeof local], name).toEqual(exported[name]);
    expect(names.length).toBeGreaterThan(20);
  });
});
