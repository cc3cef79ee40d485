/**
 * `npm run bench:scan`: the nightly flag scan over the scaled data set (bench/generateScale.ts), run by
 * the real worker process code (workers/main.ts) against the throwaway database and Redis `npm run bench`
 * brings up. Prints, per scale, how many subjects each kind pages through, the wall time of a full scan
 * (every subject: what every night cost before issue 18 goal 4, and the weekly sweep now; it raises the
 * flags and stores each subject's next-due date), then of the nightly due-only scans of the next two days
 * (only the subjects due), with subjects per second. Options:
 * --scales 100000  (comma-separated)
 */
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { startWorkers } from '../workers/main';
import { JOBS } from '../src/jobs/registry';
import { SCAN_KINDS } from '../src/flags/evaluate';
import { addDays } from '../src/domain/dates';
import { generateScale } from './generateScale';
import { arg, resetData, sql } from './support';

const SCALES = arg('scales', '100000').split(',').map(Number);

/** How many subjects of each kind the scan pages through (the same conditions as evaluate.ts scanIds). */
async function subjects(url: string): Promise<Record<string, number>> {
  const [r] = await sql<Record<string, number>>(
    url,
    `
    SELECT (SELECT count(*) FROM (SELECT "id" FROM "Placement" WHERE "status" = 'OPEN'
              UNION SELECT "subjectId" FROM "Flag" WHERE "subjectType" = 'PLACEMENT' AND "status" IN ('OPEN', 'ACKNOWLEDGED')) s)::int AS "PLACEMENT",
           (SELECT count(*) FROM "Pupil")::int AS "PUPIL", (SELECT count(*) FROM "Provider")::int AS "PROVIDER",
           (SELECT count(*) FROM "FairAccessReferral")::int AS "REFERRAL", (SELECT count(*) FROM "LocalAuthority")::int AS "FAIR_SHARE"`,
  );
  return r!;
}

type Workers = Awaited<ReturnType<typeof startWorkers>>;

/** One nightly scan (full, or due-only), as of today plus `days`, timed until its ScanRun finishes. */
async function scanOnce(url: string, workers: Workers, full = true, days = 0) {
  const asOf = addDays(new Date().toISOString().slice(0, 10), days);
  const before = (await sql<{ n: number }>(url, `SELECT count(*)::int AS n FROM "ScanRun"`))[0]!.n;
  const started = Date.now();
  await workers.queues.flags.add(JOBS.nightlyScan, { asOf, full });
  for (;;) {
    await new Promise((r) => setTimeout(r, 500));
    const runs = await sql<{ evaluated: number; raised: number; resolved: number; finishedAt: Date | null }>(
      url,
      `SELECT "evaluated", "raised", "resolved", "finishedAt" FROM "ScanRun" ORDER BY "startedAt" OFFSET $1 LIMIT 1`,
      [before],
    );
    const run = runs[0];
    if (run?.finishedAt) return { ...run, seconds: (Date.now() - started) / 1000 };
  }
}

async function measure(scale: number, ownerUrl: string) {
  console.log(`\n== ${scale.toLocaleString('en-GB')} movements ==`);
  await resetData(ownerUrl);
  await generateScale(ownerUrl, scale, (m) => console.log(m));
  await sql(ownerUrl, 'VACUUM ANALYZE');
  const counts = await subjects(ownerUrl);
  console.log(`  subjects: ${SCAN_KINDS.map((k) => `${counts[k]} ${k.toLowerCase()}`).join(', ')}`);
  await withScanWorkers(ownerUrl, `scan${scale}`, async (workers) => {
    const scans = [
      { label: 'full scan (raises flags)', full: true, days: 0 },
      { label: 'due-only scan, next day', full: false, days: 1 },
      { label: 'due-only scan, day after', full: false, days: 2 },
    ];
    for (const { label, full, days } of scans) {
      const load = loadavg()
        .map((x) => x.toFixed(2))
        .join(' ');
      const r = await scanOnce(ownerUrl, workers, full, days);
      console.log(
        `  ${label.padEnd(28)} ${r.evaluated} subjects in ${r.seconds.toFixed(1)} s (${(r.evaluated / r.seconds).toFixed(0)} a second); raised ${r.raised}, resolved ${r.resolved}; load before ${load}`,
      );
    }
  });
}

/**
 * The real worker process code, for scanning only: pending rollup changes are dropped and the rollup
 * sweep never runs, so no rollup building competes for the two cores.
 */
async function withScanWorkers<T>(ownerUrl: string, prefix: string, fn: (workers: Workers) => Promise<T>): Promise<T> {
  await sql(ownerUrl, `TRUNCATE "ReportRollupChange"`);
  const workers = await startWorkers(
    {
      ...process.env,
      ALLOW_DEVELOPMENT_DEFAULTS: 'true',
      JWT_SECRET: randomBytes(32).toString('hex'),
      LOG_LEVEL: 'warn',
      QUEUE_PREFIX: prefix,
    },
    { rollups: { sweepMs: Number.MAX_SAFE_INTEGER } },
  );
  try {
    return await fn(workers);
  } finally {
    await workers.close();
  }
}

/**
 * The report benchmark's flags: one nightly scan by the real workers, so reports that read flags (the
 * provider scorecard's "flags open now") are timed with the flags a live system would hold.
 */
export async function raiseFlags(ownerUrl: string, label: string): Promise<{ raised: number; seconds: number }> {
  const r = await withScanWorkers(ownerUrl, `flags${label}`, (workers) => scanOnce(ownerUrl, workers));
  await sql(ownerUrl, 'VACUUM ANALYZE "Flag"');
  return { raised: r.raised, seconds: r.seconds };
}

export async function benchScan(ownerUrl: string) {
  for (const s of SCALES) await measure(s, ownerUrl);
}
