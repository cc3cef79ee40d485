import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';
import { useApiWorld } from '../support/apiWorld';
import { eventually, startTestWorkers } from '../support/workers';
import { testEnv } from '../support/env';
import { placementFile } from '../support/importFiles';
import { addPupil } from '../support/fixtures';
import { COMMISSION, placementInput } from '../support/movements';
import {
  NIGHTLY_SCAN_SCHEDULER_ID,
  QUEUES,
  RETENTION_REVIEW_SCHEDULER_ID,
  type QueueName,
} from '../../src/jobs/registry';

/**
 * Issue 18 goal 6: worker processes by queue (WORKER_QUEUES). Production runs the import worker (a big heap) apart
 * from the rest (package.json worker:prod and worker:imports:prod): an imports-only process imports, but starts no
 * outbox relay, no flag worker and no schedules; a process with the other queues relays and evaluates, and leaves
 * import jobs waiting for a process that serves them.
 */
const START = `mutation($input: ImportPlacementsInput!) {
  importPlacements(input: $input) { job { id status } }
}`;
const OTHERS = 'flags,notifications,reports,retention';

describe('worker processes by queue', () => {
  const ctx = useApiWorld();
  // The API's and startTestWorkers' prefix (tests/support/api.ts, workers.ts).
  const prefix = () => `t${ctx.db.name.slice(-8)}`;
  let conn: Redis;
  let queues: Record<QueueName, Queue>;
  let app: pg.Client;

  beforeAll(async () => {
    conn = new Redis(testEnv().redisUrl, { maxRetriesPerRequest: null });
    queues = Object.fromEntries(
      Object.values(QUEUES).map((q) => [q, new Queue(q, { connection: conn, prefix: prefix() })]),
    ) as Record<QueueName, Queue>;
    // The relay LISTENs as the application role; its own role may read its sessions' statements.
    app = new pg.Client({ connectionString: ctx.db.appUrl });
    await app.connect();
  });
  afterAll(async () => {
    await Promise.all(Object.values(queues ?? {}).map((q) => q.close()));
    conn?.disconnect();
    await app?.end();
  });

  const startImport = async (rows: number) => {
    const r = await ctx.api.gql(ctx.world.tokens.laOfficer, START, {
      input: { fileName: 'p.csv', csv: placementFile(rows), mode: 'VALID_ROWS' },
    });
    expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
    return (r.data as { importPlacements: { job: { id: string } } }).importPlacements.job.id;
  };
  const batch = (id: string) => ctx.world.prisma.importBatch.findUniqueOrThrow({ where: { id } });
  const importedPlacements = async (batchId: string) =>
    (
      await ctx.world.prisma.importedPlacement.findMany({
        where: { firstBatchId: batchId },
        select: { placementId: true },
      })
    ).map((p) => p.placementId);
  const evaluated = (ids: string[]) => ctx.world.prisma.flagSubjectDue.count({ where: { subjectId: { in: ids } } });
  const unpublished = (ids: string[]) =>
    ctx.world.prisma.outboxEvent.count({ where: { aggregateId: { in: ids }, publishedAt: null } });
  /** Worker connections per queue, as BullMQ registers them in Redis (client names). */
  const workersPerQueue = async () =>
    Object.fromEntries(await Promise.all(Object.values(queues).map(async (q) => [q.name, await q.getWorkersCount()])));
  /** Sessions of this database whose last statement was the relay's LISTEN. */
  const listeningRelays = async () =>
    Number(
      (
        await app.query<{ n: string }>(
          `SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND query ILIKE 'LISTEN %'`,
        )
      ).rows[0]!.n,
    );
  const equal = (a: Record<string, number>, b: Record<string, number>) =>
    Object.keys(a).length === Object.keys(b).length && Object.keys(b).every((k) => a[k] === b[k]);
  const schedulers = async () =>
    [
      ...(await queues.flags.getJobSchedulers()).map((s) => s.key),
      ...(await queues.retention.getJobSchedulers()).map((s) => s.key),
    ].sort();

  it('imports alone: imports, relays nothing, evaluates nothing, schedules nothing', async () => {
    const importer = await startTestWorkers(ctx.db, { env: { WORKER_QUEUES: 'imports' } });
    try {
      expect(importer.serving).toEqual(['imports']);
      // A worker's blocking connection registers itself in Redis a moment after it is made.
      const only = { flags: 0, notifications: 0, reports: 0, retention: 0, imports: 1 };
      await eventually(async () => equal(await workersPerQueue(), only), 30_000, 50, 'the imports worker registered');
      expect(await listeningRelays()).toBe(0);
      expect(await schedulers()).toEqual([]);

      const batchId = await startImport(3);
      const done = await eventually(
        async () => {
          const b = await batch(batchId);
          return b.status === 'DONE' ? b : null;
        },
        60_000,
        100,
        'the import done by the imports-only process',
      );
      expect(done).toMatchObject({ rowsTotal: 3, rowsImported: 3 });
      const placements = await importedPlacements(batchId);
      expect(placements).toHaveLength(3);
      // Their outbox rows wait for a relay, and nothing evaluated them.
      expect(await unpublished(placements)).toBeGreaterThanOrEqual(3);
      expect(await evaluated(placements)).toBe(0);
      expect(await queues.flags.getJobCounts('waiting', 'active', 'completed', 'failed')).toEqual({
        waiting: 0,
        active: 0,
        completed: 0,
        failed: 0,
      });
    } finally {
      await importer.close();
    }
  }, 120_000);

  it('the other queues: relay and evaluate (the imported rows too), schedule, and leave an import job waiting', async () => {
    // Rows an import left unrelayed (as the imports-only process leaves them): the other process relays them.
    const importer = await startTestWorkers(ctx.db, { env: { WORKER_QUEUES: 'imports' } });
    const firstBatch = await startImport(2);
    await eventually(async () => (await batch(firstBatch)).status === 'DONE', 60_000, 100, 'the first import');
    await importer.close();
    const imported = await importedPlacements(firstBatch);
    expect(await unpublished(imported)).toBeGreaterThanOrEqual(2);

    const others = await startTestWorkers(ctx.db, { env: { WORKER_QUEUES: OTHERS } });
    try {
      expect(others.serving).toEqual(['flags', 'notifications', 'reports', 'retention']);
      const rest = { flags: 1, notifications: 1, reports: 1, retention: 1, imports: 0 };
      await eventually(async () => equal(await workersPerQueue(), rest), 30_000, 50, 'the four workers registered');
      expect(await schedulers()).toEqual([NIGHTLY_SCAN_SCHEDULER_ID, RETENTION_REVIEW_SCHEDULER_ID].sort());
      await eventually(async () => (await listeningRelays()) === 1, 30_000, 100, 'the relay listening');
      // Relayed and evaluated: every imported placement gets its next-due stamp.
      await eventually(
        async () => (await unpublished(imported)) === 0 && (await evaluated(imported)) === imported.length,
        60_000,
        100,
        'the imported placements relayed and evaluated',
      );

      // An import queued now waits: a write made after it is relayed and evaluated meanwhile.
      const waiting = await startImport(2);
      const pupil = await addPupil(ctx.world.prisma);
      const w = await ctx.api.gql(ctx.world.tokens.laOfficer, COMMISSION, {
        input: placementInput(pupil.id),
        key: `wq-${pupil.id}`,
      });
      expect(w.errors, JSON.stringify(w.errors)).toBeUndefined();
      const placementId = (w.data as { commissionPlacement: { id: string } }).commissionPlacement.id;
      await eventually(async () => (await evaluated([placementId])) === 1, 60_000, 100, 'the later write evaluated');
      expect(await queues.imports.getJobState(`import-${waiting}`)).toBe('waiting');
      expect((await batch(waiting)).status).toBe('QUEUED');

      // A process that serves imports takes it up.
      const importer2 = await startTestWorkers(ctx.db, { env: { WORKER_QUEUES: 'imports' } });
      try {
        await eventually(async () => (await batch(waiting)).status === 'DONE', 60_000, 100, 'the waiting import');
      } finally {
        await importer2.close();
      }
    } finally {
      await others.close();
    }
    // Closed: nothing of it left listening or registered as a worker.
    expect(await listeningRelays()).toBe(0);
    const none = { flags: 0, notifications: 0, reports: 0, retention: 0, imports: 0 };
    await eventually(async () => equal(await workersPerQueue(), none), 30_000, 50, 'no worker left registered');
  }, 240_000);
});
