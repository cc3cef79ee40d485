// ESLint, configured once (issue 17). Type-aware where it pays: a floating promise or a promise
// passed where a callback's result is ignored is a lost error in a worker or a request. Formatting is
// Prettier's job (`npm run format:check`), so no stylistic rules here.
import js from '@eslint/js';
import importX from 'eslint-plugin-import-x';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'src/generated/',
      'dist/',
      'reports/',
      'test-output/',
      '.stryker-tmp/',
      '.data/',
      'backups/',
      'prisma/migrations/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { 'import-x': importX },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // A promise nobody awaits loses its rejection (an unhandled rejection kills a worker).
      '@typescript-eslint/no-floating-promises': 'error',
      // `await` on something that is not a promise is almost always a forgotten call or a wrong type.
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrors: 'none',
          ignoreRestSiblings: true,
        },
      ],
      // Type-only imports vanish at runtime: no accidental module load (and its side effects) for a type.
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'separate-type-imports' }],
      // Logs go through pino (structured, with the request's reference); console only in CLIs (overrides below).
      'no-console': 'error',
      // Imports in one order, node built-ins, then packages, then our own modules (parents before siblings);
      // `eslint --fix` sorts them. Not alphabetised within a group: the order there often tells a story.
      'import-x/order': [
        'error',
        { groups: ['builtin', 'external', 'internal', 'parent', 'sibling', 'index'], 'newlines-between': 'ignore' },
      ],
    },
  },
  {
    // Plain JavaScript (build and bring-up scripts, the browser enhancement): not in tsconfig, so no type information.
    files: ['**/*.mjs', '**/*.cjs', '**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['src/web/assets/**/*.mjs'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Resolvers only delegate (issue 17): reads through src/queries or the request's loaders, writes through a
    // use case, which owns the transaction. A Prisma call here would bypass scope, audit and batching.
    files: ['src/graphql/resolvers/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.type='MemberExpression'][object.property.name='prisma']",
          message: 'Resolvers only delegate: read through src/queries (or ctx.loaders), write through a use case.',
        },
      ],
    },
  },
  {
    // Tests, benchmarks and page routes read GraphQL answers as plain JSON (no generated operation types yet):
    // an `any` there is the shape of a response the test or template then checks, not an unchecked value in the
    // domain. Everywhere else `any` is an error.
    files: ['tests/**', 'bench/**', 'src/web/routes/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Command-line entry points talk to a terminal: their console output is the interface (progress, usage,
    // the reason a start-up failed before the logger exists). Servers and workers log through pino instead.
    files: [
      'scripts/**',
      'bench/**',
      'src/**/*Cli.ts',
      'workers/*Cli.ts',
      'src/main.ts',
      'workers/main.ts',
      'stryker.config.mjs',
    ],
    rules: { 'no-console': 'off' },
  },
);
