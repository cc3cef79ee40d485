// The layers of the service, kept by a tool (issue 17): `npm run lint:deps`, and part of `npm test`.
// Each rule says which way a dependency may not point, and why. A new exception needs a reason here, not a
// weaker rule. Type-only imports count: a type pulls its module's meaning across the line as much as a value.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment:
        'src/domain holds the rules of domain.md as pure functions: it imports nothing outside itself (no Prisma, ' +
        'no GraphQL, no errors with delivery codes, no packages), so a rule can be read, tested and mutation-tested ' +
        'alone. Its own enums (domain/enums.ts) mirror the database ones, checked at the edge (db/enumParity.ts). ' +
        'The one exception: referenceData.ts reads the bundled public reference files with node:fs.',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { pathNot: ['^src/domain/'], dependencyTypesNot: ['core'] },
    },
    {
      name: 'domain-core-modules-only-for-reference-data',
      comment: 'Only the reference data reader may use Node built-ins (it reads data/reference/ at start).',
      severity: 'error',
      from: { path: '^src/domain/', pathNot: '^src/domain/referenceData\\.ts$' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'no-delivery-below-usecases',
      comment:
        'Use cases, queries and the record (events, outbox, audit, idempotency) are called by GraphQL, the web ' +
        'pages, workers and CLIs alike; they never reach back into a delivery layer (graphql, http, web).',
      severity: 'error',
      from: { path: '^src/(usecases|queries|record|rules|access|calendar|flags|reports)/' },
      to: { path: '^src/(graphql|http|web)/' },
    },
    {
      name: 'reads-do-not-import-writes',
      comment:
        'Queries only read: they never import a use case (which owns a write transaction). What both need ' +
        '(settings, facts, date conversions) lives in queries/, rules/, record/ or db/.',
      severity: 'error',
      from: { path: '^src/queries/' },
      to: { path: '^src/usecases/' },
    },
    {
      name: 'record-below-usecases',
      comment:
        'The record (events, outbox, audit, idempotency, database error translation) is the bottom of the write ' +
        'path: use cases call it, never the other way round.',
      severity: 'error',
      from: { path: '^src/record/' },
      to: { path: '^src/(usecases|queries)/' },
    },
    {
      name: 'delivery-writes-through-usecases',
      comment:
        'GraphQL resolvers and page routes only delegate: writes (and their audit rows) go through a use case, ' +
        'which owns the transaction, so nothing in graphql/ or web/ writes an event, outbox or audit row itself.',
      severity: 'error',
      from: { path: '^src/(graphql|web)/' },
      to: { path: '^src/record/' },
    },
    {
      name: 'pages-through-graphql',
      comment:
        'Pages take their data through the GraphQL schema (src/web/graphqlClient.ts) so scope and audit stay in ' +
        'one place: web/ imports no query, no database client and no Prisma runtime (types are fine).',
      severity: 'error',
      from: { path: '^src/web/' },
      to: { path: '^src/(queries|db)/|^src/generated/prisma/client', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'workers-depend-on-src',
      comment:
        'The worker process (workers/) builds on src; src never imports workers/, so the API does not load worker ' +
        'code. What both need (the job registry) lives in src/jobs/.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^workers/' },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that does not resolve is a typo or a missing dependency.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: ['node_modules', '^src/generated/'] },
    exclude: { path: ['^src/web/assets/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
