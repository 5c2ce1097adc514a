import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const BROWSER_GLOBALS = [
  'window', 'document', 'navigator', 'location', 'history', 'self', 'console', 'fetch', 'Worker', 'MessageEvent',
  'CustomEvent', 'Intl', 'URLSearchParams', 'setTimeout', 'clearTimeout', 'HTMLElement', 'Element', 'Node',
];
const NODE_GLOBALS = ['process', 'require', 'module', 'Buffer', '__dirname', '__filename', 'global'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'coverage/**', 'docker/**', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'off',
    },
  },
  {
    // CommonJS configuration files (the layer rules): Node's module globals.
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: Object.fromEntries(NODE_GLOBALS.map((name) => [name, 'readonly'])) },
  },
  {
    // Browser code (bundled by esbuild, served under a strict CSP): the browser's globals, none
    // of Node's, and nothing that turns text into code or markup. Which globals exist is checked
    // by TypeScript itself (tsconfig.client.json: the DOM library, no Node types).
    files: ['src/web/client/**/*.ts'],
    ignores: ['src/web/client/**/*.spec.ts'],
    languageOptions: {
      globals: Object.fromEntries(BROWSER_GLOBALS.map((name) => [name, 'readonly'])),
    },
    rules: {
      'no-restricted-globals': ['error', ...NODE_GLOBALS.map((name) => ({ name, message: 'Browser code runs without Node.' }))],
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
      'no-restricted-properties': [
        'error',
        ...['innerHTML', 'outerHTML'].map((property) => ({ property, message: 'Set textContent or build elements: API text must never become markup.' })),
        { object: 'document', property: 'write', message: 'Build elements instead.' },
        { property: 'insertAdjacentHTML', message: 'Use insertAdjacentElement.' },
      ],
    },
  },
);
