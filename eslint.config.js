// ESLint flat config for the monorepo. Rules that need type information stay off so `eslint .` stays fast; `tsc -b`
// already checks types.
import { fileURLToPath } from 'node:url';
import js from '@eslint/js';
import { defineConfig, globalIgnores, includeIgnoreFile } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  // Whatever git ignores (build output, coverage, local data) is not source either.
  includeIgnoreFile(fileURLToPath(new URL('.gitignore', import.meta.url)), 'git ignores'),
  globalIgnores(['**/dist/**', '**/node_modules/**', '**/.stencil/**', '**/www/**', 'storybook-static/**', 'storybook/public/**', '**/*.d.ts'], 'build output'),
  {
    name: 'examroom/sources',
    files: [
      'packages/*/src/**/*.{ts,tsx}',
      'packages/*/test-browser/**/*.ts',
      'scripts/**/*.{js,mjs,cjs,ts}',
      'bench/**/*.{js,mjs,cjs,ts}',
      'storybook/**/*.{js,mjs,cjs,ts}',
      'docs/**/*.ts',
      'packaging/**/*.ts',
      'examples/*.ts',
      'packages/*/scripts/**/*.{js,mjs}',
      '*.{js,mjs,cjs,ts}',
    ],
    extends: [js.configs.recommended, tseslint.configs.recommended],
    languageOptions: {
      // Core and elements run in browsers, the server and scripts in Node; ports keep them apart, not globals.
      globals: { ...globals.browser, ...globals.node },
    },
    rules: {
      // `_name` marks a parameter or binding that is unused on purpose (a port method's ignored argument, a rest split).
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
        },
      ],
    },
  },
  {
    // The domain, its fronts and the server call an asynchronous repository: a promise left unawaited would let a
    // write land after its transaction ended, or a rule's check pass on a promise (always truthy). Type-aware, so
    // only where it matters.
    name: 'examroom/async-repository',
    files: ['packages/domain/src/**/*.ts', 'packages/server/src/**/*.ts', 'packages/msw/src/**/*.ts'],
    ignores: ['**/*.test.ts', '**/*.test-kit.ts', '**/*.contract*.ts', '**/test-support/**'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false, attributes: false } }],
      '@typescript-eslint/await-thenable': 'error',
    },
  },
  {
    name: 'examroom/stencil-jsx',
    files: ['packages/*/src/**/*.tsx'],
    languageOptions: {
      // Stencil compiles JSX to h(); without this pragma `import { h }` would count as unused.
      parserOptions: { jsxPragma: 'h', jsxFragmentName: 'Fragment' },
    },
  },
);
