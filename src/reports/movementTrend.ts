import { calendarMonths } from '../domain/reports/months';
import type { Published } from './suppression';
import { metaOf, type ReportDeps, type ReportMeta, type ReportRequest } from './request';
import { placementFilters, placementRange } from './sql';
import { ENUM_KEYS, labelFor } from './labels';

export interface MovementTrendMonth {
  label: string;
  from: string;
  to: string;
  /** Placements starting in the month (as the movement summary counts entries). */
  entries: Published;
  /** Placements ending in the month. */
  exits: Published;
  /** Entries by the reason for the placement, every reason listed (zeros included); they add up to `entries`. */
  entriesByReason: { key: string; label: string; entries: Published }[];
  /** Pupils in AP on the month's last day (today for the current month), as the AP population counts them. */
  pupilsInAp: Published;
}

export interface MovementTrendReport {
  meta: ReportMeta;
  months: MovementTrendMonth[];
}

interface CountRow {
  month: number;
  kind: 'ENTRY' | 'EXIT';
  reason: string | null;
  n: number;
}

/**
 * Entries, exits and pupils in AP for each calendar month of the period, up to today: the dashboard's
 * trend charts in two reads, where a movement summary and an AP population per month took two dozen.
 * Each month's figures are exactly what the movement summary (entries, exits, by reason) and the AP
 * population (pupils, on the month's last day) give for that month alone: a test holds them equal.
 * Suppression (analysts, sharing) treats each month's entries and its reasons as one additive set.
 */
export async function movementTrend(deps: ReportDeps, req: ReportRequest): Promise<MovementTrendReport> {
  const months = calendarMonths(req.period.from, req.period.to, req.asOf);
  const f = placementFilters(req);
  const starts = months.map((m) => m.from);
  const ends = months.map((m) => m.to);
  const [counts, population] = months.length
    ? await Promise.all([
        // One pass over the placements starting or ending in the period; each is placed in its month.
        deps.prisma.$queryRaw<CountRow[]>`
          WITH m AS (
            SELECT i::int - 1 AS month, s AS "from", e AS "to"
              FROM unnest(${starts}::date[], ${ends}::date[]) WITH ORDINALITY AS t(s, e, i)
          ), x AS (
            SELECT m.month, 'ENTRY' AS kind, p.reason::text AS reason FROM "Placement" p
              JOIN m ON p."startDate" BETWEEN m."from" AND m."to"
             WHERE p."laId" = ${req.laId}::uuid ${f}
            UNION ALL
            SELECT m.month, 'EXIT', NULL FROM "Placement" p
              JOIN m ON p."endDate" BETWEEN m."from" AND m."to"
             WHERE p."laId" = ${req.laId}::uuid ${f}
          )
          SELECT month, kind, reason, count(*)::int AS n FROM x GROUP BY month, kind, reason`,
        // Pupils in a placement in force on each month's last day (one index probe per day).
        deps.prisma.$queryRaw<{ month: number; n: number }[]>`
          SELECT t.i::int - 1 AS month,
                 (SELECT count(DISTINCT p."pupilId")::int FROM "Placement" p
                   WHERE p."laId" = ${req.laId}::uuid AND ${placementRange()} @> t.d ${f}) AS n
            FROM unnest(${ends}::date[]) WITH ORDINALITY AS t(d, i)`,
      ])
    : [[], []];

  const pr = req.presenter;
  const out = months.map((m, i) => {
    const mine = counts.filter((r) => r.month === i);
    const entriesOf = (reason: string) =>
      mine.filter((r) => r.kind === 'ENTRY' && r.reason === reason).reduce((a, r) => a + r.n, 0);
    const entries = pr.count(mine.filter((r) => r.kind === 'ENTRY').reduce((a, r) => a + r.n, 0));
    const exits = pr.count(mine.filter((r) => r.kind === 'EXIT').reduce((a, r) => a + r.n, 0));
    const entriesByReason = ENUM_KEYS.REASON.map((key) => ({
      key,
      label: labelFor(key),
      entries: pr.count(entriesOf(key)),
    }));
    pr.sums(
      entries,
      entriesByReason.map((r) => r.entries),
    );
    const pupilsInAp = pr.count(population.find((r) => r.month === i)?.n ?? 0);
    return { ...m, entries, exits, entriesByReason, pupilsInAp };
  });
  const report = { meta: metaOf(req), months: out };
  pr.finish();
  return report;
}
