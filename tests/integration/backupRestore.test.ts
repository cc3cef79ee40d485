import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startTestApi, type TestApi } from '../support/api';
import { addPupil, buildWorld, type World } from '../support/fixtures';
import { COMMISSION, placementInput } from '../support/movements';
import { buildReportWorld, figuresOf, Q, SPRING_2026 } from '../support/reports';
import { runProcess } from '../support/processes';
import { freePort, OwnRedis } from '../support/redisServer';
import { eventually, startTestWorkers } from '../support/workers';
import { withDatabase } from '../support/env';
import { addDays } from '../../src/domain/dates';
import { systemClock } from '../../src/time/clock';
import { NIGHTLY_SCAN_SCHEDULER_ID, QUEUES } from '../../src/jobs/registry';

/** Row count of every table in the public schema, by name. */
async function rowCounts(url: string): Promise<Record<string, number>> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const tables = (
      await c.query<{ t: string }>("SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")
    ).rows.map((r) => r.t);
    const out: Record<string, number> = {};
    for (const t of tables) out[t] = Number((await c.query(`SELECT count(*) AS n FROM "${t}"`)).rows[0].n);
    return out;
  } finally {
    await c.end();
  }
}

/** Every flag, by its natural key, with the state that matters. */
async function flagState(url: string): Promise<string[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query(
      `SELECT "ruleId", "subjectType", "subjectId", "periodKey", "status", "severity", "evidenceScore" FROM "Flag" ORDER BY 1, 2, 3, 4`,
    );
    return rows.map((r) => JSON.stringify(r));
  } finally {
    await c.end();
  }
}

/**
 * The backup and restore drill: `npm run backup` of a database whose outbox still holds unpublished
 * changes, `npm run restore` into a fresh database, the service started on it with an EMPTY Redis.
 * Row counts match at once; once the workers have drained the outbox on both sides, every open flag
 * and every report figure matches the original's.
 */
describe('backup and restore drill', () => {
  let db: TestDatabase;
  let world: World;
  let restoredName: string;
  let restored: TestDatabase;
  let dir: string;
  let redisA: OwnRedis;
  let redisB: OwnRedis;
  const closers: (() => Promise<unknown>)[] = [];
  const today = systemClock.today();

  beforeAll(async () => {
    db = await createTestDatabase();
    world = await buildWorld(db);
    await buildReportWorld(world.prisma);
    // Changes written through the API while no worker runs: their outbox rows are unpublished.
    const api = await startTestApi(db);
    try {
      for (let i = 0; i < 3; i += 1) {
        const pupil = await addPupil(world.prisma);
        const r = await api.gql(world.tokens.laOfficer, COMMISSION, {
          input: placementInput(pupil.id, { startDate: addDays(today, -90), plannedEndDate: addDays(today, -20) }),
        });
        expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
      }
    } finally {
      await api.close();
    }
    dir = mkdtempSync(path.join(tmpdir(), 'ap-backup-'));
    restoredName = `${db.name}_r`;
    restored = {
      name: restoredName,
      ownerUrl: withDatabase(db.ownerUrl, restoredName),
      appUrl: withDatabase(db.appUrl, restoredName),
      drop: async () => undefined,
    };
    redisA = new OwnRedis(await freePort());
    redisB = new OwnRedis(await freePort());
    await Promise.all([redisA.start(), redisB.start()]);
  }, 180_000);
  afterAll(async () => {
    for (const close of closers.reverse()) await close().catch(() => undefined);
    await world?.close();
    await redisA?.stop();
    await redisB?.stop();
    if (restoredName) {
      const c = new pg.Client({ connectionString: withDatabase(db.ownerUrl, 'postgres') });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${restoredName}" WITH (FORCE)`);
      await c.end();
    }
    await db?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('restores into a fresh database with every row of every table, and refuses a database that holds data', async () => {
    const before = await rowCounts(db.ownerUrl);
    expect(before.OutboxEvent).toBeGreaterThanOrEqual(3);
    expect(await world.prisma.outboxEvent.count({ where: { publishedAt: null } })).toBe(3);
    const file = path.join(dir, 'drill.dump');
    const env = { ...process.env, DATABASE_URL: db.ownerUrl };
    const b = await runProcess(process.execPath, ['scripts/backup.mjs', '--out', file], env);
    expect(b.code, b.output).toBe(0);
    const r = await runProcess(process.execPath, ['scripts/restore.mjs', file, '--database', restoredName], env);
    expect(r.code, r.output).toBe(0);
    expect(r.output).toMatch(/3 outbox events waiting for the workers/);
    expect(await rowCounts(restored.ownerUrl)).toEqual(before);
    expect(await flagState(restored.ownerUrl)).toEqual(await flagState(db.ownerUrl));

    const again = await runProcess(process.execPath, ['scripts/restore.mjs', file, '--database', restoredName], env);
    expect(again.code).not.toBe(0);
    expect(again.output).toMatch(/already holds \d+ tables: restore into a fresh database/);
    expect(await rowCounts(restored.ownerUrl)).toEqual(before);
  }, 180_000);

  it('the service on the restored database with an empty Redis rebuilds its queue state: flags and reports converge on the original', async () => {
    const prefix = 'drill';
    const original = await startTestWorkers(db, { redisUrl: redisA.url, prefix });
    closers.push(() => original.close());
    const fromBackup = await startTestWorkers(restored, { redisUrl: redisB.url, prefix });
    closers.push(() => fromBackup.close());
    const raw = new Redis(redisB.url);
    closers.push(async () => raw.quit());
    const drained = async (url: string) => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      const n = Number(
        (await c.query(`SELECT count(*) AS n FROM "OutboxEvent" WHERE "publishedAt" IS NULL`)).rows[0].n,
      );
      await c.end();
      return n === 0;
    };
    expect(
      await eventually(async () => (await drained(db.ownerUrl)) && (await drained(restored.ownerUrl)), 60_000),
    ).toBe(true);

    // The empty Redis got the nightly scan's scheduler back from the worker start-up.
    const flagsQueue = new Queue(QUEUES.flags, { connection: raw, prefix });
    closers.push(() => flagsQueue.close());
    const schedulers = await flagsQueue.getJobSchedulers();
    expect(schedulers.map((s) => s.key ?? s.id)).toContain(NIGHTLY_SCAN_SCHEDULER_ID);

    // Flags converge: the restored service raised exactly what the original did from the same outbox.
    const converged = await eventually(async () => {
      const [a, b] = await Promise.all([flagState(db.ownerUrl), flagState(restored.ownerUrl)]);
      return a.length > 0 && JSON.stringify(a) === JSON.stringify(b) && a.filter((f) => f.includes('"P3"')).length >= 3;
    }, 60_000);
    expect(converged).toBe(true);
    const openA = await world.prisma.flag.count({ where: { status: 'OPEN' } });
    expect(openA).toBeGreaterThanOrEqual(3);

    // Every report figure, for the year, a term and a day, is identical on both.
    const apiA: TestApi = await startTestApi(db, { REDIS_URL: redisA.url, QUEUE_PREFIX: prefix });
    closers.push(() => apiA.close());
    const apiB: TestApi = await startTestApi(restored, { REDIS_URL: redisB.url, QUEUE_PREFIX: prefix });
    closers.push(() => apiB.close());
    let compared = 0;
    for (const [name, query] of Object.entries(Q)) {
      const varsList =
        name === 'AP_POPULATION'
          ? [{ on: '2026-03-02' }, { on: today }]
          : [{ p: { academicYear: '2025-26' } }, { p: SPRING_2026 }];
      for (const vars of varsList) {
        const [a, b] = await Promise.all([
          apiA.gql(world.tokens.laOfficer, query, vars),
          apiB.gql(world.tokens.laOfficer, query, vars),
        ]);
        expect(a.errors, `${name}: ${JSON.stringify(a.errors)}`).toBeUndefined();
        expect(b.errors, `${name}: ${JSON.stringify(b.errors)}`).toBeUndefined();
        const figures = figuresOf(a.data!.r);
        expect(figures.length, name).toBeGreaterThan(0);
        expect(figuresOf(b.data!.r), `${name} ${JSON.stringify(vars)}`).toEqual(figures);
        compared += figures.length;
      }
    }
    expect(compared).toBeGreaterThan(100);
  }, 240_000);
});
