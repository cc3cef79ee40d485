/**
 * `npm run bench:scan`: the nightly flag scan over the scaled data set (bench/generateScale.ts), run by
 * the real worker process code (workers/main.ts) against the throwaway database and Redis `npm run bench`
 * brings up. Prints, per scale, how many subjects each kind pages through, the wall time of a first scan
 * (flags raised) and of a second one the same day (flags refreshed, nothing new), and subjects per second.
 * A figure for the docs, not a target: the scan runs at night in 500-record pages. Options:
 * --scales 100000  (comma-separated)
 */
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { generateScale } from './generateScale';
import { startWorkers } from '../workers/main';
import { JOBS } from '../workers/registry';
import { SCAN_KINDS } from '../src/flags/evaluate';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? (process.argv[i + 1] ?? fallback) : fallback;
};
const SCALES = arg('scales', '100000').split(',').map(Number);

async function query<T extends pg.QueryResultRow>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<T>(text, values)).rows;
  } finally {
    await c.end();
  }
}

/** How many subjects of each kind the scan pages through (the same conditions as evaluate.ts scanIds). */
async function subjects(url: string): Promise<Record<string, number>> {
  const [r] = await query<Record<string, number>>(url, `
    SELECT (SELECT count(*) FROM (SELECT "id" FROM "Placement" WHERE "status" = 'OPEN'
              UNION SELECT "subjectId" FROM "Flag" WHERE "subjectType" = 'PLACEMENT' AND "status" IN ('OPEN', 'ACKNOWLEDGED')) s)::int AS "PLACEMENT",
           (SELECT count(*) FROM "Pupil")::int AS "PUPIL", (SELECT count(*) FROM "Provider")::int AS "PROVIDER",
           (SELECT count(*) FROM "FairAccessReferral")::int AS "REFERRAL", (SELECT count(*) FROM "LocalAuthority")::int AS "FAIR_SHARE"`);
  return r!;
}

async function scanOnce(url: string, workers: Awaited<ReturnType<typeof startWorkers>>, asOf: string) {
  const before = (await query<{ n: number }>(url, `SELECT count(*)::int AS n FROM "ScanRun"`))[0]!.n;
  const started = Date.now();
  await workers.queues.flags.add(JOBS.nightlyScan, { asOf });
  for (;;) {
    await new Promise((r) => setTimeout(r, 500));
    const runs = await query<{ evaluated: number; raised: number; resolved: number; finishedAt: Date | null }>(url,
      `SELECT "evaluated", "raised", "resolved", "finishedAt" FROM "ScanRun" ORDER BY "startedAt" OFFSET $1 LIMIT 1`, [before]);
    const run = runs[0];
    if (run?.finishedAt) return { ...run, seconds: (Date.now() - started) / 1000 };
  }
}

async function measure(scale: number, ownerUrl: string) {
  console.log(`\n== ${scale.toLocaleString('en-GB')} movements ==`);
  const tables = await query<{ tablename: string }>(ownerUrl, `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`);
  await query(ownerUrl, `TRUNCATE ${tables.map((t) => `"${t.tablename}"`).join(', ')} CASCADE`);
  await generateScale(ownerUrl, scale, (m) => console.log(m));
  await query(ownerUrl, 'VACUUM ANALYZE');
  // The scan alone: no rollup building competing for the two cores.
  await query(ownerUrl, `TRUNCATE "ReportRollupChange"`);
  const counts = await subjects(ownerUrl);
  console.log(`  subjects: ${SCAN_KINDS.map((k) => `${counts[k]} ${k.toLowerCase()}`).join(', ')}`);
  const workers = await startWorkers({ ...process.env, JWT_SECRET: randomBytes(32).toString('hex'), LOG_LEVEL: 'warn', QUEUE_PREFIX: `scan${scale}` }, { rollups: { sweepMs: Number.MAX_SAFE_INTEGER } });
  try {
    const asOf = new Date().toISOString().slice(0, 10);
    for (const label of ['first scan (raises flags)', 'second scan, same day']) {
      const r = await scanOnce(ownerUrl, workers, asOf);
      console.log(`  ${label.padEnd(28)} ${r.evaluated} subjects in ${r.seconds.toFixed(1)} s (${(r.evaluated / r.seconds).toFixed(0)} a second); raised ${r.raised}, resolved ${r.resolved}`);
    }
  } finally {
    await workers.close();
  }
}

/**
 * The report benchmark's flags: one nightly scan by the real workers, so reports that read flags (the
 * provider scorecard's "flags open now") are timed with the flags a live system would hold.
 */
export async function raiseFlags(ownerUrl: string, label: string): Promise<{ raised: number; seconds: number }> {
  await query(ownerUrl, `TRUNCATE "ReportRollupChange"`);
  const workers = await startWorkers({ ...process.env, JWT_SECRET: randomBytes(32).toString('hex'), LOG_LEVEL: 'warn', QUEUE_PREFIX: `flags${label}` }, { rollups: { sweepMs: Number.MAX_SAFE_INTEGER } });
  try {
    const r = await scanOnce(ownerUrl, workers, new Date().toISOString().slice(0, 10));
    await query(ownerUrl, 'VACUUM ANALYZE "Flag"');
    return { raised: r.raised, seconds: r.seconds };
  } finally {
    await workers.close();
  }
}

export async function benchScan(ownerUrl: string) {
  for (const s of SCALES) await measure(s, ownerUrl);
}
