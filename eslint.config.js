import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';
import globals from 'globals';
import { boundaries } from './scripts/eslint/boundaries.js';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/drizzle/**',
      'playwright-report/**',
      'test-results/**',
      'data/**',
      '.turbo/**',
      // deliberate violations, linted only by scripts/eslint/boundaries.test.ts
      'scripts/eslint/fixtures/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['apps/web/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },

  // ---- package boundaries (docs/architecture.md) ----
  {
    files: ['**/*.{js,mjs,ts,tsx}'],
    plugins: { 'import-x': importX, boundaries },
    settings: {
      'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      // TypeScript sources import each other as './x.js'; workspace packages resolve through node_modules.
      'import-x/resolver-next': [
        createNodeResolver({
          extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'],
          extensionAlias: { '.js': ['.ts', '.tsx', '.js'] },
          conditionNames: ['import', 'default'],
        }),
      ],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'boundaries/package-entry-only': 'error',
    },
  },
  {
    files: ['libs/**/*.{js,mjs,ts,tsx}'],
    rules: { 'boundaries/lib-imports-app': 'error' },
  },
  {
    files: ['apps/web/src/**/*.{ts,tsx}'],
    rules: { 'boundaries/browser-imports-node': 'error' },
  },
  {
    files: ['apps/*/src/**/*.{js,mjs,ts,tsx}', 'libs/*/src/**/*.{js,mjs,ts,tsx}'],
    // tests next to the code are not product code; the test kit is the test tool itself
    ignores: ['**/*.test.{ts,tsx}', 'libs/testkit/**'],
    rules: { 'boundaries/product-imports-test-tool': 'error' },
  },
);
