import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Framework packages, each allowed only in the integration that is its subpath. */
const FRAMEWORKS = {
  'src/langchain': ['@langchain/*', 'langchain', 'langchain/*'],
  'src/ai-sdk': ['ai', 'ai/*', '@ai-sdk/*'],
  'src/mcp': ['@modelcontextprotocol/*'],
  'src/bullmq': ['bullmq', 'ioredis'],
  'src/judges': ['@langchain/*', 'openevals', 'openevals/*', 'autoevals'],
};

/** Module boundaries inside src/, on top of the framework rule: [files, forbidden, why]. */
const BOUNDARIES = [
  [
    'src/emitters/**',
    [
      '**/handler',
      '**/handler.js',
      '**/handler/*',
      '**/evaluation/*',
      '**/langchain/*',
      '**/judges/*',
    ],
    'emitters turn invocations into telemetry; they know neither the handler, evaluation nor integrations',
  ],
  [
    'src/handler/!(compose).ts',
    ['**/evaluation/*'],
    'the handler core knows nothing of evaluation; handler/compose.ts wires the two',
  ],
];

function restrictions(file, extra = []) {
  const patterns = Object.entries(FRAMEWORKS)
    .map(([dir, packages]) => ({
      group: packages.filter(
        (p) => !Object.entries(FRAMEWORKS).some(([d, ps]) => file.startsWith(d) && ps.includes(p)),
      ),
      message: `framework packages are imported only by their integration (${dir})`,
    }))
    .filter((p) => p.group.length > 0);
  return ['error', { patterns: [...patterns, ...extra] }];
}

export default tseslint.config(
  { ignores: ['.bench-build/**', 'dist/**', '**/node_modules/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setImmediate: 'readonly',
        queueMicrotask: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  { files: ['src/**/*.ts'], rules: { 'no-restricted-imports': restrictions('src/') } },
  ...Object.keys(FRAMEWORKS).map((dir) => ({
    files: [`${dir}/**/*.ts`],
    rules: { 'no-restricted-imports': restrictions(dir) },
  })),
  ...BOUNDARIES.map(([files, group, message]) => ({
    files: [files],
    rules: { 'no-restricted-imports': restrictions(files, [{ group, message }]) },
  })),
);
