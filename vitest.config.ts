import { defineConfig } from 'vitest/config';

// One `vitest run` (what `npm test` runs) covers the library's own tests and the cross-line
// suite, which runs once per OpenTelemetry JS line in that line's fixture project
// (test/sdk-lines/<line>, prepared by scripts/sdk-lines.mjs) with no setup of the root's: the
// line's own API and SDK packages must be the only ones its tests load.
export default defineConfig({
  test: {
    environment: 'node',
    testTimeout: 20_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'library',
          include: ['test/**/*.test.ts'],
          exclude: ['test/sdk-lines/**', '**/node_modules/**'],
          setupFiles: ['test/setup.ts'],
        },
      },
      ...['v2', 'v3'].map((line) => ({
        extends: true,
        test: { name: `sdk-${line}`, include: [`test/sdk-lines/${line}/*.test.ts`] },
      })),
    ],
  },
});
