/** The copied GenAI names must equal what @opentelemetry/semantic-conventions/incubating exports. */
import * as incubating from '@opentelemetry/semantic-conventions/incubating';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as local from '../src/semconv.js';
import { PACKAGE_VERSION } from '../src/version.js';

describe('semconv.ts', () => {
  it('every copied constant that /incubating also exports has the same value', () => {
    const exported = incubating as unknown as Record<string, unknown>;
    const shared = Object.keys(local).filter((name) => name in exported);
    expect(shared.length).toBeGreaterThan(60);
    for (const name of shared)
      expect(local[name as keyof typeof local], name).toEqual(exported[name]);
  });

  // The naming guide reserves a convention's namespace for its own names: the project's are in
  // genai_telemetry.*, the evaluation score histogram (the Splunk reference's name) and the
  // unreleased names of the latest-experimental opt-in excepted.
  it('no name of the project’s own inside gen_ai.*', () => {
    const exported = new Set(Object.values(incubating as unknown as Record<string, unknown>));
    const own = (Object.values(local) as unknown[]).filter(
      (value): value is string =>
        typeof value === 'string' && value.startsWith('gen_ai.') && !exported.has(value),
    );
    expect(own.sort()).toEqual([
      'gen_ai.evaluation.score',
      'gen_ai.usage.cache_write.input_tokens',
    ]);
  });

  it('the package version constant matches package.json', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    expect(PACKAGE_VERSION).toBe(pkg.version);
  });
});
