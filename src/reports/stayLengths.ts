import type { Distribution } from '../domain/reports/percentiles';
import type { Published, Presenter } from './suppression';
import { metaOf, type ReportDeps, type ReportMeta, type ReportRequest } from './request';
import { organisationNames, placementFilters, placementRange, type OrganisationNames } from './sql';
import { factsFor, type FactsDb, type FactsQuery, type FactsSource, type FactsSpec } from './rollups/facts';
import { ENUM_KEYS, labelFor } from './labels';
import { calendarCte, PERCENTILES_SQL, schoolDayIndex, schoolDaysSql } from './schoolDaysSql';

export interface StayStats {
  stays: Published;
  median: Published;
  p75: Published;
  p90: Published;
  max: Published;
}

export interface StayLengthRow {
  group: 'ALL' | 'TIER' | 'PROVIDER';
  key: string;
  label: string;
  closed: StayStats;
  open: StayStats;
}

export interface StayLengthReport {
  meta: ReportMeta;
  asOf: string;
  rows: StayLengthRow[];
}

/** Statistics of a distribution, hidden with their count (a median of three stays is nearly a person's stay). */
export function statsOf(pr: Presenter, d: Distribution): StayStats {
  const stays = pr.count(d.n);
  return {
    stays,
    median: pr.derived(d.median, stays),
    p75: pr.derived(d.p75, stays),
    p90: pr.derived(d.p90, stays),
    max: pr.derived(d.max, stays),
  };
}

/** A row of percentile_disc output as a Distribution. */
export const distributionOf = (n: number, pc: number[] | null): Distribution =>
  n === 0 || !pc
    ? { n: 0, median: null, p75: null, p90: null, max: null }
    : { n, median: pc[0]!, p75: pc[1]!, p90: pc[2]!, max: pc[3]! };

interface Row {
  kind: 'CLOSED' | 'OPEN';
  tier: string | null;
  providerId: string | null;
  byTier: number;
  byProvider: number;
  n: number;
  pc: number[];
}

/** What the report is built from: counts and percentiles per kind and grouping, no names. */
export interface StayLengthFacts {
  rows: Row[];
}

/**
 * Stay lengths in school days on the LA's calendar, per placement (a transfer starts a new stay at the
 * new provider), classified as domain/reports/stayLengths classifyStay does: closed stays ended in the
 * period; open stays were still running at its end (or today), measured to then. Both are shown, never
 * mixed: an open stay is only a lower bound. Counted and ranked in SQL (see schoolDaysSql).
 */
export async function stayLengths(deps: ReportDeps, req: ReportRequest): Promise<StayLengthReport> {
  const [{ facts, source }, orgs] = await Promise.all([
    factsFor(deps, req, STAY_LENGTH_FACTS),
    organisationNames(deps.prisma, req.laId),
  ]);
  return presentStayLengths(req, facts, orgs, source);
}

export const STAY_LENGTH_FACTS: FactsSpec<StayLengthFacts> = {
  report: 'STAY_LENGTHS',
  gather: gatherStayLengths,
  // Percentiles of a subset cannot be had from the whole: any filter reads live.
  answersFilter: (f) => !f.providerId && !f.schoolId && !f.phase,
  dependsOnAsOf: true,
};

async function gatherStayLengths(db: FactsDb, q: FactsQuery): Promise<StayLengthFacts> {
  const { from, to } = q.period;
  const f = placementFilters(q);
  const idx = schoolDayIndex(q.cal, from, to);
  const rows = await db.$queryRaw<Row[]>`
      WITH ${calendarCte(idx, q.asOf)}, s AS (
        SELECT 'CLOSED' AS kind, p.tier, p."providerId", ${schoolDaysSql('p."startDate"', 'p."endDate"')} AS sd
          FROM "Placement" p CROSS JOIN cal
         WHERE p."laId" = ${q.laId}::uuid AND p."endDate" BETWEEN ${from}::date AND ${to}::date ${f}
        UNION ALL
        SELECT 'OPEN', p.tier, p."providerId", ${schoolDaysSql('p."startDate"', 'cal.as_of')}
          FROM "Placement" p CROSS JOIN cal
         WHERE p."laId" = ${q.laId}::uuid AND ${placementRange()} @> ${q.asOf}::date
           AND (p."endDate" IS NULL OR (p."endDate" > ${q.asOf}::date AND p."endDate" NOT BETWEEN ${from}::date AND ${to}::date)) ${f}
      )
      SELECT kind, tier::text AS tier, "providerId"::text AS "providerId", GROUPING(tier) AS "byTier", GROUPING("providerId") AS "byProvider",
             count(*)::int AS n, ${PERCENTILES_SQL} AS pc
        FROM s GROUP BY GROUPING SETS ((kind), (kind, tier), (kind, "providerId"))`;
  return { rows };
}

function presentStayLengths(
  req: ReportRequest,
  facts: StayLengthFacts,
  orgs: OrganisationNames,
  source: FactsSource,
): StayLengthReport {
  const { rows } = facts;
  const pr = req.presenter;
  const find = (kind: Row['kind'], g: 'ALL' | 'TIER' | 'PROVIDER', key: string | null) =>
    rows.find(
      (r) =>
        r.kind === kind &&
        (g === 'ALL'
          ? r.byTier === 1 && r.byProvider === 1
          : g === 'TIER'
            ? r.byTier === 0 && r.tier === key
            : r.byProvider === 0 && r.providerId === key),
    );
  const rowOf = (group: StayLengthRow['group'], key: string, label: string): StayLengthRow => {
    const stats = (kind: Row['kind']) => {
      const r = find(kind, group, group === 'ALL' ? null : key);
      return statsOf(pr, distributionOf(r?.n ?? 0, r?.pc ?? null));
    };
    return { group, key, label, closed: stats('CLOSED'), open: stats('OPEN') };
  };
  const all = rowOf('ALL', 'ALL', 'All placements');
  const byTier = ENUM_KEYS.TIER.map((t) => rowOf('TIER', t, labelFor(t)));
  const providerIds = [...new Set(rows.filter((r) => r.byProvider === 0).map((r) => r.providerId!))].sort((a, b) =>
    labelFor(a, orgs.providerNames).localeCompare(labelFor(b, orgs.providerNames)),
  );
  const byProvider = providerIds.map((id) => rowOf('PROVIDER', id, labelFor(id, orgs.providerNames)));
  for (const part of [byTier, byProvider])
    for (const kind of ['closed', 'open'] as const)
      pr.sums(
        all[kind].stays,
        part.map((r) => r[kind].stays),
      );
  const report = { meta: metaOf(req, source), asOf: req.asOf, rows: [all, ...byTier, ...byProvider] };
  pr.finish();
  return report;
}
