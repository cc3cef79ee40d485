import { defineConfig } from 'vitest/config';

// Integration tests share one throwaway database and one Redis, so files run one at a time.
export default defineConfig({
  // graphql ships ESM and CJS builds; @graphql-tools loads the CJS one, so tests must too
  // ("Cannot use GraphQLObjectType from another module or realm" otherwise).
  resolve: { alias: { graphql: 'graphql/index.js' } },
  test: {
    include: ['tests/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
