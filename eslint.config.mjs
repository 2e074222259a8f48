// `npm run lint` (and the lint stage of `npm test`): typescript-eslint's recommended rules (syntactic, not
// type-checked, for speed) with the purely stylistic ones off, and eslint-plugin-regexp's recommended set with
// the two rules that find regular expressions that backtrack super-linearly made errors everywhere.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import regexp from 'eslint-plugin-regexp';

// Node's globals for the .mjs/.cjs scripts (TypeScript checks the .ts files' names itself).
const node = Object.fromEntries(
  ['process', 'console', 'Buffer', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate', 'clearImmediate',
    'queueMicrotask', 'structuredClone', 'URL', 'URLSearchParams', 'TextEncoder', 'TextDecoder', 'AbortController', 'AbortSignal',
    'performance', 'fetch', 'globalThis', 'WebAssembly', 'SharedArrayBuffer', 'Atomics', '__dirname', '__filename', 'require', 'module', 'exports']
    .map((name) => [name, 'readonly']),
);

export default tseslint.config(
  {
    ignores: ['dist/**', 'out/**', 'node_modules/**', 'test/real/**', 'test/corpus/**', 'test-fixtures/**', 'bench/.work/**', '**/.cache/**', 'grammars/**'],
  },
  {
    files: ['server/src/**/*.ts', 'client/src/**/*.ts', 'protocol/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.mjs', 'bench/**/*.mjs', 'bench/**/*.cjs', 'eslint.config.mjs'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended, regexp.configs['flat/recommended']],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      globals: node,
    },
    linterOptions: { reportUnusedDisableDirectives: 'warn' },
    rules: {
      // Linear-time matching: an error anywhere, whatever the input.
      'regexp/no-super-linear-backtracking': 'error',
      'regexp/no-super-linear-move': 'error',
      // Style only: warnings at most, so the lint stage fails on correctness, not taste.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-vars': ['warn', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-require-imports': 'off',
      '@typescript-eslint/no-empty-function': 'off',
      '@typescript-eslint/no-inferrable-types': 'off',
      '@typescript-eslint/ban-ts-comment': 'off',
      'no-empty': ['error', { allowEmptyCatch: true }],
      'prefer-const': 'warn',
      'no-useless-escape': 'warn',
      'no-control-regex': 'off',
      // eslint-plugin-regexp: rules that only restyle a pattern that means the same are off.
      'regexp/prefer-w': 'off',
      'regexp/prefer-d': 'off',
      'regexp/use-ignore-case': 'off',
      'regexp/no-unused-capturing-group': 'off',
      'regexp/prefer-character-class': 'off',
      'regexp/no-useless-non-capturing-group': 'off',
      'regexp/no-useless-character-class': 'off',
      'regexp/match-any': 'off',
      // Readability only (a warning in the recommended set), and 40% of the lint's time.
      'regexp/confusing-quantifier': 'off',
      'regexp/no-useless-escape': 'warn',
    },
  },
  {
    files: ['bench/**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
  },
);
