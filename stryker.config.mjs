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
  concurrency: 1,
  coverageAnalysis: 'perTest',
  // A mutant that loops forever is cut off after the normal run time plus this (Stryker's default is 5 s;
  // more here because the machine is shared and loaded).
  timeoutMS: 10_000,
  // Results of unchanged mutants and tests are reused from the last run of the same files (this file).
  incremental: true,
  incrementalFile: 'reports/mutation/stryker-incremental.json',
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
