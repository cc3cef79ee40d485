import { daysBetween } from '../domain/dates';
import { share } from '../domain/reports/rates';
import { reviewTimeliness } from '../domain/reports/reviewTimeliness';
import type { Published } from './suppression';
import { metaOf, type ReportDeps, type ReportMeta, type ReportRequest } from './request';
import { organisationNames, placementFilters, placementRange } from './sql';
import { calendarCte, offsetStepper, PERCENTILES_SQL, schoolDayIndex, schoolDaysSql } from './schoolDaysSql';
import { ENUM_KEYS } from './labels';
import {
  reintegrationCounts,
  reintegrationRow,
  type ReintegrationCountRow,
  type ReintegrationRow,
} from './reintegration';
import { factsFor, type FactsDb, type FactsQuery, type FactsSpec } from './rollups/facts';
import { distributionOf, statsOf, type StayStats } from './stayLengths';

export const FLAG_SEVERITIES = ['CRIT', 'HIGH', 'MED', 'INFO'] as const;

/** An outcome the record does not hold yet: its status says so, and its value is null — never 0. */
export interface OutcomeMeasure {
  status: 'NO_DATA_YET' | 'RECORDED';
  value: number | null;
  note: string;
}

export interface ProviderScorecardRow {
  providerId: string;
  name: string;
  kind: string;
  placementsStarted: Published;
  outreachEpisodes: Published;
  reintegration: ReintegrationRow;
  post16: { leavers: Published; eet: Published; neet: Published; eetRate: Published };
  stayLengths: { tier: string; closed: StayStats; overPlannedEnd: Published }[];
  reviews: { due: Published; onTime: Published; late: Published; onTimeRate: Published };
  openFlags: { severity: string; count: Published }[];
  openFlagsTotal: Published;
  attendance: OutcomeMeasure;
  attainment: OutcomeMeasure;
}

export interface ProviderScorecardReport {
  meta: ReportMeta;
  providers: ProviderScorecardRow[];
}

const NO_DATA = (what: string): OutcomeMeasure => ({
  status: 'NO_DATA_YET',
  value: null,
  note: `${what} is not recorded in the tracker yet.`,
});

/** What the scorecard is built from, per provider: counts and percentiles, never names. Flags are read live. */
export interface ScorecardFacts {
  starts: { providerId: string; n: number; tier1: number }[];
  ends: { providerId: string; tier: string; n: number; over: number; eet: number; neet: number; pc: number[] }[];
  reviews: { providerId: string; due: number; onTime: number }[];
  reint: ReintegrationCountRow[];
}

/**
 * Against the AP performance framework outcomes (domain.md §1.2, rule R3), per provider for the period:
 * placements started and outreach (tier 1) episodes; reintegrations attempted in the period and their
 * rate; post-16 destinations of placements ending in the period (EET vs NEET); closed stay lengths per
 * tier with how many overran their planned end; reviews due in the period and how many were on time
 * (domain/reports/reviewTimeliness); flags open now (OPEN or ACKNOWLEDGED) by severity. Attendance and
 * attainment are not recorded, so they say "no data yet".
 */
export async function providerScorecard(deps: ReportDeps, req: ReportRequest): Promise<ProviderScorecardReport> {
  const [{ facts, source }, flags, orgs] = await Promise.all([
    factsFor(deps, req, SCORECARD_FACTS),
    // Flags open now, whatever the period: always read live (the flag workers change them all day).
    deps.prisma.$queryRaw<{ providerId: string; severity: string; n: number }[]>`
      SELECT f."providerId"::text AS "providerId", f.severity::text AS severity, count(*)::int AS n
        FROM "Flag" f WHERE f."laId" = ${req.laId}::uuid AND f.status IN ('OPEN', 'ACKNOWLEDGED') AND f."providerId" IS NOT NULL
       GROUP BY 1, 2`,
    organisationNames(deps.prisma, req.laId),
  ]);
  const { starts, ends, reviews, reint } = facts;
  const pr = req.presenter;
  const providers = orgs.providers
    .filter((p) => !req.filter.providerId || p.id === req.filter.providerId)
    .sort((a, b) => a.name.localeCompare(b.name));
  const rows = providers.map((p): ProviderScorecardRow => {
    const st = starts.find((s) => s.providerId === p.id);
    const mine = ends.filter((e) => e.providerId === p.id);
    const eetN = mine.reduce((a, e) => a + e.eet, 0);
    const neetN = mine.reduce((a, e) => a + e.neet, 0);
    const eet = pr.count(eetN);
    const neet = pr.count(neetN);
    const leavers = pr.count(eetN + neetN);
    pr.sums(leavers, [eet, neet]);

    const stayLengths = ENUM_KEYS.TIER.map((tier) => {
      const t = mine.find((e) => e.tier === tier);
      return {
        tier,
        closed: statsOf(pr, distributionOf(t?.n ?? 0, t?.pc ?? null)),
        overPlannedEnd: pr.count(t?.over ?? 0),
      };
    });

    const rv = reviews.find((r) => r.providerId === p.id) ?? { due: 0, onTime: 0 };
    const dueC = pr.count(rv.due);
    const onTimeC = pr.count(rv.onTime);
    const lateC = pr.count(rv.due - rv.onTime);
    pr.sums(dueC, [onTimeC, lateC]);

    const openFlags = FLAG_SEVERITIES.map((severity) => ({
      severity,
      count: pr.count(flags.find((x) => x.providerId === p.id && x.severity === severity)?.n ?? 0),
    }));
    const openFlagsTotal = pr.count(flags.filter((x) => x.providerId === p.id).reduce((s, x) => s + x.n, 0));
    pr.sums(
      openFlagsTotal,
      openFlags.map((x) => x.count),
    );

    return {
      providerId: p.id,
      name: p.name,
      kind: p.kind,
      placementsStarted: pr.count(st?.n ?? 0),
      outreachEpisodes: pr.count(st?.tier1 ?? 0),
      reintegration: reintegrationRow(
        pr,
        p.id,
        p.name,
        reint.filter((r) => r.providerId === p.id),
      ),
      post16: { leavers, eet, neet, eetRate: pr.derived(share(eetN, eetN + neetN), eet, neet) },
      stayLengths,
      reviews: {
        due: dueC,
        onTime: onTimeC,
        late: lateC,
        onTimeRate: pr.derived(share(rv.onTime, rv.due), onTimeC, dueC),
      },
      openFlags,
      openFlagsTotal,
      attendance: NO_DATA('Attendance'),
      attainment: NO_DATA('Attainment (English and maths)'),
    };
  });
  const report = { meta: metaOf(req, source), providers: rows };
  pr.finish();
  return report;
}

export const SCORECARD_FACTS: FactsSpec<ScorecardFacts> = {
  report: 'PROVIDER_SCORECARD',
  gather: gatherScorecard,
  // Every figure is per provider, so the provider filter only chooses rows; school and phase change
  // which placements count and read live.
  answersFilter: (f) => !f.schoolId && !f.phase,
  dependsOnAsOf: true,
};

async function gatherScorecard(db: FactsDb, q: FactsQuery): Promise<ScorecardFacts> {
  const { from, to } = q.period;
  const la = q.laId;
  const f = placementFilters(q);
  const idx = schoolDayIndex(q.cal, from, to);
  const [starts, ends, active, reint] = await Promise.all([
    db.$queryRaw<ScorecardFacts['starts']>`
      SELECT p."providerId"::text AS "providerId", count(*)::int AS n, count(*) FILTER (WHERE p.tier = 'TIER_1_TARGETED_SUPPORT')::int AS tier1
        FROM "Placement" p WHERE p."laId" = ${la}::uuid AND p."startDate" BETWEEN ${from}::date AND ${to}::date ${f} GROUP BY 1`,
    // Placements ending in the period, per provider and tier: destinations, overruns and ranked school days.
    db.$queryRaw<ScorecardFacts['ends']>`
      WITH ${calendarCte(idx, q.asOf)}, e AS (
        SELECT p."providerId", p.tier, p.destination, (p."plannedEndDate" IS NOT NULL AND p."endDate" > p."plannedEndDate") AS over,
               ${schoolDaysSql('p."startDate"', 'p."endDate"')} AS sd
          FROM "Placement" p CROSS JOIN cal
         WHERE p."laId" = ${la}::uuid AND p."endDate" BETWEEN ${from}::date AND ${to}::date ${f}
      )
      SELECT "providerId"::text AS "providerId", tier::text AS tier, count(*)::int AS n, count(*) FILTER (WHERE over)::int AS over,
             count(*) FILTER (WHERE destination = 'POST16_EET')::int AS eet, count(*) FILTER (WHERE destination = 'NEET')::int AS neet,
             ${PERCENTILES_SQL} AS pc
        FROM e GROUP BY 1, 2`,
    // Placements running at any time in the window with their review dates, one compact line per provider
    // ("start end review…" as day offsets from the calendar index, ";" between placements) rather than
    // thousands of rows; walked on day offsets too (offsetStepper).
    db.$queryRaw<{ providerId: string; enc: string }[]>`
      WITH ${calendarCte(idx, q.asOf)}
      SELECT p."providerId"::text AS "providerId",
             string_agg(concat_ws(' ', GREATEST(p."startDate" - cal.base, 0), COALESCE(p."endDate" - cal.base, -1),
               (SELECT string_agg((r."reviewDate" - cal.base)::text, ' ') FROM "PlacementReview" r WHERE r."placementId" = p."id")), ';') AS enc
        FROM "Placement" p CROSS JOIN cal
       WHERE p."laId" = ${la}::uuid AND ${placementRange()} && daterange(${from}::date, ${q.asOf}::date, '[]') ${f}
       GROUP BY 1`,
    reintegrationCounts(db, q, f),
  ]);
  const stepper = offsetStepper(idx);
  const windowFrom = daysBetween(idx.base, from);
  const windowTo = daysBetween(idx.base, q.asOf);
  const reviews = active.map(({ providerId, enc }) => {
    let due = 0;
    let onTime = 0;
    for (const placement of decode(enc)) {
      const r = reviewTimeliness(stepper, placement, windowFrom, windowTo);
      due += r.due;
      onTime += r.onTime;
    }
    return { providerId, due, onTime };
  });
  return { starts, ends, reviews, reint };
}

/** Reads the compact "start end review…;…" lines (day offsets from the index base; end −1 = still open). */
function decode(enc: string | undefined): { startDate: number; endDate: number | null; reviewDates: number[] }[] {
  if (!enc) return [];
  return enc.split(';').map((line) => {
    const [s, e, ...reviews] = line.split(' ').map(Number);
    return { startDate: s!, endDate: e === -1 ? null : e!, reviewDates: reviews };
  });
}
