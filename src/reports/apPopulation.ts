import type { Published } from './suppression';
import { metaOf, type ReportDeps, type ReportMeta, type ReportRequest } from './request';
import { organisationNames, placementFilters, placementRange } from './sql';
import { ENUM_KEYS, labelFor } from './labels';

/** DfE: a setting open in the day for more than 18 hours a week is generally providing full-time education (domain.md §3.1). */
export const FULL_TIME_HOURS = 18;

export interface PopulationRow {
  key: string;
  label: string;
  placements: Published;
  pupils: Published;
}

export interface ApPopulationReport {
  meta: ReportMeta;
  on: string;
  placements: Published;
  pupils: Published;
  byProvider: (PopulationRow & { providerId: string; kind: string })[];
  byTier: PopulationRow[];
  byRegistration: PopulationRow[];
  byProviderKind: PopulationRow[];
  unregistered: {
    placements: Published;
    pupils: Published;
    fullTimePupils: Published;
    partTimePupils: Published;
    fullTimeThresholdHours: number;
  };
}

interface Row {
  pupilId: string;
  providerId: string;
  tier: string;
  registration: string;
  kind: string;
  hours: number;
}

/**
 * Who is in AP on a date: placements in force that day (start and end inclusive). A pupil with two
 * placements at once counts once in the totals and once per row they appear in. Unregistered usage is per
 * pupil: full-time when the pupil's unregistered hours that day add up to more than 18 a week.
 */
export async function apPopulation(deps: ReportDeps, req: ReportRequest): Promise<ApPopulationReport> {
  const on = req.period.to;
  const [rows, orgs] = await Promise.all([
    deps.prisma.$queryRaw<Row[]>`
      SELECT p."pupilId"::text AS "pupilId", p."providerId"::text AS "providerId", p.tier::text AS tier,
             p.registration::text AS registration, pr.kind::text AS kind, p."hoursPerWeek"::float8 AS hours
        FROM "Placement" p JOIN "Provider" pr ON pr."id" = p."providerId"
       WHERE p."laId" = ${req.laId}::uuid AND ${placementRange()} @> ${on}::date ${placementFilters(req)}`,
    organisationNames(deps.prisma, req.laId),
  ]);
  const pr = req.presenter;
  const placements = pr.count(rows.length);
  const pupils = pr.count(new Set(rows.map((r) => r.pupilId)).size);
  pr.linked(placements, pupils);
  // Each breakdown's placements add up to the total; a row's placements and pupils are hidden together.
  const group = (keyOf: (r: Row) => string, keys: readonly string[], label: (k: string) => string) => {
    const out = keys.map((key) => {
      const mine = rows.filter((r) => keyOf(r) === key);
      const row = {
        key,
        label: label(key),
        placements: pr.count(mine.length),
        pupils: pr.count(new Set(mine.map((r) => r.pupilId)).size),
      };
      pr.linked(row.placements, row.pupils);
      return row;
    });
    pr.sums(
      placements,
      out.map((r) => r.placements),
    );
    return out;
  };

  const providerIds = [...new Set(rows.map((r) => r.providerId))].sort((a, b) =>
    (orgs.providerNames.get(a) ?? a).localeCompare(orgs.providerNames.get(b) ?? b),
  );
  const kinds = new Map(orgs.providers.map((p) => [p.id, p.kind as string]));
  const byProvider = group(
    (r) => r.providerId,
    providerIds,
    (k) => labelFor(k, orgs.providerNames),
  ).map((r) => ({
    ...r,
    providerId: r.key,
    kind: kinds.get(r.key) ?? 'UNREGISTERED',
  }));
  const byTier = group(
    (r) => r.tier,
    ENUM_KEYS.TIER,
    (k) => labelFor(k),
  );
  const byRegistration = group(
    (r) => r.registration,
    ENUM_KEYS.REGISTRATION,
    (k) => labelFor(k),
  );
  const byProviderKind = group(
    (r) => r.kind,
    ENUM_KEYS.PROVIDER_KIND,
    (k) => labelFor(k),
  );

  const unreg = rows.filter((r) => r.kind === 'UNREGISTERED');
  const hoursByPupil = new Map<string, number>();
  for (const r of unreg) hoursByPupil.set(r.pupilId, (hoursByPupil.get(r.pupilId) ?? 0) + r.hours);
  const fullTime = [...hoursByPupil.values()].filter((h) => h > FULL_TIME_HOURS).length;
  // The same figures as the UNREGISTERED provider-kind row: one cell each, so suppression stays consistent.
  const unregRow = byProviderKind.find((r) => r.key === 'UNREGISTERED') as PopulationRow;
  const unregPupils = unregRow.pupils;
  const fullTimePupils = pr.count(fullTime);
  const partTimePupils = pr.count(hoursByPupil.size - fullTime);
  pr.sums(unregPupils, [fullTimePupils, partTimePupils]);

  const report = {
    meta: metaOf(req),
    on,
    placements,
    pupils,
    byProvider,
    byTier,
    byRegistration,
    byProviderKind,
    unregistered: {
      placements: unregRow.placements,
      pupils: unregPupils,
      fullTimePupils,
      partTimePupils,
      fullTimeThresholdHours: FULL_TIME_HOURS,
    },
  };
  pr.finish();
  return report;
}
