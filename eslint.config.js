import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'test-results/**', 'bench-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    files: ['domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/renderer/**', '**/sync-server/**', '**/electron/**'],
              message: 'domain/ is pure and shared: it imports nothing from the apps.',
            },
            {
              group: ['node:*', 'fs', 'path', 'pg', 'electron', 'react', 'rxdb', 'rxdb/*'],
              message: 'domain/ does no I/O.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/sync-server/**', '**/electron/main/**'],
              message: 'The renderer never imports the server or the main process.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['sync-server/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/renderer/**'], message: 'The server never imports the renderer.' },
          ],
        },
      ],
    },
  },
  {
    // One injected clock (sync-server/infra/clock.ts): production code reads the time from it,
    // so a test can build a server at a known time.
    files: ['sync-server/**/*.ts'],
    ignores: [
      'sync-server/**/*.test.ts',
      'sync-server/cli/**',
      'sync-server/dev/**',
      'sync-server/infra/clock.ts',
    ],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'Read the time from the injected Clock (sync-server/infra/clock.ts).',
        },
        {
          selector: "MemberExpression[object.name='Date'][property.name='now']",
          message: 'Read the time from the injected Clock (sync-server/infra/clock.ts).',
        },
      ],
    },
  },
  {
    // dependency-cruiser reads its configuration as CommonJS.
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable' } },
  },
  {
    files: ['sync-server/cli/**/*.ts', 'sync-server/dev/**/*.ts', 'test/bench/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
);
