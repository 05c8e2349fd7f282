// Lint rules: typescript-eslint + eslint-plugin-svelte recommended, the house size limits and the layering rules.
// Formatting is Prettier's job (`npm run format`); eslint-config-prettier, last, turns off rules it would fight.
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// "A file owns one idea, ≤ ~300 lines"; functions ≤ 80 lines (docs/CONTRIBUTING.md, issue 11).
const sizeLimits = {
  'max-lines': ['error', { max: 300, skipBlankLines: true, skipComments: true }],
  'max-lines-per-function': ['error', { max: 80, skipBlankLines: true, skipComments: true }],
};

// The app (src/) reaches the worker only through `new Worker(new URL(...))` in src/state/ml-client.ts.
const noWorkers = { group: ['**/workers/**'], message: 'src/ must not import from workers/ (layering).' };
// src/core is plain computation shared by app, worker and CLI (docs/CONTRIBUTING.md "Rules").
const coreOnly = [
  noWorkers,
  {
    group: ['**/ui/**', '**/state/**', '**/storage/**'],
    message: 'src/core must not import src/ui, src/state or src/storage.',
  },
  { group: ['svelte', 'svelte/*', 'idb', 'comlink'], message: 'src/core must not depend on Svelte, idb or comlink.' },
  { group: ['node:*'], message: 'src/core must not import node:* (it runs in the browser too).' },
];

export default defineConfig(
  globalIgnores([
    'dist/',
    'dist-cli/',
    'src/paraglide/',
    'public/samples/',
    'coverage/',
    'test-results/',
    'tests/fixtures/',
    'shared/',
    '.vite/',
  ]),
  js.configs.recommended,
  tseslint.configs.recommended,
  svelte.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module' },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      ...sizeLimits,
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    // TypeScript inside components and rune modules.
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] } },
    // The compiler and svelte-check resolve names (runes, $props); no-undef would only misreport them.
    rules: { 'no-undef': 'off' },
  },
  {
    files: ['src/**', 'workers/**'],
    languageOptions: { globals: { ...globals.browser, ...globals.worker } },
    rules: { 'no-restricted-imports': ['error', { patterns: [noWorkers] }] },
  },
  {
    files: ['src/core/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: coreOnly }] },
  },
  {
    // Node-side code: the CLI, benchmarks, sample generators, tests and tool configs print and use node globals.
    files: ['src/cli/**', 'bench/**', 'scripts/**', 'bin/**', 'tests/**', '*.config.{js,ts}'],
    languageOptions: { globals: { ...globals.node } },
    rules: { 'no-console': 'off' },
  },
  {
    // A describe()/it() callback is a list of cases, not a unit of logic; helpers under tests/ keep the limit.
    files: ['tests/**/*.test.ts', 'tests/**/*.e2e.ts'],
    rules: { 'max-lines-per-function': 'off' },
  },
  prettier,
  svelte.configs.prettier,
  {
    // After `prettier` on purpose: eslint-config-prettier turns max-len off (a "special rule"), and Prettier leaves
    // long comments and unbreakable code alone, so this re-enables it for what Prettier cannot wrap.
    rules: {
      'max-len': [
        'error',
        { code: 120, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true, ignoreUrls: true },
      ],
    },
  },
  {
    // In components, Prettier's Svelte printer reflows markup text itself (it would undo a hand wrap), so there the
    // line length is Prettier's alone; script blocks are formatted by the same printer at width 120.
    files: ['**/*.svelte'],
    rules: { 'max-len': 'off' },
  },
);
