import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import pg from 'pg';
import { QueueEvents } from 'bullmq';
import { addPupil, IDS, type World } from '../support/fixtures';
import { COMMISSION, placementInput } from '../support/movements';
import { buildReportWorld, place, Q, SPRING_2026 } from '../support/reports';
import { useApiWorld } from '../support/apiWorld';
import { eventually, startTestWorkers } from '../support/workers';
import { createCalendarService } from '../../src/calendar/calendarService';
import { markMissingRollups, refreshRollups } from '../../src/reports/rollups/refresh';
import { QUEUES } from '../../src/jobs/registry';
import { redisConnection } from '../../workers/connection';
import { testEnv } from '../support/env';

/**
 * Report rollups (src/reports/rollups, migration 20261123000000_report_rollups): the period reports
 * answered from a cell per LA and standard period, which triggers mark stale on every change they rest
 * on. The figures must be the live ones, always.
 */
const YEAR_2025 = { academicYear: '2025-26' };
const today = () => new Date().toISOString().slice(0, 10);
/** The current academic year's start year, as the triggers and the refresh see it. */
const current = () => Number(today().slice(0, 4)) - (Number(today().slice(5, 7)) < 9 ? 1 : 0);
const CURRENT_YEAR = () => ({ academicYear: `${current()}-${String((current() + 1) % 100).padStart(2, '0')}` });
/** Start years from `from` to the current one. */
const yearsFrom = (from: number) => Array.from({ length: Math.max(0, current() - from + 1) }, (_, i) => from + i);
const PERIOD_REPORTS = [
  'MOVEMENT_SUMMARY',
  'STAY_LENGTHS',
  'REINTEGRATION',
  'SCHOOL_MOVEMENT_PROFILE',
  'PROVIDER_SCORECARD',
] as const;
type PeriodReport = (typeof PERIOD_REPORTS)[number];

describe('report rollups', () => {
  const ctx = useApiWorld({
    setup: async (world) => ({ rw: await buildReportWorld(world.prisma) }),
  });
  let sql: pg.Client;
  const calendars = () => createCalendarService(ctx.world.prisma);
  const refresh = (laId: string = IDS.laA) =>
    refreshRollups({ prisma: ctx.world.prisma, calendars: calendars() }, laId, today());
  const pending = async (laId: string = IDS.laA) =>
    (
      await sql.query(`SELECT DISTINCT "academicYear" AS y FROM "ReportRollupChange" WHERE "laId" = $1 ORDER BY 1`, [
        laId,
      ])
    ).rows.map((r) => r.y as number);

  beforeAll(async () => {
    sql = new pg.Client({ connectionString: ctx.db.ownerUrl });
    await sql.connect();
  });
  afterAll(async () => {
    await sql?.end();
  });
  // Each test starts from up-to-date rollups for both LAs.
  beforeEach(async () => {
    await markMissingRollups(ctx.world.prisma, today());
    await refresh(IDS.laA);
    await refresh(IDS.laB);
    expect(await pending(IDS.laA)).toEqual([]);
  });

  const run = async (
    report: PeriodReport,
    p: Record<string, unknown>,
    f?: Record<string, unknown>,
    who: keyof World['tokens'] = 'laOfficer',
  ) => {
    const res = await ctx.api.gql(ctx.world.tokens[who], Q[report], { p, f });
    expect(res.errors).toBeUndefined();
    return res.data!.r as any;
  };
  const withoutMeta = ({ meta: _m, ...rest }: any) => rest;
  /** Marks a year changed by hand (as a trigger would), so the next read is live. */
  const forceLive = (year = 2025) =>
    sql.query(`INSERT INTO "ReportRollupChange" ("laId", "academicYear") VALUES ($1, $2)`, [IDS.laA, year]);

  it('the first build covers each year from the LA’s first record to the current one: the year and its three terms, every period report', async () => {
    const cells = (
      await sql.query(
        `SELECT report, "periodFrom"::text AS f, "periodTo"::text AS t, "asOf"::text AS "asOf" FROM "ReportRollup" WHERE "laId" = $1 ORDER BY 2, 3, 1`,
        [IDS.laA],
      )
    ).rows;
    const years = [...new Set(cells.map((c) => c.f.slice(0, 4)))];
    // The world's first registration is 1 September 2021; the current year is today's.
    expect(years[0]).toBe('2021');
    // Four periods a year for every period report, except terms of the current year not yet begun (read live).
    const perYear = (y: number) => cells.filter((c) => c.f >= `${y}-09-01` && c.f < `${y + 1}-09-01`);
    for (const y of yearsFrom(2021).slice(0, -1)) expect(perYear(y).length).toBe(4 * PERIOD_REPORTS.length);
    const thisYear = perYear(current());
    expect(thisYear.filter((c) => c.f === `${current()}-09-01` && c.t === `${current() + 1}-08-31`).length).toBe(
      PERIOD_REPORTS.length,
    );
    for (const c of thisYear) expect(c.f <= today()).toBe(true);
    expect(new Set(cells.map((c) => c.report))).toEqual(new Set(PERIOD_REPORTS));
    // Measured to the period end, or today for a period still running.
    for (const c of cells) expect(c.asOf).toBe(c.t < today() ? c.t : today());
    // 2025-26 on Sheffield's calendar: the terms tile the year (reports.test.ts checks the spring bounds).
    expect(
      cells
        .filter((c) => c.f >= '2025-09-01' && c.t <= '2026-08-31' && c.report === 'MOVEMENT_SUMMARY')
        .map((c) => [c.f, c.t]),
    ).toEqual([
      ['2025-09-01', '2026-01-04'],
      ['2025-09-01', '2026-08-31'],
      ['2026-01-05', '2026-04-12'],
      ['2026-04-13', '2026-08-31'],
    ]);
  });

  it('an academic year or term, past or current, is answered from the rollup with the same figures as the live read (hand-counted spring figures)', async () => {
    for (const report of PERIOD_REPORTS) {
      for (const p of [SPRING_2026, YEAR_2025, CURRENT_YEAR()]) {
        const rolled = await run(report, p);
        expect(rolled.meta.source).toBe('ROLLUP');
        expect(Date.parse(rolled.meta.rollupRefreshedAt)).toBeLessThanOrEqual(Date.now());
        await forceLive(Number(p.academicYear.slice(0, 4)));
        const live = await run(report, p);
        expect(live.meta).toMatchObject({ source: 'LIVE', rollupRefreshedAt: null });
        expect(withoutMeta(rolled)).toEqual(withoutMeta(live));
        await refresh();
      }
    }
    // The hand-counted spring reintegration figures of reports.test.ts, now from the rollup.
    const reint = await run('REINTEGRATION', SPRING_2026);
    expect(reint.meta.source).toBe('ROLLUP');
    expect(
      [reint.total.attempted, reint.total.sustained, reint.total.brokenDown, reint.total.pending].map(
        (c: any) => c.value,
      ),
    ).toEqual([3, 1, 1, 1]);
    // The hand-counted spring figures of reports.test.ts, now from the rollup.
    const r = await run('MOVEMENT_SUMMARY', SPRING_2026);
    expect(r.meta.source).toBe('ROLLUP');
    expect([r.entries, r.exits, r.transfersIn, r.newToAp, r.pupilsEntering].map((c: any) => c.value)).toEqual([
      5, 4, 1, 4, 4,
    ]);
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
    expect((await run('STAY_LENGTHS', SPRING_2026, { providerId: IDS.pru })).meta.source).toBe('LIVE');
    // Reintegration counts carry provider and receiving school, so every filter is answered from the cell...
    const reint = await run('REINTEGRATION', SPRING_2026, { providerId: IDS.pru, phase: 'SECONDARY' });
    expect(reint.meta.source).toBe('ROLLUP');
    await forceLive();
    // ...with the live figures.
    expect(withoutMeta(await run('REINTEGRATION', SPRING_2026, { providerId: IDS.pru, phase: 'SECONDARY' }))).toEqual(
      withoutMeta(reint),
    );
    await refresh();
    // The scorecard is per provider: a provider filter chooses rows; a school filter changes the counts.
    const own = await run('PROVIDER_SCORECARD', SPRING_2026, undefined, 'pruStaff');
    expect(own.meta.source).toBe('ROLLUP');
    expect(own.providers.map((p: any) => p.providerId)).toEqual([IDS.pru]);
    expect((await run('PROVIDER_SCORECARD', SPRING_2026, { schoolId: IDS.secondaryA })).meta.source).toBe('LIVE');
    // A period that is not an academic year or term has no cell of its own: read live, except the movement
    // summary over a period covering a whole month, composed from monthly cells (issue 18 goal 5).
    const adHoc = { from: '2026-01-05', to: '2026-04-11' };
    expect((await run('STAY_LENGTHS', adHoc)).meta.source).toBe('LIVE');
    expect((await run('MOVEMENT_SUMMARY', { from: '2026-01-05', to: '2026-01-30' })).meta.source).toBe('LIVE');
    const composed = await run('MOVEMENT_SUMMARY', adHoc);
    expect(composed.meta.source).toBe('ROLLUP');
    // The CSV says where its figures came from.
    const csv = await ctx.api.gql(
      ctx.world.tokens.laOfficer,
      `query($p: ReportPeriodInput) { reportCsv(report: MOVEMENT_SUMMARY, period: $p) { csv } }`,
      { p: SPRING_2026 },
    );
    expect((csv.data as any).reportCsv.csv).toMatch(/^meta,figures,,source,ROLLUP,/m);
    // The composed movement summary of the hand-built world equals its live read.
    await forceLive();
    const live = await run('MOVEMENT_SUMMARY', adHoc);
    expect(live.meta.source).toBe('LIVE');
    expect(withoutMeta(composed)).toEqual(withoutMeta(live));
    await refresh();
  });

  it('a new placement marks its year; the report reads live with it at once, and from the rollup again after the refresh', async () => {
    const before = await run('MOVEMENT_SUMMARY', SPRING_2026);
    await place(ctx.world.prisma, {
      pupilId: ctx.rw.pupils.P4!,
      providerId: IDS.pru,
      school: IDS.secondaryA,
      reason: 'SUSPENSION_OVER_FIVE_DAYS',
      legalBasis: 'SCHOOL_DAY_SIX_SUSPENSION',
      tier: 'TIER_2_TIME_LIMITED',
      start: '2026-02-02',
      plannedEnd: '2026-02-20',
      hours: 10,
    });
    // Still open: every year from its start to the current one.
    expect(await pending()).toEqual(yearsFrom(2025));
    const live = await run('MOVEMENT_SUMMARY', SPRING_2026);
    expect(live.meta.source).toBe('LIVE');
    expect(live.entries.value).toBe(before.entries.value + 1);
    // Another LA's cells are untouched.
    expect(await pending(IDS.laB)).toEqual([]);
    const result = await refresh();
    expect(result.years).toEqual(yearsFrom(2025));
    // The periods resting on those years (four a year, those begun by today), every period report.
    const begun = (
      await sql.query(
        `SELECT count(DISTINCT ("periodFrom", "periodTo"))::int AS n FROM "ReportRollup" WHERE "laId" = $1 AND "periodFrom" >= '2025-09-01'`,
        [IDS.laA],
      )
    ).rows[0].n;
    expect(result.cells).toBe(begun * PERIOD_REPORTS.length);
    const after = await run('MOVEMENT_SUMMARY', SPRING_2026);
    expect(after.meta.source).toBe('ROLLUP');
    expect(withoutMeta(after)).toEqual(withoutMeta(live));
  });

  it('a review marks the years from it to the placement’s end (reviews on time); the scorecard follows', async () => {
    // 3a: 19 Jan – 17 Apr 2026.
    await ctx.world.prisma.placementReview.create({
      data: {
        placementId: ctx.rw.placements['3a']!,
        reviewDate: new Date('2026-03-20'),
        outcome: 'CONTINUE',
        notes: 'ok',
      },
    });
    expect(await pending()).toEqual([2025]);
    const live = await run('PROVIDER_SCORECARD', SPRING_2026);
    expect(live.meta.source).toBe('LIVE');
    await refresh();
    expect(withoutMeta(await run('PROVIDER_SCORECARD', SPRING_2026))).toEqual(withoutMeta(live));
  });

  it('writes that change nothing a rollup holds mark nothing: new hours, a review date due, a name, a school’s number on roll, a flag', async () => {
    const placement = ctx.rw.placements['1b']!;
    await ctx.world.prisma.placement.update({
      where: { id: placement },
      data: { hoursPerWeek: 8, nextReviewDue: new Date('2026-04-20') },
    });
    await ctx.world.prisma.pupil.update({ where: { id: ctx.rw.pupils.P1! }, data: { firstName: 'Renamed' } });
    await ctx.world.prisma.school.update({ where: { id: IDS.secondaryA }, data: { numberOnRoll: 1234 } });
    await ctx.world.prisma.flag.create({
      data: {
        ruleId: 'T9',
        outcome: 'x',
        severity: 'CRIT',
        subjectType: 'PROVIDER',
        subjectId: IDS.pru,
        laId: IDS.laA,
        providerId: IDS.pru,
        title: 'Test flag',
        evidence: {},
        configVersion: 't',
        status: 'OPEN',
      },
    });
    expect(await pending()).toEqual([]);
    // Flags open now are read live beside the rolled-up scorecard.
    const card = await run('PROVIDER_SCORECARD', SPRING_2026, { providerId: IDS.pru });
    expect(card.meta.source).toBe('ROLLUP');
    expect(card.providers[0].openFlags.find((f: any) => f.severity === 'CRIT').count.value).toBe(1);
    // The number on roll is read live, so the rate moves although the cell did not.
    const r = await run('SCHOOL_MOVEMENT_PROFILE', SPRING_2026, { schoolId: IDS.secondaryA });
    expect(r.meta.source).toBe('ROLLUP');
    expect(r.schools[0].numberOnRoll).toBe(1234);
  });

  it('a pupil’s characteristics mark every year they moved or were on a roll; the school profile follows', async () => {
    // P3: on Hillside's roll 2021-09-01 to 2026-01-16; placement 3a 2026-01-19 to 2026-04-17.
    await ctx.world.prisma.pupil.update({ where: { id: ctx.rw.pupils.P3! }, data: { senStatus: 'EHCP' } });
    expect(await pending()).toEqual([2021, 2022, 2023, 2024, 2025]);
    const live = await run('SCHOOL_MOVEMENT_PROFILE', SPRING_2026, { schoolId: IDS.secondaryA });
    expect(live.meta.source).toBe('LIVE');
    await refresh();
    const rolled = await run('SCHOOL_MOVEMENT_PROFILE', SPRING_2026, { schoolId: IDS.secondaryA });
    expect(rolled.meta.source).toBe('ROLLUP');
    expect(withoutMeta(rolled)).toEqual(withoutMeta(live));
  });

  it('a characteristics history (spans) marks the pupil’s years even when today’s values stay as they are', async () => {
    // P4: on Hillside's roll since 1 Sep 2022 (open); placement 4a from 13 Apr 2026 (open).
    await ctx.world.prisma.pupilCharacteristicSpan.create({
      data: {
        pupilId: ctx.rw.pupils.P4!,
        validFrom: null,
        validUntil: new Date('2024-01-01'),
        senStatus: 'SEN_SUPPORT',
        lookedAfter: false,
        socialCareStatus: 'NONE',
        fsmEligible: true,
        ethnicityCode: 'WBRI',
      },
    });
    expect(await pending()).toEqual(yearsFrom(2022));
    expect(await ctx.world.prisma.pupil.findUniqueOrThrow({ where: { id: ctx.rw.pupils.P4! } })).toMatchObject({
      senStatus: 'NONE',
    });
    await refresh();
    await ctx.world.prisma.pupilCharacteristicSpan.deleteMany({ where: { pupilId: ctx.rw.pupils.P4! } });
    expect(await pending()).toEqual(yearsFrom(2022));
  });

  it('registrations: a new one marks every year it spans; ending one marks only the years from its end', async () => {
    const e = await ctx.world.prisma.enrolment.create({
      data: {
        pupilId: ctx.rw.pupils.P7!,
        schoolId: IDS.secondaryA,
        registration: 'SINGLE',
        startDate: new Date('2024-01-08'),
      },
    });
    // Still open: up to the current year (rollups are built to it).
    expect(await pending()).toEqual(yearsFrom(2023));
    await refresh();
    await ctx.world.prisma.enrolment.update({
      where: { id: e.id },
      data: { endDate: new Date('2026-03-06'), endCategory: 'MOVED_AWAY' },
    });
    expect(await pending()).toEqual(yearsFrom(2025));
    await refresh();
    await ctx.world.prisma.enrolment.delete({ where: { id: e.id } });
    expect(await pending()).toEqual([2023, 2024, 2025]);
  });

  it('exclusions, a school’s phase and loaded term dates mark their years', async () => {
    await ctx.world.prisma.exclusion.create({
      data: {
        pupilId: ctx.rw.pupils.P4!,
        schoolId: IDS.secondaryA,
        kind: 'PERMANENT',
        startDate: new Date('2024-11-04'),
        reasonCategory: 'BULLYING',
        academicYear: '2024-25',
        governorOutcome: 'PENDING',
      },
    });
    expect(await pending()).toEqual([2024]);
    await refresh();
    await ctx.world.prisma.school.update({ where: { id: IDS.primaryA }, data: { phase: 'ALL_THROUGH' } });
    const years = await pending();
    expect(years.length).toBeGreaterThan(3); // every year with cells
    await refresh();
    await ctx.world.prisma.school.update({ where: { id: IDS.primaryA }, data: { phase: 'PRIMARY' } });
    await refresh();
    const t = await ctx.world.prisma.termDates.findFirstOrThrow({ where: { laId: IDS.laA } });
    await ctx.world.prisma.termDates.update({ where: { id: t.id }, data: { source: 'reloaded' } });
    // That year and every later one: stays are counted in school days on the calendar.
    expect(await pending()).toEqual(yearsFrom(Number(t.academicYear.slice(0, 4))));
  });

  it('reintegration outcomes mark their start year', async () => {
    const r = await ctx.world.prisma.reintegration.findFirstOrThrow({
      where: { placementId: ctx.rw.placements['8a'] },
    });
    await ctx.world.prisma.reintegration.update({ where: { id: r.id }, data: { status: 'SUSTAINED' } });
    expect(await pending()).toEqual([2025]);
  });

  it('a cell measured as of an earlier day is not used; the sweep marks it and the refresh measures it to today', async () => {
    const p = CURRENT_YEAR();
    await sql.query(
      `UPDATE "ReportRollup" SET "asOf" = "asOf" - 1 WHERE "laId" = $1 AND report = 'STAY_LENGTHS' AND "periodFrom" = make_date($2, 9, 1) AND "periodTo" = make_date($2 + 1, 8, 31)`,
      [IDS.laA, current()],
    );
    expect((await run('STAY_LENGTHS', p)).meta.source).toBe('LIVE');
    // Reports that do not depend on the date are still served.
    expect((await run('MOVEMENT_SUMMARY', p)).meta.source).toBe('ROLLUP');
    await markMissingRollups(ctx.world.prisma, today());
    expect(await pending()).toEqual([current()]);
    await refresh();
    const r = await run('STAY_LENGTHS', p);
    expect(r.meta.source).toBe('ROLLUP');
    expect(r.asOf).toBe(today());
  });

  it('a change committed while a refresh runs is not consumed: the cells it touches stay stale until the next refresh', async () => {
    const other = new pg.Client({ connectionString: ctx.db.ownerUrl });
    await other.connect();
    try {
      await other.query('BEGIN');
      await other.query(`UPDATE "Pupil" SET "fsmEligible" = NOT "fsmEligible" WHERE id = $1`, [ctx.rw.pupils.P5]);
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
    const facts = async () =>
      (
        await sql.query(
          `SELECT report, "periodFrom", "periodTo", facts FROM "ReportRollup" WHERE "laId" = $1 ORDER BY 1, 2, 3`,
          [IDS.laA],
        )
      ).rows;
    const first = await facts();
    await sql.query(
      `INSERT INTO "ReportRollupChange" ("laId", "academicYear") SELECT $1, y FROM generate_series(2021, $2) y`,
      [IDS.laA, current()],
    );
    await refresh();
    expect(await facts()).toEqual(first);
  });
});

describe('report rollups: the worker', () => {
  const ctx = useApiWorld({
    setup: async (world) => {
      await buildReportWorld(world.prisma);
    },
  });

  it('builds missing rollups at start, then refreshes after a change made through the API', async () => {
    const source = async () => {
      const res = await ctx.api.gql(ctx.world.tokens.laOfficer, Q.MOVEMENT_SUMMARY, { p: SPRING_2026 });
      return res.data!.r as any;
    };
    expect((await source()).meta.source).toBe('LIVE');
    const workers = await startTestWorkers(ctx.db, { rollups: { intervalMs: 50, debounceMs: 0 } });
    try {
      // Bounds are generous: building every year's rollups takes tens of seconds on a loaded 2-core machine.
      const built = await eventually(
        async () => ((await source()).meta.source === 'ROLLUP' ? await source() : null),
        120_000,
        100,
        'rollups built',
      );
      expect(built.meta.source).toBe('ROLLUP');
      const entries = built.entries.value as number;
      // A placement recorded through the GraphQL API (the real use case).
      const pupil = await addPupil(ctx.world.prisma);
      const res = await ctx.api.gql(ctx.world.tokens.laOfficer, COMMISSION, {
        input: placementInput(pupil.id, { startDate: '2026-03-02', plannedEndDate: '2026-04-24' }),
      });
      expect(res.errors).toBeUndefined();
      const after = await source();
      expect(after.meta.source).toBe('LIVE');
      expect(after.entries.value).toBe(entries + 1);
      const rebuilt = await eventually(
        async () => {
          const r = await source();
          return r.meta.source === 'ROLLUP' &&
            Date.parse(r.meta.rollupRefreshedAt) > Date.parse(built.meta.rollupRefreshedAt)
            ? r
            : null;
        },
        120_000,
        100,
        'rollups rebuilt after the change',
      );
      expect(rebuilt.entries.value).toBe(entries + 1);
    } finally {
      await workers.close();
    }
  }, 300_000);

  it('a refresh that keeps failing is retried after a growing wait, not on every poll; it resumes once it can succeed', async () => {
    const owner = new pg.Client({ connectionString: ctx.db.ownerUrl });
    await owner.connect();
    const prefix = `fail${ctx.db.name.slice(-6)}`;
    const redis = redisConnection(testEnv().redisUrl);
    const events = new QueueEvents(QUEUES.reports, { connection: redis, prefix });
    const failedAt: number[] = [];
    events.on('failed', ({ jobId }) => {
      if (jobId === `rollups-${IDS.laA}`) failedAt.push(Date.now());
    });
    await events.waitUntilReady();
    // The app role may no longer write cells, so every refresh of the LA fails at its first write.
    await owner.query(`REVOKE INSERT, UPDATE ON "ReportRollup" FROM ap_app_role`);
    await owner.query(`INSERT INTO "ReportRollupChange" ("laId", "academicYear") VALUES ($1, $2)`, [
      IDS.laA,
      current(),
    ]);
    // Polled every 20 ms: without the wait, four failed refreshes come within a few polls; with it the
    // waits after the first three failures are 0.3, 0.6 and 1.2 s. A poll already on its way when a
    // refresh fails may still add one attempt at once, so at least two of those waits (0.3 + 0.6 s)
    // separate the first failure from the fourth. Counted by events, not by a fixed sleep.
    const workers = await startTestWorkers(ctx.db, {
      prefix,
      rollups: { intervalMs: 20, debounceMs: 0, failureBackoffMs: 300, maxFailureBackoffMs: 1200 },
    });
    try {
      await eventually(async () => failedAt.length >= 4, 60_000, 20, 'four failed refreshes');
      const [first, , , fourth] = failedAt as [number, number, number, number];
      expect(fourth - first).toBeGreaterThanOrEqual(900 - 50);
      const gaps = failedAt.slice(1, 4).map((t, i) => t - failedAt[i]!);
      expect(gaps.filter((g) => g >= 250).length).toBeGreaterThanOrEqual(2);
      const pending = async () =>
        Number(
          (await owner.query(`SELECT count(*) FROM "ReportRollupChange" WHERE "laId" = $1`, [IDS.laA])).rows[0].count,
        );
      expect(await pending()).toBeGreaterThan(0);
      await owner.query(`GRANT INSERT, UPDATE ON "ReportRollup" TO ap_app_role`);
      await eventually(async () => (await pending()) === 0, 60_000, 100, 'the refresh resumed');
    } finally {
      await workers.close();
      await owner.query(`GRANT INSERT, UPDATE ON "ReportRollup" TO ap_app_role`);
      await owner.end();
      await events.close();
      redis.disconnect();
    }
  }, 180_000);
});
