import { defineConfig } from 'vitest/config';
import unit from './vitest.unit.config';

// Stryker's test run (stryker.config.mjs): the unit tests less the demo generator's, which builds a
// whole demo LA in every run it is part of and is not a test of the rules.
export default defineConfig({
  ...unit,
  test: {
    ...unit.test,
    exclude: ['**/node_modules/**', 'tests/unit/demo/**'],
    setupFiles: ['tests/support/mutationPropertyRuns.ts'],
  },
});
