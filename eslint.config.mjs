// @ts-check
import js from '@eslint/js';
import nextPlugin from '@next/eslint-plugin-next';
import prettier from 'eslint-config-prettier';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

/**
 * Lint: typescript-eslint (strict, type-aware), React hooks, Next's rules, and the house rules
 * that keep the layers apart (docs/architecture.md). Formatting is Prettier's job, so stylistic
 * rules that Prettier owns are off (eslint-config-prettier). `npm run lint` fails on any warning.
 */

/** Import rules per layer: what a folder may not reach into. */
const boundary = (patterns) => ({ 'no-restricted-imports': 'off', '@typescript-eslint/no-restricted-imports': ['error', { patterns }] });

const DEV_TOOLS = {
  group: ['@tools/*', '**/tools/*', '**/tests/*', '../**/tests/**'],
  message: 'tools/ and tests/ are development tooling: the app never imports them.',
};
const FEATURES = { group: ['@/features/*', '**/features/*'], message: 'src/server holds what several features share: it never imports a feature.' };
const SERVER_FROM_CLIENT = {
  group: ['@/server/*'],
  allowTypeImports: true,
  message: 'Client code reaches the server through actions; import server types with `import type` only.',
};
const SHARED_FROM_FEATURES = { group: ['@/features/*'], message: 'Shared code (src/lib, src/components) does not depend on a feature.' };
const APP = { group: ['@/app/*'], message: 'Routes import features, never the other way round.' };

export default tseslint.config(
  {
    ignores: [
      '.next/**',
      'node_modules/**',
      'src/generated/**',
      'bench/out/**',
      '.data/**',
      '.e2e/**',
      'test-results/**',
      'playwright-report/**',
      'scratch/**',
      'next-env.d.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { 'react-hooks': reactHooks, '@next/next': nextPlugin },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...nextPlugin.configs.recommended.rules,
      ...nextPlugin.configs['core-web-vitals'].rules,
      // Numbers and booleans in template strings read naturally ("page 3 of 7"); objects still may not.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      // `void promise` marks a deliberate fire-and-forget (logged where it matters).
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true, ignoreVoidOperator: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      // noUncheckedIndexedAccess makes every index read possibly undefined; a `!` after a check the
      // compiler cannot follow (a regex group that matched, Map.get after set, [0] of a list known
      // to be non-empty) says so more plainly than a second guard.
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      // Every read of the environment goes through src/server/config.ts.
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read settings through env (src/server/config.ts).' }],
      ...boundary([DEV_TOOLS, APP]),
    },
  },
  { files: ['src/server/**'], rules: boundary([DEV_TOOLS, APP, FEATURES]) },
  { files: ['src/features/*/components/**'], rules: boundary([DEV_TOOLS, APP, SERVER_FROM_CLIENT]) },
  { files: ['src/lib/**', 'src/components/**'], rules: boundary([DEV_TOOLS, APP, SERVER_FROM_CLIENT, SHARED_FROM_FEATURES]) },
  { files: ['scripts/**', 'tools/**', 'tests/**'], rules: boundary([APP]) },
  {
    // The one module that reads the environment; framework files that must; tests, which set it up.
    files: ['src/server/config.ts', 'src/instrumentation.ts', 'tests/**', '*.config.{ts,mjs,js}'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    files: ['**/*.{js,mjs,cjs}'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      parserOptions: { projectService: false },
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly' },
    },
  },
  prettier,
);
