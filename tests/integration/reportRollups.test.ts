import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startTestApi, type TestApi } from '../support/api';
import { addPupil, buildWorld, IDS, type World } from '../support/fixtures';
import { COMMISSION, placementInput } from '../support/movements';
import { buildReportWorld, place, Q, SPRING_2026, type ReportWorld } from '../support/reports';
import { eventually, startTestWorkers } from '../support/workers';
import { createCalendarService } from '../../src/calendar/calendarService';
import { markMissingRollups, refreshRollups } from '../../src/reports/rollups/refresh';

/**
 * Report rollups (src/reports/rollups, migration 20261123000000_report_rollups): the movement summary and
 * school movement profile answered from a cell per LA and standard period, which triggers mark stale on
 * every change they rest on. The figures must be the live ones, always.
 */
const YEAR_2025 = { academicYear: '2025-26' };
const today = () => new Date().toISOString().slice(0, 10);

describe('report rollups', () => {
  let db: TestDatabase;
  let world: World;
  let api: TestApi;
  let rw: ReportWorld;
  let sql: pg.Client;
  const calendars = () => createCalendarService(world.prisma);
  const refresh = (laId: string = IDS.laA) => refreshRollups({ prisma: world.prisma, calendars: calendars() }, laId, today());
  const pending = async (laId: string = IDS.laA) =>
    (await sql.query(`SELECT DISTINCT "academicYear" AS y FROM "ReportRollupChange" WHERE "laId" = $1 ORDER BY 1`, [laId])).rows.map((r) => r.y as number);

  beforeAll(async () => {
    db = await createTestDatabase();
    world = await buildWorld(db);
    rw = await buildReportWorld(world.prisma);
    api = await startTestApi(db);
    sql = new pg.Client({ connectionString: db.ownerUrl });
    await sql.connect();
  });
  afterAll(async () => {
    await sql?.end();
    await api?.close();
    await world?.close();
    await db?.drop();
  });
  // Each test starts from up-to-date rollups for both LAs.
  beforeEach(async () => {
    await markMissingRollups(world.prisma, today());
    await refresh(IDS.laA);
    await refresh(IDS.laB);
    expect(await pending(IDS.laA)).toEqual([]);
  });

  const run = async (report: 'MOVEMENT_SUMMARY' | 'SCHOOL_MOVEMENT_PROFILE', p: Record<string, unknown>, f?: Record<string, unknown>, who: keyof World['tokens'] = 'laOfficer') => {
    const res = await api.gql(world.tokens[who], Q[report], { p, f });
    expect(res.errors).toBeUndefined();
    return res.data!.r as any;
  };
  const withoutMeta = ({ meta: _m, ...rest }: any) => rest;
  /** Marks 2025-26 changed by hand (as a trigger would), so the next read is live. */
  const forceLive = () => sql.query(`INSERT INTO "ReportRollupChange" ("laId", "academicYear") VALUES ($1, 2025)`, [IDS.laA]);

  it('the first build covers each year from the LA’s first record to the current one: the year and its three terms, both reports', async () => {
    const cells = (await sql.query(`SELECT report, "periodFrom"::text AS f, "periodTo"::text AS t FROM "ReportRollup" WHERE "laId" = $1 ORDER BY 2, 3, 1`, [IDS.laA])).rows;
    const years = [...new Set(cells.map((c) => c.f.slice(0, 4)))];
    // The world's first registration is 1 September 2021; the current year is today's.
    const current = Number(today().slice(0, 4)) - (Number(today().slice(5, 7)) < 9 ? 1 : 0);
    expect(years[0]).toBe('2021');
    expect(cells.length).toBe((current - 2021 + 1) * 4 * 2);
    // 2025-26 on Sheffield's calendar: the terms tile the year (reports.test.ts checks the spring bounds).
    expect(cells.filter((c) => c.f >= '2025-09-01' && c.t <= '2026-08-31' && c.report === 'MOVEMENT_SUMMARY').map((c) => [c.f, c.t])).toEqual([
      ['2025-09-01', '2026-01-04'], ['2025-09-01', '2026-08-31'], ['2026-01-05', '2026-04-12'], ['2026-04-13', '2026-08-31'],
    ]);
  });

  it('an academic year or term is answered from the rollup, with the same figures as the live read (hand-counted spring figures)', async () => {
    for (const report of ['MOVEMENT_SUMMARY', 'SCHOOL_MOVEMENT_PROFILE'] as const) {
      for (const p of [SPRING_2026, YEAR_2025]) {
        const rolled = await run(report, p);
        expect(rolled.meta.source).toBe('ROLLUP');
        expect(Date.parse(rolled.meta.rollupRefreshedAt)).toBeLessThanOrEqual(Date.now());
        await forceLive();
        const live = await run(report, p);
        expect(live.meta).toMatchObject({ source: 'LIVE', rollupRefreshedAt: null });
        expect(withoutMeta(rolled)).toEqual(withoutMeta(live));
        await refresh();
      }
    }
    // The hand-counted spring figures of reports.test.ts, now from the rollup.
    const r = await run('MOVEMENT_SUMMARY', SPRING_2026);
    expect(r.meta.source).toBe('ROLLUP');
    expect([r.entries, r.exits, r.transfersIn, r.newToAp, r.pupilsEntering].map((c: any) => c.value)).toEqual([5, 4, 1, 4, 4]);
  });

  it('suppression is applied to rollup figures exactly as to live ones (analyst)', async () => {
    const rolled = await run('SCHOOL_MOVEMENT_PROFILE', SPRING_2026, undefined, 'analyst');
    expect(rolled.meta).toMatchObject({ source: 'ROLLUP', suppressed: true });
    await forceLive();
    const live = await run('SCHOOL_MOVEMENT_PROFILE', SPRING_2026, undefined, 'analyst');
    expect(live.meta.source).toBe('LIVE');
    expect(withoutMeta(rolled)).toEqual(withoutMeta(live));
    expect(JSON.stringify(rolled.schools)).toContain('"suppressed":true');
  });

  it('filters: school and phase choose school-profile rows from the rollup; a provider filter, and any filter on the movement summary, read live', async () => {
    const hill = await run('SCHOOL_MOVEMENT_PROFILE', SPRING_2026, { schoolId: IDS.secondaryA });
    expect(hill.meta.source).toBe('ROLLUP');
    expect(hill.schools.map((s: any) => s.schoolId)).toEqual([IDS.secondaryA]);
    expect((await run('SCHOOL_MOVEMENT_PROFILE', SPRING_2026, { phase: 'SECONDARY' })).meta.source).toBe('ROLLUP');
    expect((await run('SCHOOL_MOVEMENT_PROFILE', SPRING_2026, { providerId: IDS.pru })).meta.source).toBe('LIVE');
    expect((await run('MOVEMENT_SUMMARY', SPRING_2026, { schoolId: IDS.secondaryA })).meta.source).toBe('LIVE');
    // A period that is not an academic year or term has no cell.
    expect((await run('MOVEMENT_SUMMARY', { from: '2026-01-05', to: '2026-04-11' })).meta.source).toBe('LIVE');
    // The CSV says where its figures came from.
    const csv = await api.gql(world.tokens.laOfficer, `query($p: ReportPeriodInput) { reportCsv(report: MOVEMENT_SUMMARY, period: $p) { csv } }`, { p: SPRING_2026 });
    expect((csv.data as any).reportCsv.csv).toMatch(/^meta,figures,,source,ROLLUP,/m);
  });

  it('a new placement marks its year; the report reads live with it at once, and from the rollup again after the refresh', async () => {
    const before = await run('MOVEMENT_SUMMARY', SPRING_2026);
    await place(world.prisma, {
      pupilId: rw.pupils.P4!, providerId: IDS.pru, school: IDS.secondaryA, reason: 'SUSPENSION_OVER_FIVE_DAYS', legalBasis: 'SCHOOL_DAY_SIX_SUSPENSION',
      tier: 'TIER_2_TIME_LIMITED', start: '2026-02-02', plannedEnd: '2026-02-20', hours: 10,
    });
    expect(await pending()).toEqual([2025]);
    const live = await run('MOVEMENT_SUMMARY', SPRING_2026);
    expect(live.meta.source).toBe('LIVE');
    expect(live.entries.value).toBe(before.entries.value + 1);
    // Another LA's cells are untouched.
    expect(await pending(IDS.laB)).toEqual([]);
    const result = await refresh();
    expect(result.years).toEqual([2025]);
    // 2025-26, 2026-27 (the years resting on 2025 up to the current one), four periods each, two reports.
    expect(result.cells).toBe(Math.min(3, Number(today().slice(0, 4)) - (Number(today().slice(5, 7)) < 9 ? 1 : 0) - 2025 + 1) * 4 * 2);
    const after = await run('MOVEMENT_SUMMARY', SPRING_2026);
    expect(after.meta.source).toBe('ROLLUP');
    expect(withoutMeta(after)).toEqual(withoutMeta(live));
  });

  it('writes that change nothing a rollup holds mark nothing: a review, new hours, a name, a school’s number on roll', async () => {
    const placement = rw.placements['1b']!;
    await world.prisma.placementReview.create({ data: { placementId: placement, reviewDate: new Date('2026-03-20'), outcome: 'CONTINUE', notes: 'ok' } });
    await world.prisma.placement.update({ where: { id: placement }, data: { hoursPerWeek: 8, nextReviewDue: new Date('2026-04-20') } });
    await world.prisma.pupil.update({ where: { id: rw.pupils.P1! }, data: { firstName: 'Renamed' } });
    await world.prisma.school.update({ where: { id: IDS.secondaryA }, data: { numberOnRoll: 1234 } });
    expect(await pending()).toEqual([]);
    // The number on roll is read live, so the rate moves although the cell did not.
    const r = await run('SCHOOL_MOVEMENT_PROFILE', SPRING_2026, { schoolId: IDS.secondaryA });
    expect(r.meta.source).toBe('ROLLUP');
    expect(r.schools[0].numberOnRoll).toBe(1234);
  });

  it('a pupil’s characteristics mark every year they moved or were on a roll; the school profile follows', async () => {
    // P3: on Hillside's roll 2021-09-01 to 2026-01-16; placement 3a 2026-01-19 to 2026-04-17.
    await world.prisma.pupil.update({ where: { id: rw.pupils.P3! }, data: { senStatus: 'EHCP' } });
    expect(await pending()).toEqual([2021, 2022, 2023, 2024, 2025]);
    const live = await run('SCHOOL_MOVEMENT_PROFILE', SPRING_2026, { schoolId: IDS.secondaryA });
    expect(live.meta.source).toBe('LIVE');
    await refresh();
    const rolled = await run('SCHOOL_MOVEMENT_PROFILE', SPRING_2026, { schoolId: IDS.secondaryA });
    expect(rolled.meta.source).toBe('ROLLUP');
    expect(withoutMeta(rolled)).toEqual(withoutMeta(live));
  });

  it('registrations: a new one marks every year it spans; ending one marks only the years from its end', async () => {
    const e = await world.prisma.enrolment.create({ data: { pupilId: rw.pupils.P7!, schoolId: IDS.secondaryA, registration: 'SINGLE', startDate: new Date('2024-01-08') } });
    const current = Number(today().slice(0, 4)) - (Number(today().slice(5, 7)) < 9 ? 1 : 0);
    const span = (from: number) => Array.from({ length: current + 1 - from + 1 }, (_, i) => from + i);
    // Still open: up to next year (rollups are built to the current one).
    expect(await pending()).toEqual(span(2023));
    await refresh();
    await world.prisma.enrolment.update({ where: { id: e.id }, data: { endDate: new Date('2026-03-06'), endCategory: 'MOVED_AWAY' } });
    expect(await pending()).toEqual(span(2025));
    await refresh();
    await world.prisma.enrolment.delete({ where: { id: e.id } });
    expect(await pending()).toEqual([2023, 2024, 2025]);
  });

  it('exclusions, a school’s phase and loaded term dates mark their years', async () => {
    await world.prisma.exclusion.create({
      data: { pupilId: rw.pupils.P4!, schoolId: IDS.secondaryA, kind: 'PERMANENT', startDate: new Date('2024-11-04'), reasonCategory: 'BULLYING', academicYear: '2024-25', governorOutcome: 'PENDING' },
    });
    expect(await pending()).toEqual([2024]);
    await refresh();
    await world.prisma.school.update({ where: { id: IDS.primaryA }, data: { phase: 'ALL_THROUGH' } });
    const years = await pending();
    expect(years.length).toBeGreaterThan(3); // every year with cells
    await refresh();
    await world.prisma.school.update({ where: { id: IDS.primaryA }, data: { phase: 'PRIMARY' } });
    await refresh();
    const t = await world.prisma.termDates.findFirstOrThrow({ where: { laId: IDS.laA } });
    await world.prisma.termDates.update({ where: { id: t.id }, data: { source: 'reloaded' } });
    expect(await pending()).toEqual([Number(t.academicYear.slice(0, 4))]);
  });

  it('a change committed while a refresh runs is not consumed: the cells it touches stay stale until the next refresh', async () => {
    const other = new pg.Client({ connectionString: db.ownerUrl });
    await other.connect();
    try {
      await other.query('BEGIN');
      await other.query(`UPDATE "Pupil" SET "fsmEligible" = NOT "fsmEligible" WHERE id = $1`, [rw.pupils.P5]);
      // The refresh's snapshot cannot see the uncommitted change or its mark.
      await forceLive();
      await refresh();
      await other.query('COMMIT');
    } finally {
      await other.end();
    }
    expect(await pending()).toContain(2025);
    expect((await run('MOVEMENT_SUMMARY', SPRING_2026)).meta.source).toBe('LIVE');
    await refresh();
    expect((await run('MOVEMENT_SUMMARY', SPRING_2026)).meta.source).toBe('ROLLUP');
  });

  it('refreshing twice writes the same facts (idempotent)', async () => {
    const facts = async () => (await sql.query(`SELECT report, "periodFrom", "periodTo", facts FROM "ReportRollup" WHERE "laId" = $1 ORDER BY 1, 2, 3`, [IDS.laA])).rows;
    const first = await facts();
    await sql.query(`INSERT INTO "ReportRollupChange" ("laId", "academicYear") SELECT $1, y FROM generate_series(2021, 2026) y`, [IDS.laA]);
    await refresh();
    expect(await facts()).toEqual(first);
  });
});

describe('report rollups: the worker', () => {
  let db: TestDatabase;
  let world: World;
  let api: TestApi;
  beforeAll(async () => {
    db = await createTestDatabase();
    world = await buildWorld(db);
    await buildReportWorld(world.prisma);
    api = await startTestApi(db);
  });
  afterAll(async () => {
    await api?.close();
    await world?.close();
    await db?.drop();
  });

  it('builds missing rollups at start, then refreshes after a change made through the API', async () => {
    const source = async () => {
      const res = await api.gql(world.tokens.laOfficer, Q.MOVEMENT_SUMMARY, { p: SPRING_2026 });
      return res.data!.r as any;
    };
    expect((await source()).meta.source).toBe('LIVE');
    const workers = await startTestWorkers(db, { rollups: { intervalMs: 50, debounceMs: 0 } });
    try {
      const built = await eventually(async () => ((await source()).meta.source === 'ROLLUP' ? await source() : null), 30_000);
      expect(built?.meta.source).toBe('ROLLUP');
      const entries = built.entries.value as number;
      // A placement recorded through the GraphQL API (the real use case).
      const pupil = await addPupil(world.prisma);
      const res = await api.gql(world.tokens.laOfficer, COMMISSION, { input: placementInput(pupil.id, { startDate: '2026-03-02', plannedEndDate: '2026-04-24' }) });
      expect(res.errors).toBeUndefined();
      const after = await source();
      expect(after.meta.source).toBe('LIVE');
      expect(after.entries.value).toBe(entries + 1);
      const rebuilt = await eventually(async () => {
        const r = await source();
        return r.meta.source === 'ROLLUP' && Date.parse(r.meta.rollupRefreshedAt) > Date.parse(built.meta.rollupRefreshedAt) ? r : null;
      }, 30_000);
      expect(rebuilt?.entries.value).toBe(entries + 1);
    } finally {
      await workers.close();
    }
  });
});
