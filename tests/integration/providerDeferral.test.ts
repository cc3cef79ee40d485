import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import type { Queue } from 'bullmq';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startTestApi, type TestApi } from '../support/api';
import { addPupil, buildWorld, IDS, type World } from '../support/fixtures';
import { COMMISSION, placementInput } from '../support/movements';
import { eventually, flagQueueIdle, providerJobs, startTestWorkers } from '../support/workers';
import { evaluateChanges, type ChangeKind } from '../../src/flags/evaluate';
import { createCalendarService } from '../../src/calendar/calendarService';
import { addDays } from '../../src/domain/dates';
import { systemClock } from '../../src/time/clock';
import { JOBS } from '../../src/jobs/registry';

/**
 * Issue 18 goal 3: the flag worker evaluates a provider in an evaluate-provider job of its own, deferred and
 * coalesced per provider (BullMQ deduplication with keepLastIfActive), instead of inline in every relay pass's
 * evaluate-changes job. Changes while the job waits join it; a change while it runs gets one follow-up
 * evaluation; and the flags come out as the inline evaluation's. Each test starts its own workers under its
 * own queue prefix, so the jobs it counts are its own.
 */
describe('provider evaluation, deferred and coalesced per provider', () => {
  let db: TestDatabase;
  let world: World;
  let api: TestApi;
  const today = systemClock.today();
  const start = addDays(today, -14);
  let prefixes = 0;
  const workersWith = (opts: { providerDelayMs?: number } = {}) =>
    startTestWorkers(db, { prefix: `pd${Date.now() % 100000}x${(prefixes += 1)}`, ...opts });

  beforeAll(async () => {
    db = await createTestDatabase();
    world = await buildWorld(db);
    api = await startTestApi(db);
  });
  afterAll(async () => {
    await api?.close();
    await world?.close();
    await db?.drop();
  });

  /** A full-time (20 h) LA-commissioned placement of a new school-age pupil at an unregistered provider. */
  async function fullTime(providerId: string, hoursPerWeek = 20): Promise<string> {
    const pupil = await addPupil(world.prisma, { dob: '2011-03-01' });
    const r = await api.gql(world.tokens.laOfficer, COMMISSION, {
      input: placementInput(pupil.id, {
        providerId,
        tier: 'TIER_3_TRANSITIONAL',
        plannedEndDate: null,
        startDate: start,
        hoursPerWeek,
        registration: 'HOME_SCHOOL_ONLY',
        safeguardingConfirmedOn: addDays(start, -7),
      }),
    });
    expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
    return r.data!.commissionPlacement.id as string;
  }

  /** The evaluate-changes job each placement's outbox row was relayed in has completed. */
  async function relayedAndEvaluated(flags: Queue, placementIds: string[]) {
    return eventually(
      async () => {
        const rows = await world.prisma.outboxEvent.findMany({
          where: { aggregateId: { in: placementIds }, publishedAt: { not: null } },
          select: { relayBatch: true },
        });
        if (rows.length !== placementIds.length) return false;
        for (const b of new Set(rows.map((r) => r.relayBatch))) {
          const job = await flags.getJob(`outbox-batch-${b}`);
          if (job?.name !== JOBS.evaluateChanges || (await job.getState()) !== 'completed') return false;
        }
        return true;
      },
      30_000,
      50,
      'the placements relayed and their evaluate-changes jobs completed',
    );
  }

  const openFlag = (providerId: string, ruleId: string) =>
    world.prisma.flag.findFirst({ where: { subjectId: providerId, ruleId, status: 'OPEN' } });

  it('placement writes at one provider while its evaluation waits join that one evaluation, and its flags come out right', async () => {
    // A delay far longer than the test, and the job promoted by hand: every write lands in the window for certain.
    const workers = await workersWith({ providerDelayMs: 10 * 60_000 });
    const flags = workers.queues.flags;
    try {
      const N = 6;
      const written: string[] = [];
      for (let i = 0; i < N; i += 1) written.push(await fullTime(IDS.unregUkprn));
      await relayedAndEvaluated(flags, written);

      // Every write asked for the provider; one evaluation is waiting, none has run.
      const waiting = await providerJobs(flags, ['delayed', 'waiting', 'active'], IDS.unregUkprn);
      expect(waiting).toHaveLength(1);
      expect(await providerJobs(flags, ['completed'], IDS.unregUkprn)).toHaveLength(0);
      expect(await openFlag(IDS.unregUkprn, 'U1')).toBeNull();
      // The placements' own evaluations did not wait for the provider's.
      expect(
        await world.prisma.flagSubjectDue.count({ where: { subjectKind: 'PLACEMENT', subjectId: { in: written } } }),
      ).toBe(N);

      await waiting[0]!.promote();
      const u1 = await eventually(() => openFlag(IDS.unregUkprn, 'U1'), 30_000, 50, 'U1 raised by the one evaluation');
      const evidence = u1.evidence as { fullTimePupils: number; pupils: { placementIds: string[] }[] };
      expect(evidence.fullTimePupils).toBe(N);
      expect(evidence.pupils.flatMap((p) => p.placementIds).sort()).toEqual([...written].sort());
      await eventually(() => flagQueueIdle(flags), 30_000, 50, 'flag queue idle');
      // Six writes, one evaluation of the provider.
      expect(await providerJobs(flags, ['completed'], IDS.unregUkprn)).toHaveLength(1);
      expect(await providerJobs(flags, ['failed'])).toHaveLength(0);
      // Its urgent opening was handed to the webhook queue like any other evaluation's (one job per opening).
      expect(await workers.queues.notifications.getJob(`notify-${u1.id}-new`)).toBeDefined();
      await eventually(
        async () => (await world.prisma.flag.findUniqueOrThrow({ where: { id: u1.id } })).pendingNotice === null,
        10_000,
        50,
        'the notice no longer pending',
      );
    } finally {
      await workers.close();
    }
  });

  it('a change committed while the provider is being evaluated is evaluated once more afterwards, never in parallel', async () => {
    const workers = await workersWith();
    const flags = workers.queues.flags;
    const latch = new pg.Client({ connectionString: db.ownerUrl });
    await latch.connect();
    try {
      // Four full-time pupils: one short of U1 (five).
      const four: string[] = [];
      for (let i = 0; i < 4; i += 1) four.push(await fullTime(IDS.unregSetting));
      await relayedAndEvaluated(flags, four);
      await eventually(() => flagQueueIdle(flags), 30_000, 50, 'the first evaluations done');
      expect(await openFlag(IDS.unregSetting, 'U1')).toBeNull();
      const before = (await providerJobs(flags, ['completed'], IDS.unregSetting)).length;
      expect(before).toBeGreaterThan(0);

      // The latch: the provider's next-due row locked, so its next evaluation reads the database, reconciles
      // the flags it found, then waits at recordDue, active, until the test lets go.
      await latch.query('BEGIN');
      const locked = await latch.query(
        `SELECT 1 FROM "FlagSubjectDue" WHERE "subjectKind" = 'PROVIDER' AND "subjectId" = $1 FOR UPDATE`,
        [IDS.unregSetting],
      );
      expect(locked.rowCount).toBe(1);
      // A part-time pupil (no U1 yet) starts that evaluation.
      const partTime = await fullTime(IDS.unregSetting, 6);
      // (Blocked by the latch's own backend: only a write of that row can be. pg_stat_activity hides another
      // role's query text and wait events, not its pid.)
      await eventually(
        async () =>
          (await latch.query(`SELECT pid FROM pg_stat_activity WHERE pg_backend_pid() = ANY(pg_blocking_pids(pid))`))
            .rowCount === 1,
        30_000,
        50,
        'the provider evaluation waiting on the latch',
      );
      const [running] = await providerJobs(flags, ['active'], IDS.unregSetting);
      expect(running).toBeDefined();

      // The fifth full-time pupil, committed while that evaluation runs: it cannot have seen it.
      const fifth = await fullTime(IDS.unregSetting);
      await relayedAndEvaluated(flags, [partTime, fifth]);
      expect(await running!.getState()).toBe('active');
      // The follow-up is held, not queued beside it: never two evaluations of one provider at once.
      expect(await providerJobs(flags, ['waiting', 'delayed', 'prioritized'], IDS.unregSetting)).toHaveLength(0);
      expect(await openFlag(IDS.unregSetting, 'U1')).toBeNull();

      await latch.query('ROLLBACK');
      const u1 = await eventually(
        () => openFlag(IDS.unregSetting, 'U1'),
        30_000,
        50,
        'U1 raised by the evaluation after the running one',
      );
      expect(u1.evidence).toMatchObject({ fullTimePupils: 5 });
      await eventually(() => flagQueueIdle(flags), 30_000, 50, 'flag queue idle');
      // The latched evaluation and its one follow-up.
      expect((await providerJobs(flags, ['completed'], IDS.unregSetting)).length).toBe(before + 2);
      expect(await providerJobs(flags, ['failed'])).toHaveLength(0);
    } finally {
      await latch.end();
      await workers.close();
    }
  });

  /** Flags as the user sees them and the next-due rows, without evaluation times or notification bookkeeping. */
  const state = async () => ({
    flags: await world.prisma.$queryRaw<unknown[]>`
      SELECT "ruleId", "subjectType"::text, "subjectId"::text, "periodKey", "status"::text, "severity"::text, "title", "evidence", "evidenceScore",
             "pupilId"::text, "placementId"::text, "providerId"::text, "schoolId"::text
        FROM "Flag" ORDER BY 1, 2, 3, 4`,
    due: await world.prisma.$queryRaw<unknown[]>`
      SELECT "subjectKind", "subjectId"::text, "laId"::text, "nextDueOn"::text, "evaluatedOn"::text, "basis"
        FROM "FlagSubjectDue" ORDER BY 1, 2`,
  });

  async function owner(text: string) {
    const c = new pg.Client({ connectionString: db.ownerUrl });
    await c.connect();
    try {
      await c.query(text);
    } finally {
      await c.end();
    }
  }

  it('the deferred path leaves exactly the flags and next-due dates the inline evaluateChanges did', async () => {
    // Placements written straight to the tables (no outbox): full-time and part-time pupils at an unregistered
    // provider (enough for U1), the PRU and an independent AP; some ended, one starting later, one past its
    // planned end, one pupil past school age. (Providers of their own: the other tests use unregUkprn and unregSetting.)
    const day = (d: string) => new Date(`${d}T00:00:00Z`);
    const changes: { kind: ChangeKind; id: string }[] = [];
    const shapes: { providerId: string; hours: number; ended?: boolean; later?: boolean; adult?: boolean }[] = [
      ...[20, 20, 25, 18.1, 20, 20].map((hours) => ({ providerId: IDS.unregB, hours })),
      { providerId: IDS.unregB, hours: 6 },
      { providerId: IDS.unregB, hours: 20, ended: true },
      { providerId: IDS.unregB, hours: 20, adult: true },
      { providerId: IDS.unregB, hours: 22, later: true },
      { providerId: IDS.pru, hours: 25 },
      { providerId: IDS.pru, hours: 25, ended: true },
      { providerId: IDS.independentAp, hours: 9.5 },
    ];
    for (const [i, s] of shapes.entries()) {
      const laId = s.providerId === IDS.unregB ? IDS.laB : IDS.laA;
      const pupil = await addPupil(world.prisma, { laId, dob: s.adult ? '2005-01-01' : '2011-06-01' });
      const p = await world.prisma.placement.create({
        data: {
          pupilId: pupil.id,
          providerId: s.providerId,
          laId,
          commissionerKind: 'LA',
          reason: 'PERMANENT_EXCLUSION',
          legalBasis: 'S19_LA_DAY_SIX_PERMANENT_EXCLUSION',
          tier: 'TIER_3_TRANSITIONAL',
          startDate: day(s.later ? addDays(today, 5) : addDays(today, -60 - i)),
          plannedEndDate: day(addDays(today, s.later ? 60 : i % 2 ? -5 : 40)),
          hoursPerWeek: s.hours,
          registration: s.providerId === IDS.pru ? 'DUAL_REGISTERED' : 'HOME_SCHOOL_ONLY',
          objectives: 'x',
          reintegrationPlan: 'y',
          registrationConfirmed: true,
          nextReviewDue: day(addDays(today, 30)),
          settingType: 'OTH',
          ...(s.ended
            ? { status: 'ENDED' as const, endDate: day(addDays(today, -3)), destination: 'NEET' as const }
            : {}),
        },
      });
      changes.push({ kind: 'PLACEMENT', id: p.id });
      if (i === 6) changes.push({ kind: 'PUPIL', id: pupil.id });
    }
    // A change to a provider itself: it re-evaluates the provider and all its open placements and their pupils.
    await world.prisma.provider.update({ where: { id: IDS.unregB }, data: { riskAssessmentDate: null } });
    changes.push({ kind: 'PROVIDER', id: IDS.unregB });

    await owner(`DROP TABLE IF EXISTS flag_before, due_before;
      CREATE TABLE flag_before AS SELECT * FROM "Flag"; CREATE TABLE due_before AS SELECT * FROM "FlagSubjectDue"`);
    const deps = { prisma: world.prisma, calendars: createCalendarService(world.prisma) };
    await evaluateChanges(deps, changes, today);
    const inline = await state();
    await owner(`DELETE FROM "Flag"; INSERT INTO "Flag" SELECT * FROM flag_before;
      DELETE FROM "FlagSubjectDue"; INSERT INTO "FlagSubjectDue" SELECT * FROM due_before`);
    expect(await state()).not.toEqual(inline);

    // The same changes through the outbox, the relay and the real flag worker.
    const workers = await workersWith();
    const flags = workers.queues.flags;
    try {
      const typeOf = { PLACEMENT: 'placement.changed', PUPIL: 'pupil.changed', PROVIDER: 'provider.changed' } as const;
      await world.prisma.outboxEvent.createMany({
        data: changes.map((c) => ({
          type: typeOf[c.kind as keyof typeof typeOf],
          aggregateType: c.kind,
          aggregateId: c.id,
          laId: null,
        })),
      });
      await eventually(
        async () => (await world.prisma.outboxEvent.count({ where: { publishedAt: null } })) === 0,
        30_000,
        50,
        'the outbox relayed',
      );
      await eventually(() => flagQueueIdle(flags), 60_000, 50, 'flag queue idle');
      // The providers were handed on by the evaluate-changes jobs and evaluated by jobs of their own.
      const relayed = (await flags.getJobs(['completed'], 0, -1)).filter((j) => j?.name === JOBS.evaluateChanges);
      expect(
        relayed.reduce((n, j) => n + (j.returnvalue as { providers: number }).providers, 0),
      ).toBeGreaterThanOrEqual(3);
      for (const id of [IDS.unregB, IDS.pru, IDS.independentAp])
        expect((await providerJobs(flags, ['completed'], id)).length, id).toBeGreaterThan(0);
      expect(await providerJobs(flags, ['failed'])).toHaveLength(0);
      const deferred = await state();
      expect(deferred).toEqual(inline);
      // The comparison covered this test's provider flags and next-due rows, not only placements.
      const mine: string[] = [IDS.unregB, IDS.pru, IDS.independentAp];
      const providerFlags = (inline.flags as { subjectType: string; subjectId: string; ruleId: string }[]).filter(
        (f) => f.subjectType === 'PROVIDER' && f.subjectId === IDS.unregB,
      );
      expect(providerFlags.map((f) => f.ruleId)).toEqual(expect.arrayContaining(['U1']));
      expect(
        (inline.due as { subjectKind: string; subjectId: string }[])
          .filter((d) => d.subjectKind === 'PROVIDER' && mine.includes(d.subjectId))
          .map((d) => d.subjectId)
          .sort(),
      ).toEqual([...mine].sort());
    } finally {
      await workers.close();
    }
  });
});
