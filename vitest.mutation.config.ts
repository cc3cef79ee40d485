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
    // Stryker's instrumentation slows every date operation: the next-due sweeps (nextDue.test.ts, every day of a
    // window for 40 random providers) take over the unit config's 30 s once src/domain/dates.ts is instrumented.
    testTimeout: 180_000,
    // MUTATION_ISOLATE=1: every test file gets a fresh module graph, as vitest does by default. The unit config
    // shares one graph across files (isolate: false, for speed), so code that runs while a module loads — where
    // Stryker's static mutants live — may not run again with the mutant on; runs that measure static mutants set it.
    isolate: process.env.MUTATION_ISOLATE === '1' ? true : unit.test?.isolate,
  },
});
