import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import type { PrismaClient } from '../../src/generated/prisma/client';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { generateScale, type GeneratedCounts } from '../../bench/generateScale';
import { createPrisma } from '../../src/db/prisma';
import { createCalendarService } from '../../src/calendar/calendarService';
import { markMissingRollups, refreshRollups } from '../../src/reports/rollups/refresh';
import { prepareReport, type ReportName } from '../../src/reports/request';
import { movementSummary } from '../../src/reports/movementSummary';
import { schoolProfile } from '../../src/reports/schoolProfile';
import { toCsv } from '../../src/reports/csv';
import { splitByMonth } from '../../src/reports/rollups/months';
import { academicYearStartYear } from '../../src/domain/academicYear';
import { addDays, fromDayNumber, toDayNumber } from '../../src/domain/dates';

/**
 * Issue 18 goal 5: a period that is not an academic year or term is answered from monthly cells (the months
 * it covers whole) plus its partial months read live, and the answer — every figure, suppressed or not, and
 * the CSV — equals the live read of the whole period — the movement summary and the school movement profile. On the benchmark's generated data (ten LAs, several
 * schools and providers each), for seeded random periods: whole months, partial months, across academic
 * years, single days; and across a write that makes a year's cells stale until the next refresh.
 */
/**
 * The bench data has no characteristic history, managed moves or inclusion bases: give one LA some, so the
 * school profile's figures that depend on them vary (characteristics that change on a day some pupils move).
 */
async function varyTheSchoolFigures(owner: pg.Client, laId: string) {
  // A third of the LA's pupils had other characteristics until a day between 2021 and 2026.
  await owner.query(
    `WITH p AS (SELECT u.*, DATE '2021-01-01' + (abs(hashtext(u."id"::text)) % 2000) AS d FROM "Pupil" u
                 WHERE u."homeLaId" = $1 AND abs(hashtext(u."id"::text)) % 3 = 0)
     INSERT INTO "PupilCharacteristicSpan" ("pupilId", "validFrom", "validUntil", "senStatus", "lookedAfter", "socialCareStatus", "fsmEligible", "ethnicityCode")
     SELECT "id", NULL, d, CASE WHEN "senStatus" = 'NONE' THEN 'SEN_SUPPORT'::"SenStatus" ELSE 'NONE' END, NOT "lookedAfter",
            CASE WHEN "socialCareStatus" = 'NONE' THEN 'CHILD_IN_NEED'::"SocialCareStatus" ELSE 'NONE' END, NOT "fsmEligible", "ethnicityCode" FROM p
     UNION ALL
     SELECT "id", d, NULL, "senStatus", "lookedAfter", "socialCareStatus", "fsmEligible", "ethnicityCode" FROM p`,
    [laId],
  );
  // Managed moves between the LA's schools, and an inclusion base at each school with spells of pupils on its roll.
  await owner.query(
    `INSERT INTO "ManagedMove" ("pupilId", "fromSchoolId", "toSchoolId", "agreedOn", "startDate", "recordedAsTrial", "automaticReturn", "admissionPriorityGiven", "receivingSchoolOversubscribed")
     SELECT e."pupilId", e."schoolId", (SELECT t."id" FROM "School" t WHERE t."laId" = $1 AND t."id" <> e."schoolId" AND t."phase" <> 'ALTERNATIVE_PROVISION' LIMIT 1),
            e."endDate" - 10, e."endDate", false, false, false, false
       FROM "Enrolment" e JOIN "School" s ON s."id" = e."schoolId"
      WHERE s."laId" = $1 AND s."phase" <> 'ALTERNATIVE_PROVISION' AND e."endDate" IS NOT NULL AND abs(hashtext(e."id"::text)) % 7 = 0`,
    [laId],
  );
  await owner.query(
    `INSERT INTO "InclusionBase" ("schoolId", "name", "kind", "openedOn")
     SELECT s."id", 'Base', 'SUPPORT_BASE', DATE '2020-09-01' FROM "School" s WHERE s."laId" = $1 AND s."phase" <> 'ALTERNATIVE_PROVISION'`,
    [laId],
  );
  await owner.query(
    `INSERT INTO "InclusionBaseSpell" ("pupilId", "baseId", "startDate", "endDate")
     SELECT e."pupilId", b."id", e."startDate" + 20, CASE WHEN abs(hashtext(e."id"::text)) % 2 = 0 THEN e."startDate" + 80 END
       FROM "Enrolment" e JOIN "InclusionBase" b ON b."schoolId" = e."schoolId" JOIN "School" s ON s."id" = e."schoolId"
      WHERE s."laId" = $1 AND abs(hashtext(e."id"::text)) % 5 = 0`,
    [laId],
  );
}

describe('reports over any period: monthly cells equal the live read', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let owner: pg.Client;
  let counts: GeneratedCounts;
  const today = new Date().toISOString().slice(0, 10);
  const calendars = () => createCalendarService(prisma);
  let seed = 18_05;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const between = (a: number, b: number) => a + Math.floor(rand() * (b - a + 1));

  beforeAll(async () => {
    db = await createTestDatabase();
    // 2,000 movements an LA: about 100 placements a year, a few a month.
    counts = await generateScale(db.ownerUrl, 20_000, () => undefined);
    prisma = createPrisma(db.appUrl);
    owner = new pg.Client({ connectionString: db.ownerUrl });
    await owner.connect();
    await varyTheSchoolFigures(owner, counts.laIds[0]!);
    await markMissingRollups(prisma, today);
    for (const laId of counts.laIds.slice(0, 2)) await refreshRollups({ prisma, calendars: calendars() }, laId, today);
  }, 240_000);
  afterAll(async () => {
    await owner?.end();
    await prisma?.$disconnect();
    await db?.drop();
  });

  const la = () => counts.laIds[0]!;
  type Filter = { schoolId?: string; phase?: 'PRIMARY' | 'SECONDARY'; providerId?: string };
  const run = async (
    report: ReportName,
    period: { from: string; to: string },
    role: 'LA_OFFICER' | 'ANALYST',
    filter: Filter = {},
  ) => {
    const actor = { userId: randomUUID(), role, laId: la() } as const;
    const deps = { prisma, calendars: calendars() };
    const req = await prepareReport(deps, actor, report, { period, filter }, today);
    const r = report === 'MOVEMENT_SUMMARY' ? await movementSummary(deps, req) : await schoolProfile(deps, req);
    const { meta, ...figures } = r;
    const csv = toCsv(report, r)
      .csv.split('\n')
      // The lines that say when and from where, which differ by design.
      .filter((l) => !/^meta,(generated|figures),/.test(l))
      .join('\n');
    return { source: meta.source, figures, csv };
  };
  /** The live read: a change pending for every year makes every cell unusable; removed again afterwards. */
  const live = async <T>(fn: () => Promise<T>): Promise<T> => {
    const ids = (
      await owner.query(
        `INSERT INTO "ReportRollupChange" ("laId", "academicYear") SELECT $1, y FROM generate_series(2010, 2030) y RETURNING id`,
        [la()],
      )
    ).rows.map((r) => r.id as string);
    try {
      return await fn();
    } finally {
      await owner.query(`DELETE FROM "ReportRollupChange" WHERE id = ANY($1::bigint[])`, [ids]);
    }
  };
  /** Each report's answer for the period, exact and suppressed, figures and CSV, against the live read; the sources. */
  const compareBoth = async (period: { from: string; to: string }) => {
    const sources = { MOVEMENT_SUMMARY: '', SCHOOL_MOVEMENT_PROFILE: '' };
    for (const report of ['MOVEMENT_SUMMARY', 'SCHOOL_MOVEMENT_PROFILE'] as const)
      for (const role of ['LA_OFFICER', 'ANALYST'] as const) {
        const composed = await run(report, period, role);
        const read = await live(() => run(report, period, role));
        expect(read.source).toBe('LIVE');
        expect(composed.figures, `${report} ${period.from}..${period.to} ${role}`).toEqual(read.figures);
        expect(composed.csv, `${report} ${period.from}..${period.to} ${role} CSV`).toBe(read.csv);
        expect(composed.source, `${report} ${period.from}..${period.to}: one source for both roles`).toBe(
          sources[report] || composed.source,
        );
        sources[report] = composed.source;
      }
    return sources;
  };
  /** The source when both reports come from the same place (the usual case). */
  const compare = async (period: { from: string; to: string }) => {
    const s = await compareBoth(period);
    expect(s.SCHOOL_MOVEMENT_PROFILE, `${period.from}..${period.to}`).toBe(s.MOVEMENT_SUMMARY);
    return s.MOVEMENT_SUMMARY;
  };

  // Dates the generated data covers (2020-21 to autumn 2026).
  const FIRST = toDayNumber('2020-09-01');
  const LAST = toDayNumber('2026-11-30');
  const monthStart = (n: number) => fromDayNumber(n).slice(0, 8) + '01';
  const monthEndOf = (d: string) => addDays(`${addDays(`${d.slice(0, 8)}28`, 4).slice(0, 8)}01`, -1);

  it('composes seeded random periods (whole months, partial months, across years, one day) exactly as the live read, exact and suppressed', async () => {
    const periods: { from: string; to: string }[] = [
      { from: '2024-09-02', to: '2025-08-29' }, // the benchmark's ad hoc period
      { from: '2025-10-01', to: '2026-02-14' }, // the issue's example
      { from: '2023-03-01', to: '2023-03-31' }, // one whole month
      { from: '2023-03-15', to: '2023-03-15' }, // one day: no whole month, read live
    ];
    for (let i = 0; i < 10; i++) {
      // Whole months, possibly several years.
      const a = monthStart(between(FIRST, LAST - 400));
      periods.push({ from: a, to: monthEndOf(addDays(a, between(0, 700))) });
    }
    for (let i = 0; i < 14; i++) {
      // Any days: partial months at either end, often across academic years.
      const a = between(FIRST, LAST - 30);
      periods.push({ from: fromDayNumber(a), to: fromDayNumber(a + between(0, 900)) });
    }
    const sources = new Map<string, number>();
    for (const p of periods) {
      const source = await compare(p);
      const { months } = splitByMonth(p);
      // Whole months up to the current academic year come from cells; a period with none, or reaching into a
      // year with no cells yet, is read live.
      const kept = months.length > 0 && academicYearStartYear(months.at(-1)!) <= academicYearStartYear(today);
      expect(source, `${p.from}..${p.to}`).toBe(kept ? 'ROLLUP' : 'LIVE');
      sources.set(source, (sources.get(source) ?? 0) + 1);
    }
    expect(sources.get('ROLLUP')).toBeGreaterThanOrEqual(20);
    // Not vacuous: the data has pupils moved twice from one school, first moves on dates their characteristics
    // changed around, managed moves and inclusion-base pupils.
    const facts = (
      await owner.query(
        `SELECT count(*) FILTER (WHERE x->>'prev' IS NOT NULL)::int AS again, count(*)::int AS all
           FROM "ReportRollupMonth" m, jsonb_array_elements(m.facts->'movesByPrevious') x
          WHERE m."laId" = $1 AND m.report = 'SCHOOL_MOVEMENT_PROFILE'`,
        [la()],
      )
    ).rows[0] as { again: number; all: number };
    expect(facts.again).toBeGreaterThan(10);
    expect(facts.all).toBeGreaterThan(facts.again);
    // The school profile's school and phase filters only choose rows, so it is composed with them too; a
    // provider filter changes what is counted and is read live.
    const schoolId = counts.schoolIdsByLa[la()]![0]!;
    for (const [filter, source] of [
      [{ schoolId }, 'ROLLUP'],
      [{ phase: 'SECONDARY' }, 'ROLLUP'],
      [{ providerId: counts.providerIdsByLa[la()]![0]! }, 'LIVE'],
    ] as const)
      for (const p of periods.slice(0, 6))
        for (const role of ['LA_OFFICER', 'ANALYST'] as const) {
          const composed = await run('SCHOOL_MOVEMENT_PROFILE', p, role, filter);
          const read = await live(() => run('SCHOOL_MOVEMENT_PROFILE', p, role, filter));
          const label = `${JSON.stringify(filter)} ${p.from}..${p.to} ${role}`;
          expect(composed.figures, label).toEqual(read.figures);
          expect(composed.csv, label).toBe(read.csv);
          const { months } = splitByMonth(p);
          const kept = months.length > 0 && academicYearStartYear(months.at(-1)!) <= academicYearStartYear(today);
          expect(composed.source, label).toBe(kept ? source : 'LIVE');
        }
  }, 400_000);

  it('a write makes its year’s monthly cells stale: the answer is live and includes it, and after the refresh composed again', async () => {
    const period = { from: '2024-10-10', to: '2025-11-20' }; // across 2024-25 and 2025-26
    expect(await compare(period)).toBe('ROLLUP');
    const before = await run('MOVEMENT_SUMMARY', period, 'LA_OFFICER');
    // A placement in a whole month of 2024-25, written as any write is (the triggers mark its years).
    const [p] = (
      await owner.query(
        `SELECT u."id" AS "pupilId", (SELECT v."id" FROM "Provider" v WHERE v."laId" = $1 LIMIT 1) AS "providerId"
           FROM "Pupil" u WHERE u."homeLaId" = $1
            AND NOT EXISTS (SELECT 1 FROM "Placement" x WHERE x."pupilId" = u."id" AND x."startDate" <= '2025-03-03'
                              AND (x."endDate" IS NULL OR x."endDate" >= '2025-01-15'))
          LIMIT 1`,
        [la()],
      )
    ).rows;
    await owner.query(
      `INSERT INTO "Placement" ("id", "pupilId", "providerId", "laId", "commissionerKind", "reason", "legalBasis", "tier", "startDate", "plannedEndDate", "endDate", "destination",
                                "hoursPerWeek", "registration", "objectives", "reintegrationPlan", "registrationConfirmed", "nextReviewDue", "settingType", "status")
       VALUES ($1, $2, $3, $4, 'LA', 'HEALTH_NEEDS', 'S19_HEALTH', 'TIER_2_TIME_LIMITED', '2025-01-15', '2025-04-08', '2025-03-03', 'MAINSTREAM_SCHOOL',
               25, 'SINGLE_REGISTERED_AT_AP', 'x', 'y', true, '2025-02-26', 'OTH', 'ENDED')`,
      [randomUUID(), p.pupilId, p.providerId, la()],
    );
    const pending = (
      await owner.query(`SELECT DISTINCT "academicYear" AS y FROM "ReportRollupChange" WHERE "laId" = $1 ORDER BY 1`, [
        la(),
      ])
    ).rows.map((r) => r.y as number);
    expect(pending).toContain(2024);
    // Stale: read live, and the new entry and exit are in it.
    expect(await compare(period)).toBe('LIVE');
    const after = await run('MOVEMENT_SUMMARY', period, 'LA_OFFICER');
    const total = (r: typeof before, k: 'entries' | 'exits') =>
      ((r.figures as Record<string, unknown>)[k] as { value: number }).value;
    expect(total(after, 'entries')).toBe(total(before, 'entries') + 1);
    expect(total(after, 'exits')).toBe(total(before, 'exits') + 1);
    // A period resting only on a year with nothing pending is still composed.
    if (!pending.includes(2022)) expect(await compare({ from: '2022-11-03', to: '2023-02-27' })).toBe('ROLLUP');
    // A later year's movement summary is still composed; its school profile is not, since whether a move is its
    // pupil's first rests on the moves before it (restsOnEarlierYears).
    if (!pending.includes(2025))
      expect(await compareBoth({ from: '2025-10-01', to: '2026-02-14' })).toEqual({
        MOVEMENT_SUMMARY: 'ROLLUP',
        SCHOOL_MOVEMENT_PROFILE: 'LIVE',
      });
    // After the refresh: composed from the rebuilt cells, with the write.
    await refreshRollups({ prisma, calendars: calendars() }, la(), today);
    expect(await compare(period)).toBe('ROLLUP');
    expect((await run('MOVEMENT_SUMMARY', period, 'LA_OFFICER')).figures).toEqual(after.figures);
    expect(await compare({ from: '2025-10-01', to: '2026-02-14' })).toBe('ROLLUP');
  }, 240_000);

  it('the refresh keeps a cell for every month of every kept year, and markMissingRollups restores a missing one', async () => {
    const months = async () =>
      (
        await owner.query(
          `SELECT count(*)::int AS n, min("month")::text AS first FROM "ReportRollupMonth" WHERE "laId" = $1 AND report = 'MOVEMENT_SUMMARY'`,
          [la()],
        )
      ).rows[0] as { n: number; first: string };
    const built = await months();
    // From the LA's first record (registrations go back before the placements) or ten years back.
    const first = academicYearStartYear(built.first);
    expect(first).toBe(Math.max(academicYearStartYear(today) - 10, first));
    expect(built.first).toBe(`${first}-09-01`);
    expect(built.n).toBe(12 * (academicYearStartYear(today) - first + 1));
    await owner.query(`DELETE FROM "ReportRollupMonth" WHERE "laId" = $1 AND "month" = '2023-01-01'`, [la()]);
    // Until rebuilt, a period needing that month is read live (and still right).
    expect(await compare({ from: '2022-12-20', to: '2023-02-10' })).toBe('LIVE');
    expect(await markMissingRollups(prisma, today)).toBeGreaterThan(0);
    await refreshRollups({ prisma, calendars: calendars() }, la(), today);
    expect(await months()).toEqual(built);
    expect(await compare({ from: '2022-12-20', to: '2023-02-10' })).toBe('ROLLUP');
  }, 120_000);
});
