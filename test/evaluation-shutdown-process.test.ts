/** A graceful shutdown in a plain script waits for a hung evaluator's timeout instead of exiting. */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('shutdown holds the process open', () => {
  it('a script awaiting shutdown() with a hung evaluator gets its timeout result', () => {
    const out = execFileSync(
      process.execPath,
      ['--import', 'tsx', 'test/fixtures/hung-evaluator.ts'],
      {
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    expect(JSON.parse(out.trim().split('\n').at(-1)!)).toEqual([
      {
        name: 'hang',
        error: { type: 'TimeoutError', message: 'hang did not finish within 200 ms' },
      },
    ]);
  });
});
