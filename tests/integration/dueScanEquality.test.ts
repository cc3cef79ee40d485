import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { addPupil, buildWorld, IDS, type World } from '../support/fixtures';
import { referralRow } from '../support/records';
import { evaluateBatch, evaluateChanges, scanIds, SCAN_KINDS, type ChangeKind } from '../../src/flags/evaluate';
import { dueIds, prepareDueScan } from '../../src/flags/dueStore';
import { createCalendarService } from '../../src/calendar/calendarService';
import { academicYearOf } from '../../src/domain/academicYear';
import { addDays } from '../../src/domain/dates';

/**
 * Issue 18 goal 4: the nightly scan that evaluates only the subjects whose next-due date has come leaves
 * exactly the flags (rule, subject, period, status) a full evaluation of every subject leaves, every day.
 * One database, two flag states (Flag and FlagSubjectDue, swapped by table copies): each day the same
 * writes are applied and evaluated in both, then one state gets the due-only scan and the other the full
 * one, and the Flag rows are compared. The data has subjects on both sides of every date-driven boundary
 * the rules know in the span (reviews, planned ends, Tier 2 and long-stay limits, notification tolerances,
 * 12 weeks, the national average stay, part-time weeks, day six, governors' deadlines, checkpoints,
 * separations after 26 July, the end of compulsory school age, 1 September, fair access deadlines), some
 * flags dismissed (reopening when their evidence doubles), reviews recorded and placements ended on the way,
 * and an LA threshold override (no write to any subject).
 */
describe('due-only nightly scan equals a full evaluation, day by day', () => {
  let db: TestDatabase;
  let world: World;
  const START = '2026-05-11';
  const DAYS = 140;
  let seed = 44;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const between = (a: number, b: number) => a + Math.floor(rand() * (b - a + 1));
  const day = (d: string) => new Date(`${d}T00:00:00Z`);
  const on = (n: number) => addDays(START, n);

  async function owner<T>(sql: string): Promise<T[]> {
    const c = new pg.Client({ connectionString: db.ownerUrl });
    await c.connect();
    try {
      return (await c.query(sql)).rows as T[];
    } finally {
      await c.end();
    }
  }
  const save = (name: string) =>
    owner(`DROP TABLE IF EXISTS ${name}_flag, ${name}_due;
           CREATE TABLE ${name}_flag AS SELECT * FROM "Flag"; CREATE TABLE ${name}_due AS SELECT * FROM "FlagSubjectDue"`);
  const restore = (name: string) =>
    owner(`DELETE FROM "Flag"; INSERT INTO "Flag" SELECT * FROM ${name}_flag;
           DELETE FROM "FlagSubjectDue"; INSERT INTO "FlagSubjectDue" SELECT * FROM ${name}_due`);
  const flagState = () =>
    world.prisma.$queryRaw<{ k: string }[]>`
      SELECT "ruleId" || '|' || "subjectType"::text || '|' || "subjectId"::text || '|' || "periodKey" || '|' || "status"::text AS k
        FROM "Flag" ORDER BY 1`.then((rows) => rows.map((r) => r.k));

  async function placement(pupilId: string, o: Record<string, unknown>) {
    return world.prisma.placement.create({
      data: {
        pupilId,
        providerId: IDS.pru,
        laId: IDS.laA,
        commissionerKind: 'LA',
        reason: 'PERMANENT_EXCLUSION',
        legalBasis: 'S19_LA_DAY_SIX_PERMANENT_EXCLUSION',
        tier: 'TIER_3_TRANSITIONAL',
        startDate: day(on(-100)),
        hoursPerWeek: 32.5,
        registration: 'SINGLE_REGISTERED_AT_AP',
        objectives: 'x',
        reintegrationPlan: 'y',
        registrationConfirmed: true,
        nextReviewDue: day(on(30)),
        settingType: 'OTH',
        ...o,
      },
    });
  }

  const DOBS = ['2009-10-15', '2010-03-01', '2011-05-10', '2015-06-01', '2016-01-20', '2021-05-20'];
  const PROVIDERS = [IDS.pru, IDS.independentAp, IDS.unregUkprn, IDS.unregSetting];

  async function seed60() {
    for (let i = 0; i < 60; i += 1) {
      const pupil = await addPupil(world.prisma, {
        dob: pick(DOBS),
        senStatus: pick(['NONE', 'SEN_SUPPORT', 'EHCP'] as const),
        lookedAfter: rand() < 0.2,
      });
      const shape = i % 6;
      if (shape <= 2) {
        // One or two placements (at different providers, so they never overlap at one).
        const providers = [...PROVIDERS].sort(() => rand() - 0.5).slice(0, pick([1, 1, 2]));
        for (const providerId of providers) {
          const start = on(between(-300, 60));
          // Ended ones end before or within the span (an open placement has no end date).
          const ends = rand() < 0.25 ? addDays(start, between(0, 150)) : null;
          const school = rand() < 0.4;
          const direction = school && rand() < 0.4;
          const tier = pick([
            'TIER_1_TARGETED_SUPPORT',
            'TIER_2_TIME_LIMITED',
            'TIER_2_TIME_LIMITED',
            'TIER_3_TRANSITIONAL',
          ]);
          const plannedEnd = rand() < 0.7 || tier === 'TIER_2_TIME_LIMITED' || direction;
          const p = await placement(pupil.id, {
            providerId,
            tier,
            startDate: day(start),
            plannedEndDate: plannedEnd ? day(addDays(start, between(20, 200))) : null,
            endDate: ends ? day(ends) : null,
            status: ends ? 'ENDED' : 'OPEN',
            destination: ends ? 'NEET' : null,
            // Two running at once may not pass a full-time week between them (a database check).
            hoursPerWeek: providers.length > 1 ? pick([6, 12, 16]) : pick([6, 12, 19, 25, 32.5]),
            reviewIntervalSchoolDays: pick([10, 20, 30]),
            lastReviewDate: rand() < 0.4 ? day(addDays(start, between(0, 120))) : null,
            ...(school
              ? {
                  commissionerKind: 'SCHOOL',
                  commissioningSchoolId: IDS.secondaryA,
                  reason: direction ? 'OFF_SITE_DIRECTION' : 'BEHAVIOUR_EARLY_INTERVENTION',
                  legalBasis: direction ? 'S29A_OFF_SITE_DIRECTION' : 'SCHOOL_COMMISSIONED',
                  laNotifiedOn: rand() < 0.5 ? day(addDays(start, between(0, 20))) : null,
                  maximumPeriodSchoolDays: direction && rand() < 0.5 ? 60 : null,
                  ...(direction
                    ? {
                        directionNoticeDate: day(addDays(start, -between(1, 5))),
                        directionNotice: { address: '1 High St', personToReportTo: 'Ms Khan', numberOfDays: 60 },
                      }
                    : {}),
                }
              : {
                  reason: pick(['PERMANENT_EXCLUSION', 'HEALTH_NEEDS', 'AWAITING_SCHOOL_PLACE']),
                  legalBasis: pick(['S19_LA_DAY_SIX_PERMANENT_EXCLUSION', 'S19_OTHER']),
                }),
          });
          if (direction)
            await world.prisma.directionReviewRequest.create({
              data: { placementId: p.id, requestedOn: day(on(between(-10, 60))), requestedBy: 'PARENT' },
            });
          if (rand() < 0.25) {
            const back = on(between(-90, 30));
            const r = await world.prisma.reintegration.create({
              data: { pupilId: pupil.id, placementId: p.id, schoolId: IDS.secondaryA, startDate: day(back) },
            });
            await world.prisma.reintegrationCheckpoint.createMany({
              data: [30, 65].map((n, k) => ({
                reintegrationId: r.id,
                label: k ? 'ONE_TERM' : 'SIX_WEEKS',
                schoolDays: n,
                dueDate: day(addDays(back, Math.round(n * 1.4))),
                isFinal: false,
              })),
            });
          }
        }
      } else if (shape === 3) {
        // Excluded in the span: a long suspension (day six, its last day) or a permanent exclusion.
        const start = on(between(-20, 80));
        const suspension = i % 12 === 3 || rand() < 0.5;
        await world.prisma.exclusion.create({
          data: {
            pupilId: pupil.id,
            schoolId: IDS.secondaryA,
            kind: suspension ? 'SUSPENSION' : 'PERMANENT',
            startDate: day(start),
            schoolDays: suspension ? pick([3, 8, 8, 12]) : null,
            reasonCategory: 'PHYSICAL_ASSAULT_ADULT',
            academicYear: academicYearOf(start),
          },
        });
      } else if (shape === 4) {
        // Off the roll in the span with nowhere to go (M5), or separated after 26 July (SEP1).
        if (rand() < 0.5)
          await world.prisma.enrolment.updateMany({
            where: { pupilId: pupil.id },
            data: { endDate: day(on(between(-30, 60))), endCategory: pick(['CME_OR_UNKNOWN', 'OTHER']) },
          });
        else
          await world.prisma.safeguardingSeparation.create({
            data: {
              pupilId: pupil.id,
              schoolId: IDS.secondaryA,
              startDate: day(on(between(76, 110))),
              endDate: rand() < 0.5 ? day(on(between(111, 135))) : null,
              reasonCategory: 'RISK_OF_HARM_TO_OTHERS',
              decidedBy: 'Head',
            },
          });
      } else {
        // A fair access case agreed to be considered in the span: 20 school days to allocate (F1).
        const referred = on(between(-40, 50));
        await referralRow(world.prisma, pupil.id, referred, {
          agreedToConsiderOn: day(addDays(referred, between(0, 10))),
          closedOn: rand() < 0.3 ? day(addDays(referred, between(20, 60))) : null,
        });
      }
    }
    // An unregistered setting that becomes a school in the span (U1), with no risk assessment (U5).
    await world.prisma.provider.update({ where: { id: IDS.unregSetting }, data: { riskAssessmentDate: day(on(50)) } });
    for (let k = 0; k < 6; k += 1) {
      const pupil = await addPupil(world.prisma, { dob: '2011-02-02', lookedAfter: k === 0 });
      await placement(pupil.id, {
        providerId: IDS.unregSetting,
        hoursPerWeek: 20,
        startDate: day(on(10 + 5 * k)),
        ...(k === 5 ? { endDate: day(on(90)), status: 'ENDED', destination: 'NEET' } : {}),
      });
    }
  }

  const deps = () => ({ prisma: world.prisma, calendars: createCalendarService(world.prisma) });

  /** The scan as the worker runs it (workers/flagProcessor.ts), page by page; returns subjects evaluated. */
  async function scan(asOf: string, full: boolean): Promise<number> {
    const d = deps();
    let evaluated = 0;
    if (!full) await prepareDueScan(world.prisma, asOf);
    for (const kind of SCAN_KINDS) {
      let after: { due: string; id: string } | null = null;
      for (;;) {
        const page: { id: string; due: string }[] = full
          ? (await scanIds(world.prisma, kind, after?.id ?? null, 50)).map((id) => ({ id, due: '' }))
          : await dueIds(world.prisma, kind, asOf, after, 50);
        if (page.length)
          await evaluateBatch(
            d,
            kind,
            page.map((r) => r.id),
            asOf,
          );
        evaluated += page.length;
        if (page.length < 50) break;
        after = page[page.length - 1]!;
      }
    }
    return evaluated;
  }

  /** The writes of a day, applied to the data once; their evaluation (as the relay would) per state. */
  async function writesOf(n: number): Promise<{ kind: ChangeKind; id: string }[]> {
    const open = await world.prisma.placement.findMany({
      where: { status: 'OPEN', startDate: { lte: day(on(n)) } },
      orderBy: { id: 'asc' },
      select: { id: true },
    });
    if (n === 40) {
      const ids = open.slice(0, 6).map((p) => p.id);
      await world.prisma.placement.updateMany({ where: { id: { in: ids } }, data: { lastReviewDate: day(on(n)) } });
      return ids.map((id) => ({ kind: 'PLACEMENT', id }));
    }
    if (n === 55) {
      const ids = open.slice(6, 12).map((p) => p.id);
      await world.prisma.placement.updateMany({
        where: { id: { in: ids } },
        data: { status: 'ENDED', endDate: day(on(n)), destination: 'NEET' },
      });
      return ids.map((id) => ({ kind: 'PLACEMENT', id }));
    }
    if (n === 70)
      // No subject is written: only the basis of LA 373's next-due dates changes.
      await world.prisma.laRuleOverride.create({
        data: { laId: IDS.laA, key: 'tier2LimitSchoolDays', value: 50, reason: 'Local policy', setBy: 'test' },
      });
    return [];
  }

  const dismissOpen = () =>
    world.prisma.$executeRaw`
      UPDATE "Flag" SET "status" = 'DISMISSED', "dismissedAt" = now(), "dismissedScore" = "evidenceScore",
                        "dismissedBy" = 'test', "dismissedReason" = 'Known to the LA'
       WHERE "status" = 'OPEN' AND "ruleId" IN ('P2', 'P3', 'P4', 'U7', 'F1', 'M5', 'E3')`;

  beforeAll(async () => {
    db = await createTestDatabase();
    world = await buildWorld(db);
    await world.prisma.provider.update({ where: { id: IDS.unregUkprn }, data: { riskAssessmentDate: null } });
    await seed60();
  }, 120_000);
  afterAll(async () => {
    await world?.close();
    await db?.drop();
  });

  it(`opens and resolves the same flags as a full evaluation on each of ${DAYS} days`, async () => {
    // Day 0: both states start from one full evaluation (every subject is new to the due-only scan anyway).
    await scan(START, true);
    await save('due');
    await save('full');
    const totals = { due: 0, full: 0 };
    const changedRules = new Set<string>();
    let previous = await flagState();
    for (let n = 1; n <= DAYS; n += 1) {
      const asOf = on(n);
      const writes = await writesOf(n);
      const results: Record<'due' | 'full', string[]> = { due: [], full: [] };
      for (const mode of ['due', 'full'] as const) {
        await restore(mode);
        if (writes.length) await evaluateChanges(deps(), writes, asOf);
        totals[mode] += await scan(asOf, mode === 'full');
        if (n === 30) await dismissOpen();
        results[mode] = await flagState();
        await save(mode);
      }
      expect(results.due, `flags on ${asOf} (day ${n})`).toEqual(results.full);
      const before = new Set(previous);
      for (const k of results.full) if (!before.has(k)) changedRules.add(k.split('|')[0]!);
      previous = results.full;
    }
    // The due-only scan did a small part of the work, and the span moved flags of the date-driven rules.
    expect(totals.due).toBeLessThan(totals.full / 4);
    expect([...changedRules].sort()).toEqual(
      expect.arrayContaining(['E2', 'E3', 'E4', 'F1', 'M5', 'P2', 'P3', 'P4', 'R1-CHECKPOINT', 'SEP1', 'U1', 'U7']),
    );
    process.stdout.write(
      `due-only scan evaluated ${totals.due} subjects over ${DAYS} days, the full scan ${totals.full}; flags changed for ${[...changedRules].sort().join(' ')}\n`,
    );
  }, 1_800_000);
});
