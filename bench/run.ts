/**
 * `npm run bench`: the oversight reports at 100k and 1M movements (bench/generateScale.ts), timed
 * through the real HTTP API as an LA officer of one of the ten LAs, after building the rollups as the
 * report worker would. Prints p50/p95 per report, where its figures came from (ROLLUP or LIVE) and the
 * 1M/100k ratio. Targets (a benchmark, not a test): p95 < 100 ms at 1M; at most 2× slower than at 100k.
 * Runs against the throwaway database `npm run bench` migrates (DATABASE_URL, APP_DATABASE_URL, REDIS_URL);
 * each scale truncates it and generates afresh. Options: --scales 100000,1000000  --runs 30
 * With --scan (`npm run bench:scan`), times the nightly flag scan instead (bench/scan.ts); with --web
 * (`npm run bench:web`), the web pages (bench/web.ts); with --flags (`npm run bench:flags`), commit → flag
 * latency at big and small providers (bench/flags.ts); with --write (`npm run bench:write`), what a write and a
 * read cost against pgbench, with the API and workers as separate processes (bench/write.ts).
 */
import { randomBytes } from 'node:crypto';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/logger';
import { startApi } from '../src/services';
import { issueToken } from '../src/auth/tokens';
import { nearestRank } from '../src/domain/reports/percentiles';
import { CSV_QUERY, Q } from '../tests/support/reports';
import { createPrisma } from '../src/db/prisma';
import { createCalendarService } from '../src/calendar/calendarService';
import { markMissingRollups, refreshRollups } from '../src/reports/rollups/refresh';
import { academicYearStartYear } from '../src/domain/academicYear';
import { generateScale, type GeneratedCounts } from './generateScale';
import { benchScan, raiseFlags } from './scan';
import { arg, resetData, sql } from './support';
import { benchWeb } from './web';
import { benchImport } from './import';
import { benchFlags } from './flags';
import { benchWrite } from './write';

const SCALES = arg('scales', '100000,1000000').split(',').map(Number);
const RUNS = Number(arg('runs', '30'));
const WARMUP = 5;

const YEAR = { academicYear: '2024-25' };
const AD_HOC = { from: '2024-09-02', to: '2025-08-29' };
/** The example of issue 18: partial months at both ends, across the new year. */
const AD_HOC_2 = { from: '2025-10-01', to: '2026-02-14' };
interface Case {
  name: string;
  query: string;
  vars: (c: GeneratedCounts) => Record<string, unknown>;
  who?: 'ANALYST';
}
const CASES: Case[] = [
  { name: 'movement summary (year)', query: Q.MOVEMENT_SUMMARY, vars: () => ({ p: YEAR }) },
  {
    name: 'movement summary (term, one school)',
    query: Q.MOVEMENT_SUMMARY,
    vars: (c) => ({ p: { ...YEAR, term: 'SPRING' }, f: { schoolId: c.schoolIdsByLa[c.laIds[0]!]![0] } }),
  },
  { name: 'AP population on a date', query: Q.AP_POPULATION, vars: () => ({ on: '2025-03-12' }) },
  { name: 'stay lengths (year)', query: Q.STAY_LENGTHS, vars: () => ({ p: YEAR }) },
  { name: 'reintegration (year)', query: Q.REINTEGRATION, vars: () => ({ p: YEAR }) },
  { name: 'school movement profile (year)', query: Q.SCHOOL_MOVEMENT_PROFILE, vars: () => ({ p: YEAR }) },
  {
    name: 'school movement profile (term)',
    query: Q.SCHOOL_MOVEMENT_PROFILE,
    vars: () => ({ p: { ...YEAR, term: 'SPRING' } }),
  },
  { name: 'provider scorecard (year)', query: Q.PROVIDER_SCORECARD, vars: () => ({ p: YEAR }) },
  { name: 'fair access (year)', query: Q.FAIR_ACCESS, vars: () => ({ p: YEAR }) },
  {
    name: 'CSV: movement summary, analyst',
    query: CSV_QUERY,
    vars: () => ({ r: 'MOVEMENT_SUMMARY', p: YEAR }),
    who: 'ANALYST',
  },
  // Periods that are not an academic year or term (issue 18 goal 5): the movement summary and the school
  // profile are composed from monthly cells plus their partial months read live (ROLLUP); the school profile's
  // roll, M2 and inclusion-base pupils are read for the whole period.
  { name: 'movement summary (ad hoc period)', query: Q.MOVEMENT_SUMMARY, vars: () => ({ p: AD_HOC }) },
  {
    name: 'movement summary (ad hoc, 2025-10-01 to 2026-02-14)',
    query: Q.MOVEMENT_SUMMARY,
    vars: () => ({ p: AD_HOC_2 }),
  },
  { name: 'school movement profile (ad hoc)', query: Q.SCHOOL_MOVEMENT_PROFILE, vars: () => ({ p: AD_HOC }) },
  {
    name: 'CSV: movement summary (ad hoc)',
    query: CSV_QUERY,
    vars: () => ({ r: 'MOVEMENT_SUMMARY', p: AD_HOC }),
    who: 'ANALYST',
  },
];

interface Timing {
  p50: number;
  p95: number;
  /** Where the figures came from (meta.source, or the CSV's figures/source row): ROLLUP or LIVE. */
  source: string;
}

function sourceOf(data: Record<string, any> | undefined): string {
  if (data?.r?.meta?.source) return data.r.meta.source;
  const csv: string | undefined = data?.reportCsv?.csv;
  return csv?.match(/^meta,figures,,source,(\w+)/m)?.[1] ?? '?';
}

/** What the report worker does after a bulk load: every LA's rollups built (timed, as a figure for the docs). */
async function buildRollups(ownerUrl: string, counts: GeneratedCounts) {
  const prisma = createPrisma(ownerUrl);
  try {
    const calendars = createCalendarService(prisma);
    const today = new Date().toISOString().slice(0, 10);
    await markMissingRollups(prisma, today);
    const times: number[] = [];
    let cells = 0;
    let monthCells = 0;
    for (const laId of counts.laIds) {
      const t = performance.now();
      const r = await refreshRollups({ prisma, calendars }, laId, today);
      cells += r.cells;
      monthCells += r.monthCells;
      times.push(performance.now() - t);
    }
    const total = times.reduce((a, b) => a + b, 0);
    console.log(
      `  rollups built: ${cells} cells and ${monthCells} monthly cells for ${counts.laIds.length} LAs in ${(total / 1000).toFixed(1)} s (${(total / counts.laIds.length / 1000).toFixed(1)} s per LA, all years)`,
    );
    // The everyday case: a change in the current year (or the day moving on) rebuilds that year's cells.
    const laId = counts.laIds[0]!;
    await prisma.$executeRaw`INSERT INTO "ReportRollupChange" ("laId", "academicYear") VALUES (${laId}::uuid, ${academicYearStartYear(today)}::int)`;
    const t = performance.now();
    const r = await refreshRollups({ prisma, calendars }, laId, today);
    console.log(
      `  one LA's current year refreshed after a change: ${r.cells} cells and ${r.monthCells} monthly cells in ${(performance.now() - t).toFixed(0)} ms`,
    );
  } finally {
    await prisma.$disconnect();
  }
}

async function measure(scale: number, ownerUrl: string): Promise<Map<string, Timing>> {
  const t0 = Date.now();
  console.log(`\n== ${scale.toLocaleString('en-GB')} movements ==`);
  await resetData(ownerUrl);
  const counts = await generateScale(ownerUrl, scale, (m) => console.log(m));
  console.log(
    `  generated in ${((Date.now() - t0) / 1000).toFixed(0)} s: ${counts.pupils} pupils; movements = ${counts.enrolments} enrolments + ${counts.placements} placements + ${counts.exclusions} exclusions; ${counts.reintegrations} reintegrations, ${counts.reviews} reviews, ${counts.referrals} fair access referrals`,
  );
  const t1 = Date.now();
  // Statistics and the visibility map, as autovacuum would leave them on a live system.
  await sql(ownerUrl, 'VACUUM ANALYZE');
  console.log(`  VACUUM ANALYZE ${((Date.now() - t1) / 1000).toFixed(0)} s`);
  await buildRollups(ownerUrl, counts);
  const flags = await raiseFlags(ownerUrl, String(scale));
  console.log(`  flags raised by a nightly scan: ${flags.raised} in ${flags.seconds.toFixed(0)} s`);

  const secret = randomBytes(32).toString('hex');
  // Timings, not throttling or the operator listener, are what is measured here.
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'production',
    ALLOW_DEVELOPMENT_DEFAULTS: 'true',
    JWT_SECRET: secret,
    LOG_LEVEL: 'silent',
    QUEUE_PREFIX: `bench${scale}`,
    RATE_LIMIT_PER_MINUTE: '0',
    ADMIN_ENABLED: 'false',
  });
  const laId = counts.laIds[0]!;
  // Tokens must belong to active users (src/auth/authenticate.ts).
  await sql(
    ownerUrl,
    `INSERT INTO "AppUser" (id, email, name, role, "laId") VALUES
    ('00000000-0000-4000-8000-00000000be01', 'bench.officer@bench.invalid', 'Bench officer', 'LA_OFFICER', $1::uuid),
    ('00000000-0000-4000-8000-00000000be02', 'bench.analyst@bench.invalid', 'Bench analyst', 'ANALYST', $1::uuid)
    ON CONFLICT (id) DO UPDATE SET "laId" = EXCLUDED."laId", active = true`,
    [laId],
  );
  const api = await startApi(config, createLogger('silent'), 0);
  const jwt = { secret, issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE };
  const tokens = {
    LA_OFFICER: await issueToken(jwt, { userId: '00000000-0000-4000-8000-00000000be01', role: 'LA_OFFICER', laId }),
    ANALYST: await issueToken(jwt, { userId: '00000000-0000-4000-8000-00000000be02', role: 'ANALYST', laId }),
  };
  const out = new Map<string, Timing>();
  try {
    for (const c of CASES) {
      const body = JSON.stringify({ query: c.query, variables: c.vars(counts) });
      const times: number[] = [];
      let source = '';
      for (let i = 0; i < WARMUP + RUNS; i++) {
        const started = performance.now();
        const res = await fetch(`${api.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[c.who ?? 'LA_OFFICER']}` },
          body,
        });
        const json = (await res.json()) as { errors?: unknown[]; data?: Record<string, any> };
        const ms = performance.now() - started;
        if (json.errors) throw new Error(`${c.name}: ${JSON.stringify(json.errors)}`);
        if (i >= WARMUP) times.push(ms);
        source = sourceOf(json.data);
      }
      times.sort((a, b) => a - b);
      const r = { p50: nearestRank(times, 0.5)!, p95: nearestRank(times, 0.95)!, source };
      out.set(c.name, r);
      console.log(
        `  ${c.name.padEnd(40)} p50 ${r.p50.toFixed(1).padStart(7)} ms   p95 ${r.p95.toFixed(1).padStart(7)} ms   ${source}`,
      );
    }
  } finally {
    await api.close();
  }
  return out;
}

async function main() {
  const ownerUrl = process.env.DATABASE_URL;
  if (!ownerUrl || !process.env.REDIS_URL)
    throw new Error(
      'Run with `npm run bench` (it provides DATABASE_URL, APP_DATABASE_URL and REDIS_URL for a throwaway database).',
    );
  if (process.argv.includes('--scan')) return benchScan(ownerUrl);
  if (process.argv.includes('--web')) return benchWeb(ownerUrl);
  if (process.argv.includes('--import')) return benchImport(ownerUrl);
  if (process.argv.includes('--flags')) return benchFlags(ownerUrl);
  if (process.argv.includes('--write')) return benchWrite(ownerUrl);
  const started = Date.now();
  const results = new Map<number, Map<string, Timing>>();
  for (const s of SCALES) results.set(s, await measure(s, ownerUrl));

  const label = (n: number) => (n >= 1_000_000 ? `${n / 1_000_000}M` : `${n / 1000}k`);
  const head = ['report', ...SCALES.flatMap((s) => [`${label(s)} p50 ms`, `${label(s)} p95 ms`])];
  if (SCALES.length === 2) head.push(`p95 ${label(SCALES[1]!)}/${label(SCALES[0]!)}`);
  const rows = CASES.map((c) => {
    const cells = [
      `${c.name} [${results.get(SCALES[0]!)!.get(c.name)!.source}]`,
      ...SCALES.flatMap((s) => [
        results.get(s)!.get(c.name)!.p50.toFixed(1),
        results.get(s)!.get(c.name)!.p95.toFixed(1),
      ]),
    ];
    if (SCALES.length === 2)
      cells.push((results.get(SCALES[1]!)!.get(c.name)!.p95 / results.get(SCALES[0]!)!.get(c.name)!.p95).toFixed(2));
    return cells;
  });
  console.log(
    `\n${RUNS} timed runs per report after ${WARMUP} warm-up runs; sequential requests over HTTP; total ${((Date.now() - started) / 60000).toFixed(1)} min\n`,
  );
  console.log(`| ${head.join(' | ')} |`);
  console.log(`|${head.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`);
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
