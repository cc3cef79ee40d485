import type { Prisma } from '../../generated/prisma/client';
import type { Period } from '../period';
import { academicYearStartYear } from '../../domain/academicYear';
import type { FactsDb, RollupReport } from './facts';

/**
 * Rollup cells (table "ReportRollup") and the pending changes that make them stale ("ReportRollupChange",
 * written by triggers). A cell for a period rests on the academic years from two before its start
 * (rule M2 reads the previous year's Year 10 census, and an autumn term's latest Year 11 census is the
 * January before) to the year of its end; any change pending for one of them makes the cell unusable.
 */
export const restsOnYears = (p: Pick<Period, 'from' | 'to'>) => ({
  first: academicYearStartYear(p.from) - 2,
  last: academicYearStartYear(p.to),
});

/**
 * The cell for exactly this LA, report and period, if it exists and nothing it rests on has changed since;
 * with `asOf`, only a cell measured to that date.
 */
export async function readRollup(
  db: FactsDb,
  laId: string,
  report: RollupReport,
  period: Pick<Period, 'from' | 'to'>,
  asOf: string | null,
) {
  const years = restsOnYears(period);
  // One statement, so the cell and the pending changes are read from the same snapshot.
  const rows = await db.$queryRaw<{ facts: unknown; refreshedAt: Date }[]>`
    SELECT r."facts", r."refreshedAt" FROM "ReportRollup" r
     WHERE r."laId" = ${laId}::uuid AND r."report" = ${report} AND r."periodFrom" = ${period.from}::date AND r."periodTo" = ${period.to}::date
       AND (${asOf}::date IS NULL OR r."asOf" = ${asOf}::date)
       AND NOT EXISTS (SELECT 1 FROM "ReportRollupChange" c
                        WHERE c."laId" = ${laId}::uuid AND c."academicYear" BETWEEN ${years.first}::int AND ${years.last}::int)`;
  return rows[0] ?? null;
}

export async function writeRollup(
  db: Pick<Prisma.TransactionClient, '$executeRaw'>,
  laId: string,
  report: RollupReport,
  period: Pick<Period, 'from' | 'to'>,
  asOf: string,
  facts: unknown,
) {
  await db.$executeRaw`
    INSERT INTO "ReportRollup" ("laId", "report", "periodFrom", "periodTo", "asOf", "facts", "refreshedAt")
    VALUES (${laId}::uuid, ${report}, ${period.from}::date, ${period.to}::date, ${asOf}::date, ${JSON.stringify(facts)}::jsonb, now())
    ON CONFLICT ("laId", "report", "periodFrom", "periodTo")
      DO UPDATE SET "asOf" = EXCLUDED."asOf", "facts" = EXCLUDED."facts", "refreshedAt" = EXCLUDED."refreshedAt"`;
}
