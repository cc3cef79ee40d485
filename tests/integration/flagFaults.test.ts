import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startTestApi, TEST_JWT, type TestApi } from '../support/api';
import { addPupil, buildWorld, IDS, makeUpn, type World } from '../support/fixtures';
import { COMMISSION, placementInput } from '../support/movements';
import { eventually, startTestWorkers } from '../support/workers';
import { OwnRedis, freePort } from '../support/redisServer';
import { addDays } from '../../src/domain/dates';
import { systemClock } from '../../src/time/clock';
import { JOBS, QUEUES } from '../../src/jobs/registry';
import { relayOnce } from '../../workers/relay';

/**
 * Fault tolerance of the flag pipeline, with exact flag counts:
 * Redis stopped and restarted, a worker killed with SIGKILL mid-scan, and two scans at once.
 */
describe('flag workers under faults', () => {
  let db: TestDatabase;
  let world: World;
  let redis: OwnRedis;
  const today = systemClock.today();
  const prefix = `fault${Date.now() % 100000}`;

  beforeAll(async () => {
    db = await createTestDatabase();
    world = await buildWorld(db);
    redis = new OwnRedis(await freePort());
    await redis.start();
  });
  afterAll(async () => {
    await redis?.stop();
    await world?.close();
    await db?.drop();
  });

  const p3Count = () => world.prisma.flag.count({ where: { ruleId: 'P3', status: 'OPEN' } });

  it('Redis down: mutations still succeed, the outbox keeps them, and it drains when Redis returns', async () => {
    const api: TestApi = await startTestApi(db, { REDIS_URL: redis.url, QUEUE_PREFIX: prefix });
    const workers = await startTestWorkers(db, { redisUrl: redis.url, prefix });
    try {
      await redis.stop();
      const before = await p3Count();
      for (let i = 0; i < 3; i += 1) {
        const pupil = await addPupil(world.prisma);
        const r = await api.gql(world.tokens.laOfficer, COMMISSION, {
          input: placementInput(pupil.id, { startDate: addDays(today, -90), plannedEndDate: addDays(today, -20) }),
        });
        expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
      }
      const ready = await fetch(`${api.url}/readyz`);
      expect(ready.status).toBe(503);
      // A relay pass while Redis is down fails (the producer fails fast) and marks nothing published.
      // (A pass that finds the rows locked by the workers' own relay returns 0 instead: try again.)
      const failed = await eventually(
        async () =>
          relayOnce(world.prisma, workers.queues.flags).then(
            () => null,
            (err: Error) => err,
          ),
        10_000,
        50,
        'a relay pass failing',
      );
      expect(failed).toBeInstanceOf(Error);
      expect(await world.prisma.outboxEvent.count({ where: { publishedAt: null } })).toBe(3);
      expect(await p3Count()).toBe(before);

      await redis.start();
      expect(
        await eventually(
          async () => (await world.prisma.outboxEvent.count({ where: { publishedAt: null } })) === 0,
          30_000,
        ),
      ).toBe(true);
      expect(await eventually(async () => (await p3Count()) === before + 3, 30_000)).toBe(true);
      // Once the flag queue is idle, nothing more is on its way: still exactly three (no duplicate).
      await eventually(
        async () => {
          const c = await workers.queues.flags.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
          return Object.values(c).every((n) => n === 0);
        },
        30_000,
        100,
        'flag queue idle',
      );
      expect(await p3Count()).toBe(before + 3);
    } finally {
      await workers.close();
      await api.close();
    }
  });

  /** Open placements written straight to the database (no outbox): only a scan can flag them. */
  async function seedOverdue(n: number) {
    const pupils = Array.from({ length: n }, () => ({
      id: randomUUID(),
      upn: makeUpn(),
      firstName: 'Scan',
      lastName: 'Pupil',
      dateOfBirth: new Date('2011-01-15T00:00:00Z'),
      sex: 'M' as const,
      homeLaId: IDS.laA,
    }));
    await world.prisma.pupil.createMany({ data: pupils });
    await world.prisma.placement.createMany({
      data: pupils.map((p) => ({
        pupilId: p.id,
        providerId: IDS.pru,
        laId: IDS.laA,
        commissionerKind: 'LA' as const,
        reason: 'PERMANENT_EXCLUSION' as const,
        legalBasis: 'S19_LA_DAY_SIX_PERMANENT_EXCLUSION' as const,
        tier: 'TIER_3_TRANSITIONAL' as const,
        providerUrn: '900005',
        startDate: new Date(`${addDays(today, -200)}T00:00:00Z`),
        plannedEndDate: new Date(`${addDays(today, -100)}T00:00:00Z`),
        hoursPerWeek: 25,
        registration: 'SINGLE_REGISTERED_AT_AP' as const,
        objectives: 'x',
        reintegrationPlan: 'y',
        registrationConfirmed: true,
        lastReviewDate: new Date(`${addDays(today, -7)}T00:00:00Z`),
        nextReviewDue: new Date(`${addDays(today, 30)}T00:00:00Z`),
      })),
    });
    return pupils.map((p) => p.id);
  }

  function workerProcess(): ChildProcess {
    return spawn(process.execPath, ['--import', 'tsx', 'workers/main.ts'], {
      env: {
        ...process.env,
        NODE_ENV: 'test',
        DATABASE_URL: db.ownerUrl,
        APP_DATABASE_URL: db.appUrl,
        REDIS_URL: redis.url,
        QUEUE_PREFIX: prefix,
        LOG_LEVEL: 'silent',
        JWT_SECRET: TEST_JWT.secret,
        WORKER_LOCK_MS: '3000',
      },
      stdio: 'ignore',
    });
  }

  const N = 2000;
  const flagTally = () =>
    world.prisma.$queryRaw<{ ruleId: string; status: string; n: number }[]>`
      SELECT "ruleId", "status"::text AS status, count(*)::int AS n FROM "Flag" GROUP BY 1, 2 ORDER BY 1, 2`;

  it('a worker killed (SIGKILL) mid-scan: after restart the scan finishes with no duplicate and no missing flag', async () => {
    await seedOverdue(N);
    const before = await p3Count();
    const conn = new Redis(redis.url, { maxRetriesPerRequest: null });
    const queue = new Queue(QUEUES.flags, { connection: conn, prefix });
    let worker = workerProcess();
    try {
      await queue.add(JOBS.nightlyScan, { asOf: today });
      const midway = await eventually(
        async () => {
          const run = await world.prisma.scanRun.findFirst({ orderBy: { startedAt: 'desc' } });
          return run && run.evaluated >= 500 && run.finishedAt === null ? run : null;
        },
        180_000,
        20,
        'the scan under way (the worker process starts slowly on a busy machine)',
      );
      worker.kill('SIGKILL');
      await new Promise((r) => worker.once('exit', r));
      worker = workerProcess();
      await eventually(
        async () => (await world.prisma.scanRun.findUnique({ where: { id: midway.id } }))?.finishedAt,
        180_000,
        200,
        'the scan finished after the restart',
      );
      expect(await p3Count()).toBe(before + N);
      const dup = await world.prisma.$queryRaw<{ n: bigint }[]>`
        SELECT count(*) AS n FROM (SELECT "ruleId", "subjectId", "periodKey" FROM "Flag" GROUP BY 1, 2, 3 HAVING count(*) > 1) d`;
      expect(Number(dup[0]!.n)).toBe(0);
    } finally {
      worker.kill('SIGTERM');
      await queue.close();
      conn.disconnect();
    }
  }, 420_000);

  it('two scans at once end with the same flags as one', async () => {
    const workers = await startTestWorkers(db, { redisUrl: redis.url, prefix, concurrency: 4 });
    try {
      // Its own overdue placements, flagged by one scan first: the tally two concurrent scans must leave unchanged.
      const own = await seedOverdue(300);
      const ownP3 = () => world.prisma.flag.count({ where: { ruleId: 'P3', status: 'OPEN', pupilId: { in: own } } });
      const finishedRuns = () => world.prisma.scanRun.count({ where: { finishedAt: { not: null } } });
      const runs = await finishedRuns();
      await workers.queues.flags.add(JOBS.nightlyScan, { asOf: today });
      await eventually(async () => (await finishedRuns()) === runs + 1, 180_000, 250, 'the single scan finished');
      expect(await ownP3()).toBe(300);
      const flagsAfterScan = await flagTally();

      await Promise.all([
        workers.queues.flags.add(JOBS.nightlyScan, { asOf: today }),
        workers.queues.flags.add(JOBS.nightlyScan, { asOf: today }),
      ]);
      await eventually(async () => (await finishedRuns()) === runs + 3, 180_000, 250, 'both concurrent scans finished');
      expect(await flagTally()).toEqual(flagsAfterScan);
    } finally {
      await workers.close();
    }
  }, 240_000);
});
