import fc from 'fast-check';

/**
 * Stryker only (vitest.mutation.config.ts): `MUTATION_PROPERTY_RUNS=20 npm run test:mutation -- …` lowers
 * fast-check's default number of runs for a quick look at one folder, since every calendar mutant reruns
 * the calendar's property tests. Unset, fast-check's default (100) holds, as in `npm run test:unit`; scores
 * recorded in docs/testing.md are measured unset. A property with its own `numRuns` keeps it.
 */
const runs = Number(process.env.MUTATION_PROPERTY_RUNS ?? '');
if (Number.isInteger(runs) && runs > 0) fc.configureGlobal({ ...fc.readConfigureGlobal(), numRuns: runs });
