/**
 * npm run bench:import [-- --rows 100000]: times the placement import (issue 16) against a plain COPY of
 * the same rows into a table of the same shape, in the same run, on a throwaway database. The import is
 * the job's own code (startPlacementImport + runPlacementImport), end to end: reading the CSV, checking
 * every row, creating the pupils, the placements, their events, outbox rows and natural keys in one
 * transaction (COPY into each table, checking overlapped with writing). The COPY baseline loads the resulting placement rows into a copy of the Placement table
 * (CREATE TABLE … (LIKE "Placement" INCLUDING ALL): its columns, defaults, constraints and indexes).
 * Figures go in docs/import.md.
 */
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { createPrisma } from '../src/db/prisma';
import { createCalendarService } from '../src/calendar/calendarService';
import { systemClock } from '../src/time/clock';
import { startPlacementImport } from '../src/usecases/import/startPlacementImport';
import { runPlacementImport } from '../src/import/placements/runPlacementImport';
import { placementFile } from '../tests/support/importFiles';
import { arg, resetData, sql } from './support';

export async function benchImport(ownerUrl: string) {
  const rows = Number(arg('rows', '100000'));
  await resetData(ownerUrl);
  const la = '00000000-0000-4000-8000-000000000373';
  await sql(ownerUrl, `INSERT INTO "LocalAuthority" (id, code, name) VALUES ($1, '373', 'Bench LA')`, [la]);
  await sql(
    ownerUrl,
    `INSERT INTO "School" (id, "laId", urn, laestab, name, phase, type, "numberOnRoll")
     VALUES ('00000000-0000-4000-8000-0000000a0005', $1, '900005', '3731101', 'Bench PRU', 'ALTERNATIVE_PROVISION', 'PRU', 60)`,
    [la],
  );
  await sql(
    ownerUrl,
    `INSERT INTO "Provider" (id, "laId", name, kind, "schoolId", urn)
     VALUES ('00000000-0000-4000-8000-0000000c0001', $1, 'Bench PRU', 'REGISTERED_SCHOOL', '00000000-0000-4000-8000-0000000a0005', '900005')`,
    [la],
  );
  const csv = Buffer.from(placementFile(rows));
  const prisma = createPrisma(process.env.APP_DATABASE_URL ?? ownerUrl, 4);
  const deps = {
    prisma,
    calendars: createCalendarService(prisma),
    clock: systemClock,
    databaseUrl: process.env.APP_DATABASE_URL ?? ownerUrl,
  };
  const actor = { userId: 'bench', role: 'LA_OFFICER' as const, laId: la };
  let checkedAt = 0;
  const profile: Record<string, number> = {};
  const t0 = performance.now();
  const started = await startPlacementImport(deps, actor, { fileName: 'bench.csv' }, csv, {
    IMPORT_MAX_BYTES: String(1024 * 1024 * 1024),
  });
  profile['upload: check the file, store it (startPlacementImport)'] = performance.now() - t0;
  const status = await runPlacementImport(
    deps,
    started.batchId,
    async (p) => {
      if (p.phase === 'checked') checkedAt = performance.now();
    },
    profile,
  );
  const importMs = performance.now() - t0;
  const imported = await prisma.placement.count({ where: { imported: true } });
  await prisma.$disconnect();
  if (status !== 'DONE' || imported !== rows)
    throw new Error(`import ended ${status} with ${imported} of ${rows} rows`);

  // The same rows, as PostgreSQL's own text format, COPYed into a table of the same shape.
  const c = new pg.Client({ connectionString: ownerUrl });
  await c.connect();
  try {
    const chunks: Buffer[] = [];
    await pipeline(
      c.query(copyTo('COPY (SELECT * FROM "Placement" WHERE imported) TO STDOUT')),
      async function (src: AsyncIterable<unknown>) {
        for await (const chunk of src) chunks.push(chunk as Buffer);
      },
    );
    await c.query('DROP TABLE IF EXISTS bench_copy');
    await c.query('CREATE TABLE bench_copy (LIKE "Placement" INCLUDING ALL)');
    const t1 = performance.now();
    await pipeline(Readable.from(chunks), c.query(copyFrom('COPY bench_copy FROM STDIN')));
    const copyMs = performance.now() - t1;
    await c.query('DROP TABLE bench_copy');
    const ratio = copyMs / importMs;
    const report = {
      rows,
      fileMB: +(csv.length / 1024 / 1024).toFixed(1),
      importSeconds: +(importMs / 1000).toFixed(2),
      // Rows are written while later rows are checked (docs/import.md, Speed): when the last row was checked.
      allCheckedAtSeconds: +((checkedAt - t0) / 1000).toFixed(2),
      importRowsPerSecond: Math.round(rows / (importMs / 1000)),
      copySeconds: +(copyMs / 1000).toFixed(2),
      copyRowsPerSecond: Math.round(rows / (copyMs / 1000)),
      ratio: +ratio.toFixed(3),
      target: 0.2,
      meetsTarget: ratio >= 0.2,
      loadAverage: (await import('node:os')).loadavg().map((l) => +l.toFixed(1)),
      profileSeconds: Object.fromEntries(
        Object.entries(profile)
          .sort((a, b) => b[1] - a[1])
          .map(([k, ms]) => [k, +(ms / 1000).toFixed(2)]),
      ),
    };
    console.log(JSON.stringify(report, null, 2));
  } finally {
    await c.end();
  }
}
