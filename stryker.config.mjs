// Mutation testing of the pure rules (`npm run test:mutation`; not part of `npm test`).
// Mutates src/domain and kills mutants with the unit tests alone (vitest.mutation.config.ts), so a rule
// reached only through the API scores 0 here: that is the point. Scores per folder: docs/testing.md.
// The machine is shared (2 cores): one test runner at a time. One folder at a time:
//   npm run test:mutation -- --mutate 'src/domain/movements/**/*.ts'
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts' },
  mutate: [
    'src/domain/**/*.ts',
    // Data, not rules: the LA code table and the bundled reference-file reader.
    '!src/domain/laCodes.ts',
    '!src/domain/referenceData.ts',
  ],
  checkers: [],
  // One test runner by default; `--concurrency 2` when the machine is quiet enough to share two cores.
  concurrency: 1,
  // Each mutant runs only the tests that reached it in the initial run (Stryker's coverage per test).
  coverageAnalysis: 'perTest',
  // A "static" mutant sits in code run while modules load (the threshold and catalogue tables, the law's
  // applicability periods), so no single test owns it and it needs every related test file reloaded: on this
  // shared machine several seconds each, 1,891 of src/domain's 7,735. They are kept here (the full measure); the
  // working runs in docs/testing.md pass `--ignoreStatic` and report those mutants apart, as not measured.
  ignoreStatic: false,
  // A mutant that loops forever is cut off after the normal run time plus this (Stryker's default is 5 s;
  // more here because the machine is shared and loaded).
  timeoutMS: 10_000,
  // The first, instrumented run of every unit test: with dates.ts or the flag rules instrumented, the next-due
  // sweeps (nextDue.test.ts evaluates every day of a window) take minutes, past Stryker's default of 5.
  dryRunTimeoutMinutes: 40,
  // Results of unchanged mutants and tests are reused from the last run of the same files (this file).
  incremental: true,
  incrementalFile: 'reports/mutation/stryker-incremental.json',
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
