// Flat ESLint config. Besides the usual rules it enforces the architecture's layers:
// src/core and src/shared never import electron; the renderer and src/shared never reach
// Node, the network libraries or the core; the preload only talks to electron and src/shared.
// Which globals exist where (document, process, …) is checked by the TypeScript projects that
// tsconfig.json lists, one per environment; projectService finds each file's project there.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeOnly = [
  'node:*',
  'fs',
  'path',
  'os',
  'child_process',
  'net',
  'tls',
  'http',
  'https',
  'crypto',
];

export default tseslint.config(
  { ignores: ['node_modules/**', 'out/**', 'release/**', 'test-artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    // node:test's describe/it return promises the runner itself awaits.
    files: ['test/**', 'bench/**'],
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite'] },
          ],
        },
      ],
    },
  },
  {
    files: ['src/core/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              message: 'src/core must stay Electron-free: put Electron glue in src/main.',
            },
          ],
          patterns: [
            {
              group: ['electron/*', '**/main/**', '**/renderer/**', '**/preload/**'],
              message: 'src/core must not depend on the Electron layers.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/shared/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['electron', 'axios', 'ssh2', ...nodeOnly.filter((n) => !n.includes('*'))].map(
            (name) => ({
              name,
              message:
                'src/shared is shared with the sandboxed preload/renderer: no Node or Electron imports.',
            }),
          ),
          patterns: [
            {
              group: ['node:*', '**/core/**', '**/main/**', '**/renderer/**', '**/preload/**'],
              message: 'src/shared must stay dependency-free.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['electron', 'axios', 'ssh2', ...nodeOnly.filter((n) => !n.includes('*'))].map(
            (name) => ({
              name,
              message:
                'The renderer has no Node, no network and no Electron: go through window.x2go.',
            }),
          ),
          patterns: [
            {
              group: ['node:*', '**/core/**', '**/main/**', '**/preload/**'],
              message: 'The renderer may only import src/shared and its own modules.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/preload/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['axios', 'ssh2', ...nodeOnly.filter((n) => !n.includes('*'))].map((name) => ({
            name,
            message: 'The preload exposes one typed API and nothing else.',
          })),
          patterns: [
            {
              group: ['node:*', '**/core/**', '**/main/**', '**/renderer/**'],
              message: 'The preload may only import electron and src/shared.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
  },
);
