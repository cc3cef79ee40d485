import type { PrismaClient } from '../../generated/prisma/client';
import type { CalendarService } from '../../calendar/calendarService';
import { academicYearLabel, academicYearStartYear } from '../../domain/academicYear';
import { resolvePeriod, type Period, type TermName } from '../period';
import { asOfFor } from '../request';
import { ROLLUPS } from './catalogue';
import { restsOnYears, writeRollup } from './store';
import { monthPeriod, monthsOfAcademicYear, oneAtATime, writeMonthCell } from './months';

/** Rollups are kept for the current academic year and the ten before it; older periods are read live. */
export const ROLLUP_YEARS_KEPT = 10;
const TERMS: TermName[] = ['AUTUMN', 'SPRING', 'SUMMER'];
const NO_FILTER = { providerId: null, schoolId: null, phase: null };
/** The reports that also keep a cell per calendar month (rollups/months.ts). */
const MONTHLY = ROLLUPS.filter((r) => r.monthly);

export interface RefreshResult {
  /** Academic years (start years) whose pending changes were consumed. */
  years: number[];
  /** Cells written (periods × reports). */
  cells: number;
  /** Monthly cells written (months × reports with monthly cells). */
  monthCells: number;
}

/** The standard periods of an academic year: the year and its three terms on the LA's calendar. */
export function standardPeriods(startYear: number, cal: Parameters<typeof resolvePeriod>[1]): Period[] {
  const academicYear = academicYearLabel(startYear);
  return [resolvePeriod({ academicYear }, cal), ...TERMS.map((term) => resolvePeriod({ academicYear, term }, cal))];
}

/**
 * Brings one LA's rollups up to date: every standard period resting on an academic year with pending
 * changes is recomputed with the reports' own live queries, and those changes are consumed. All in one
 * REPEATABLE READ transaction, so the facts and the consumed changes come from the same snapshot: a
 * change committed meanwhile is not consumed and keeps the cells it touches stale until the next run.
 * Idempotent: running it twice writes the same facts.
 */
export async function refreshRollups(
  deps: { prisma: PrismaClient; calendars: CalendarService },
  laId: string,
  today: string,
): Promise<RefreshResult> {
  // Term cells follow the LA's calendar: read it afresh, since term dates may just have been loaded.
  deps.calendars.invalidate(laId);
  const calendarBefore = await termDatesFingerprint(deps.prisma, laId);
  const cal = await deps.calendars.calendarFor(laId);
  const current = academicYearStartYear(today);
  return deps.prisma.$transaction(
    async (tx) => {
      const pending = (
        await tx.$queryRaw<{ y: number }[]>`
      SELECT DISTINCT "academicYear" AS y FROM "ReportRollupChange" WHERE "laId" = ${laId}::uuid`
      ).map((r) => r.y);
      if (pending.length === 0) return { years: [], cells: 0, monthCells: 0 };
      // The calendar was read outside this snapshot: if term dates changed in between, give up (nothing is
      // consumed) and let the next run use the new ones.
      if ((await termDatesFingerprint(tx, laId)) !== calendarBefore)
        throw new Error('term dates changed while refreshing; will retry');
      // A change in year y touches the cells of years y..y+2 (see restsOnYears); only kept years are built.
      const years = new Set<number>();
      for (const y of pending)
        for (let c = y; c <= y + 2; c++) if (c <= current && c >= current - ROLLUP_YEARS_KEPT) years.add(c);
      let cells = 0;
      let monthCells = 0;
      for (const y of [...years].sort((a, b) => a - b)) {
        const periods = standardPeriods(y, cal);
        for (const period of periods) {
          const rests = restsOnYears(period);
          // A term not yet begun has no cell (read live); the daily "as of" sweep builds it once it starts.
          if (period.from > today || !pending.some((p) => p >= rests.first && p <= rests.last)) continue;
          // As a report run today would measure it.
          const asOf = asOfFor(period, today);
          for (const spec of ROLLUPS) {
            const facts = await spec.gather(oneAtATime(tx), { laId, period, filter: NO_FILTER, cal, asOf });
            await writeRollup(tx, laId, spec.report, period, asOf, facts);
            cells += 1;
          }
        }
        // Cells of this year that are no longer standard periods (the LA loaded new term dates) would
        // never be read again: drop them.
        await tx.$executeRaw`
        DELETE FROM "ReportRollup" WHERE "laId" = ${laId}::uuid AND report_rollup_year("periodFrom") = ${y}::int
           AND ("periodFrom", "periodTo") NOT IN (SELECT f, t FROM unnest(${periods.map((p) => p.from)}::date[], ${periods.map((p) => p.to)}::date[]) AS u(f, t))`;
      }
      // Monthly cells rest on their own year (or, for some reports, on every year up to theirs: rebuilt from
      // the earliest changed one); every month is built, those not yet begun included, since their facts do
      // not depend on the day they are measured (the triggers mark the current year for any change dated
      // later in it). A cell holds the month's additive facts, as the partial months of a period are read.
      const earliest = Math.max(Math.min(...pending), current - ROLLUP_YEARS_KEPT);
      for (const spec of MONTHLY)
        for (let y = earliest; y <= current; y++) {
          if (!pending.includes(y) && !spec.monthly!.restsOnEarlierYears) continue;
          for (const month of monthsOfAcademicYear(y)) {
            const period = monthPeriod(month);
            const q = { laId, period, filter: NO_FILTER, cal, asOf: asOfFor(period, today) };
            const facts = await spec.monthly!.gatherEdges(oneAtATime(tx), q, [period]);
            await writeMonthCell(tx, laId, spec.report, month, facts);
            monthCells += 1;
          }
        }
      // Monthly cells of a changed year that is no longer kept would otherwise be served without the change.
      await tx.$executeRaw`
        DELETE FROM "ReportRollupMonth" WHERE "laId" = ${laId}::uuid AND report_rollup_year("month") = ANY(${pending}::int[])
           AND NOT report_rollup_year("month") = ANY(${[...years]}::int[])`;
      // Only the changes this snapshot saw; later ones stay pending.
      await tx.$executeRaw`DELETE FROM "ReportRollupChange" WHERE "laId" = ${laId}::uuid AND "academicYear" = ANY(${pending}::int[])`;
      return { years: pending.sort((a, b) => a - b), cells, monthCells };
    },
    { isolationLevel: 'RepeatableRead', timeout: 300_000, maxWait: 10_000 },
  );
}

/**
 * Marks the LA-years whose rollups are missing or out of date without any change to the record, so the
 * worker builds them:
 * - no rollups yet, or not every monthly cell: from each LA's first placement or registration (at most
 *   ROLLUP_YEARS_KEPT years back) to the current year (a new academic year, data loaded before rollups or
 *   monthly cells existed);
 * - cells measured "as of" an earlier day than a report run today would use (the current period's open
 *   stays and reviews due move on each day).
 * Returns how many LA-years were marked.
 */
export async function markMissingRollups(prisma: PrismaClient, today: string): Promise<number> {
  const current = academicYearStartYear(today);
  const dated = ROLLUPS.filter((r) => r.dependsOnAsOf).map((r) => r.report);
  return prisma.$executeRaw`
    WITH firsts AS (
      SELECT la."id" AS "laId", LEAST(
               (SELECT min(p."startDate") FROM "Placement" p WHERE p."laId" = la."id"),
               (SELECT min(e."startDate") FROM "School" s JOIN "Enrolment" e ON e."schoolId" = s."id" WHERE s."laId" = la."id")) AS first
        FROM "LocalAuthority" la
    ), due AS (
      SELECT f."laId", y FROM firsts f, generate_series(GREATEST(report_rollup_year(f.first), ${current - ROLLUP_YEARS_KEPT}::int), ${current}::int) y
       WHERE f.first IS NOT NULL
         AND ((SELECT count(*) FROM "ReportRollup" r
                WHERE r."laId" = f."laId" AND r."periodFrom" = make_date(y, 9, 1) AND r."periodTo" = make_date(y + 1, 8, 31)) < ${ROLLUPS.length}
           OR (SELECT count(*) FROM "ReportRollupMonth" m
                WHERE m."laId" = f."laId" AND m."month" BETWEEN make_date(y, 9, 1) AND make_date(y + 1, 8, 1)) < ${12 * MONTHLY.length})
      UNION
      SELECT r."laId", report_rollup_year(r."periodFrom") FROM "ReportRollup" r
       WHERE r."report" = ANY(${dated}::text[]) AND r."asOf" < LEAST(r."periodTo", ${today}::date)
    )
    INSERT INTO "ReportRollupChange" ("laId", "academicYear")
    SELECT "laId", y FROM due d
     WHERE NOT EXISTS (SELECT 1 FROM "ReportRollupChange" c WHERE c."laId" = d."laId" AND c."academicYear" = d.y)`;
}

/** A digest of the LA's loaded term dates, to tell whether the calendar changed. */
async function termDatesFingerprint(db: Pick<PrismaClient, '$queryRaw'>, laId: string): Promise<string> {
  const rows = await db.$queryRaw<{ f: string | null }[]>`
    SELECT md5(string_agg(concat_ws('|', "academicYear", "holidays"::text, "insetDays"::text), ';' ORDER BY "academicYear")) AS f
      FROM "TermDates" WHERE "laId" = ${laId}::uuid`;
  return rows[0]?.f ?? '';
}
