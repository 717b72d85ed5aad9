// ESLint with typescript-eslint and type information: a small set of rules, each catching a mistake this code base can make.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    // Build output, dependencies, data and the preview's browser script (not part of the TypeScript program).
    ignores: ['out/**', 'dist/**', 'node_modules/**', 'test/fixtures/**', 'test/golden/**', 'test-results/**', '.stryker-tmp*/**', 'reports/**', '**/*.js', '**/*.mjs', '**/*.cjs'],
  },
  {
    files: ['**/*.ts'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@typescript-eslint': tseslint.plugin },
    // A disable comment that no longer silences anything is an error: no stale or blanket exceptions.
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // A promise nobody awaits or `void`s loses its rejection: the server must never drop an error silently. The
      // node:test registrations are the exception: the runner awaits the tests it is given.
      '@typescript-eslint/no-floating-promises': ['error', {
        allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['test', 'it', 'describe', 'suite', 'before', 'after', 'beforeEach', 'afterEach'] }],
      }],
      // An async function where a void callback is expected (event handlers, timers) swallows its rejection.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false, attributes: false } }],
      // Awaiting a value that is not a promise is a misread API.
      '@typescript-eslint/await-thenable': 'error',
      // Throwing strings loses the stack the logs print.
      '@typescript-eslint/only-throw-error': 'error',
      // Leftover variables and imports hide what a module really depends on (the tidy test reads imports).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      // A switch over a union (element kinds, severities) must say what happens to every member.
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      // `==` coerces; the model compares strings and numbers that must not be mixed.
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },
);
