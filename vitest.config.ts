import { defineConfig } from 'vitest/config';

// Integration tests share one throwaway database and one Redis, so files run one at a time.
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
