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

  it('the package version constant matches package.json', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    expect(PACKAGE_VERSION).toBe(pkg.version);
  });
});
