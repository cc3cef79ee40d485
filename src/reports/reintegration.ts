import { Prisma } from '../generated/prisma/client';
import { reintegrationRate } from '../domain/reports/rates';
import type { Presenter, Published } from './suppression';
import { metaOf, type ReportDeps, type ReportMeta, type ReportRequest } from './request';
import { organisationNames } from './sql';
import { factsFor, type FactsDb, type FactsSpec } from './rollups/facts';
import { labelFor } from './labels';

export interface ReintegrationRow {
  key: string;
  label: string;
  attempted: Published;
  sustained: Published;
  brokenDown: Published;
  pending: Published;
  /** sustained / (sustained + broken down); pending is shown beside it, not in it. */
  rate: Published;
}

export interface ReintegrationReport {
  meta: ReportMeta;
  total: ReintegrationRow;
  byProvider: ReintegrationRow[];
  byReceivingSchool: ReintegrationRow[];
}

export interface ReintegrationCountRow {
  providerId: string;
  schoolId: string;
  status: 'PENDING' | 'SUSTAINED' | 'BROKEN_DOWN';
  n: number;
}

/**
 * Reintegrations attempted in the period (a return to mainstream starting in it), by the provider the
 * pupil left and the school they returned to, with each one's outcome as recorded today. Read through
 * the LA's schools (index on receiving school and start): a return is only ever to one of the placing
 * LA's own schools (usecases/placements/closePlacement), and the placement must still be the LA's.
 * `where` adds filters on r (reintegration), p (placement) or s (receiving school).
 */
export function reintegrationCounts(
  db: FactsDb,
  req: Pick<ReportRequest, 'laId' | 'period'>,
  where: Prisma.Sql = Prisma.empty,
) {
  return db.$queryRaw<ReintegrationCountRow[]>`
    SELECT p."providerId"::text AS "providerId", r."schoolId"::text AS "schoolId", r.status::text AS status, count(*)::int AS n
      FROM "School" s
      JOIN "Reintegration" r ON r."schoolId" = s."id" AND r."startDate" BETWEEN ${req.period.from}::date AND ${req.period.to}::date
      JOIN "Placement" p ON p."id" = r."placementId"
     WHERE s."laId" = ${req.laId}::uuid AND p."laId" = ${req.laId}::uuid ${where}
     GROUP BY 1, 2, 3`;
}

/** Report filters: provider = the AP provider; school and phase = the receiving school. */
function receivingFilters(req: Pick<ReportRequest, 'filter'>): Prisma.Sql {
  const { providerId, schoolId, phase } = req.filter;
  return Prisma.sql`${providerId ? Prisma.sql`AND p."providerId" = ${providerId}::uuid` : Prisma.empty}
    ${schoolId ? Prisma.sql`AND r."schoolId" = ${schoolId}::uuid` : Prisma.empty}
    ${phase ? Prisma.sql`AND s."phase"::text = ${phase}` : Prisma.empty}`;
}

/** One row of outcomes; attempted = sustained + broken down + pending is published, so it is a suppression constraint. */
export function reintegrationRow(
  pr: Presenter,
  key: string,
  label: string,
  rows: readonly ReintegrationCountRow[],
): ReintegrationRow {
  const sum = (s?: ReintegrationCountRow['status']) =>
    rows.filter((r) => !s || r.status === s).reduce((a, r) => a + r.n, 0);
  const sustained = pr.count(sum('SUSTAINED'));
  const brokenDown = pr.count(sum('BROKEN_DOWN'));
  const pending = pr.count(sum('PENDING'));
  const attempted = pr.count(sum());
  pr.sums(attempted, [sustained, brokenDown, pending]);
  const rate = pr.derived(reintegrationRate(sum('SUSTAINED'), sum('BROKEN_DOWN')), sustained, brokenDown);
  return { key, label, attempted, sustained, brokenDown, pending, rate };
}

const COLUMNS = ['attempted', 'sustained', 'brokenDown', 'pending'] as const;

/** What the report is built from: counts per provider, receiving school and outcome. */
export interface ReintegrationFacts {
  rows: ReintegrationCountRow[];
}

export const REINTEGRATION_FACTS: FactsSpec<ReintegrationFacts> = {
  report: 'REINTEGRATION',
  gather: async (db, q) => ({ rows: await reintegrationCounts(db, q, receivingFilters(q)) }),
  // Every filter is a column of the counts (the receiving school's phase is the school's), so the
  // rollup answers them all; see keep() below.
  answersFilter: () => true,
  dependsOnAsOf: false,
};

export async function reintegrationReport(deps: ReportDeps, req: ReportRequest): Promise<ReintegrationReport> {
  const [{ facts, source }, orgs] = await Promise.all([
    factsFor(deps, req, REINTEGRATION_FACTS),
    organisationNames(deps.prisma, req.laId),
  ]);
  // The filters as receivingFilters applies them, for facts gathered without them.
  const { providerId, schoolId, phase } = req.filter;
  const phaseOf = new Map(orgs.schools.map((s) => [s.id, s.phase as string]));
  const rows = facts.rows.filter(
    (r) =>
      (!providerId || r.providerId === providerId) &&
      (!schoolId || r.schoolId === schoolId) &&
      (!phase || phaseOf.get(r.schoolId) === phase),
  );
  const pr = req.presenter;
  const total = reintegrationRow(pr, 'ALL', 'All reintegrations', rows);
  const by = (field: 'providerId' | 'schoolId', names: ReadonlyMap<string, string>) => {
    const ids = [...new Set(rows.map((r) => r[field]))].sort((a, b) =>
      labelFor(a, names).localeCompare(labelFor(b, names)),
    );
    const out = ids.map((id) =>
      reintegrationRow(
        pr,
        id,
        labelFor(id, names),
        rows.filter((r) => r[field] === id),
      ),
    );
    // Each column of the breakdown adds up to the total row.
    for (const c of COLUMNS)
      pr.sums(
        total[c],
        out.map((r) => r[c]),
      );
    return out;
  };
  const report = {
    meta: metaOf(req, source),
    total,
    byProvider: by('providerId', orgs.providerNames),
    byReceivingSchool: by('schoolId', orgs.schoolNames),
  };
  pr.finish();
  return report;
}
