import type { PrismaClient } from '../../generated/prisma/client';
import type { ProviderSnapshot } from '../../domain/flags/snapshots';
import { thresholdDefinition, type ResolvedThresholds } from '../../domain/flags/thresholds';
import { providerPlacementsThatMatter } from '../../domain/flags/unregisteredRules';
import { academicYearLabel, academicYearStart, academicYearStartYear } from '../../domain/academicYear';
import { iso, isoOrNull, providerFacts } from './mapping';

interface PlacementRow {
  id: string;
  providerId: string;
  laId: string;
  pupilId: string;
  commissionerKind: ProviderSnapshot['placements'][number]['commissionerKind'];
  commissioningSchoolId: string | null;
  startDate: Date;
  endDate: Date | null;
  status: ProviderSnapshot['placements'][number]['status'];
  hoursPerWeek: number;
  hoursSummed: number;
  placementCount: number;
  dateOfBirth: Date;
  senStatus: ProviderSnapshot['placements'][number]['pupil']['senStatus'];
  lookedAfter: boolean;
}

/**
 * Provider snapshots for U1/U2/U2b/U5/U6, at a cost that does not grow with the provider (issue 18 goal 3):
 * a placement change re-evaluates its provider, and reading every placement of a provider holding
 * thousands made each change cost thousands of rows. What the rules can read (providerPlacementsThatMatter):
 * - providers that are not unregistered: the provider row only;
 * - unregistered ones: one indexed aggregate counts the placements running on the day (U5, U6), and one
 *   statement returns only the placements of pupils whose hours here could pass the full-time limit
 *   (U1, U2, U2b), across EVERY commissioner, over the look-back window (registrationLookBackAcademicYears
 *   at most its range's top).
 * `thresholdsOf` resolves each provider's LA's thresholds (the hours limit is per LA); the caller reuses them.
 */
export async function loadProviderSnapshots(
  prisma: PrismaClient,
  ids: string[],
  asOf: string,
  thresholdsOf: (laIds: string[]) => Promise<Map<string, ResolvedThresholds>>,
): Promise<ProviderSnapshot[]> {
  if (ids.length === 0) return [];
  const [, mostYears] = thresholdDefinition('registrationLookBackAcademicYears').range;
  const since = academicYearStart(academicYearLabel(academicYearStartYear(asOf) - (mostYears - 1)));
  const providers = await prisma.provider.findMany({ where: { id: { in: ids } } });
  const las = [...new Set(providers.map((r) => r.laId))];
  // U6 applies only where the LA runs an approved list: taken as "has put any provider on it".
  const [withList, thresholds] = await Promise.all([
    prisma.provider
      .groupBy({ by: ['laId'], where: { laId: { in: las }, onApprovedList: true } })
      .then((g) => new Set(g.map((x) => x.laId))),
    thresholdsOf(las),
  ]);
  const read = providers.filter((p) => providerPlacementsThatMatter.any(p.kind));
  const inUse = new Map<string, number>();
  const inUseChangesOn = new Map<string, string | null>();
  const placements = new Map<string, PlacementRow[]>();
  if (read.length) {
    const readIds = read.map((p) => p.id);
    const limits = read.map((p) => thresholds.get(p.laId)!.values.unregisteredFullTimeHours);
    const laOf = new Map(read.map((p) => [p.id, p.laId]));
    const [counts, rows] = await Promise.all([
      // With the count, the first later day it can change (a start, or the day after an end): next-due dates.
      prisma.$queryRaw<{ providerId: string; n: number; changesOn: string | null }[]>`
        SELECT "providerId"::text AS "providerId",
               count(*) FILTER (WHERE "startDate" <= ${asOf}::date
                 AND (("endDate" IS NULL AND "status" <> 'ENDED') OR "endDate" >= ${asOf}::date))::int AS n,
               to_char(least(min("startDate") FILTER (WHERE "startDate" > ${asOf}::date),
                             min("endDate" + 1) FILTER (WHERE "endDate" >= ${asOf}::date)), 'YYYY-MM-DD') AS "changesOn"
          FROM "Placement"
         WHERE "providerId" = ANY(${readIds}::uuid[])
         GROUP BY "providerId"`,
      // The filter is providerPlacementsThatMatter.pupilCanBeFullTime, in SQL (checked again below).
      prisma.$queryRaw<PlacementRow[]>`
        SELECT x."id"::text AS "id", x."providerId"::text AS "providerId", x."laId"::text AS "laId", x."pupilId"::text AS "pupilId",
               x."commissionerKind"::text AS "commissionerKind", x."commissioningSchoolId"::text AS "commissioningSchoolId",
               x."startDate", x."endDate", x."status"::text AS "status", x."hoursPerWeek"::float8 AS "hoursPerWeek",
               x."hoursSummed"::float8 AS "hoursSummed", x."placementCount"::int AS "placementCount",
               pu."dateOfBirth", pu."senStatus"::text AS "senStatus", pu."lookedAfter"
          FROM (
            SELECT p.*, sum(p."hoursPerWeek") OVER w AS "hoursSummed", count(*) OVER w AS "placementCount"
              FROM "Placement" p
             WHERE p."providerId" = ANY(${readIds}::uuid[]) AND (p."endDate" IS NULL OR p."endDate" >= ${since}::date)
            WINDOW w AS (PARTITION BY p."providerId", p."pupilId")
          ) x
          JOIN unnest(${readIds}::uuid[], ${limits}::float8[]) AS l("providerId", "limit") ON l."providerId" = x."providerId"
          JOIN "Pupil" pu ON pu."id" = x."pupilId"
         WHERE x."hoursSummed" + 0.1 * x."placementCount" > l."limit"
         ORDER BY x."startDate", x."id"`,
    ]);
    for (const c of counts) {
      inUse.set(c.providerId, c.n);
      inUseChangesOn.set(c.providerId, c.changesOn);
    }
    for (const r of rows) {
      const t = thresholds.get(laOf.get(r.providerId)!)!;
      if (!providerPlacementsThatMatter.pupilCanBeFullTime(r.hoursSummed, r.placementCount, t)) continue;
      const list = placements.get(r.providerId);
      if (list) list.push(r);
      else placements.set(r.providerId, [r]);
    }
  }
  return providers.map((p) => ({
    provider: { ...providerFacts(p), laId: p.laId, name: p.name },
    laOperatesApprovedList: withList.has(p.laId),
    placementsInUse: inUse.get(p.id) ?? 0,
    placementsInUseChangesOn: inUseChangesOn.get(p.id) ?? null,
    placements: (placements.get(p.id) ?? []).map((x) => ({
      id: x.id,
      laId: x.laId,
      pupilId: x.pupilId,
      commissionerKind: x.commissionerKind,
      commissioningSchoolId: x.commissioningSchoolId,
      startDate: iso(x.startDate),
      endDate: isoOrNull(x.endDate),
      status: x.status,
      hoursPerWeek: x.hoursPerWeek,
      pupil: {
        id: x.pupilId,
        dateOfBirth: iso(x.dateOfBirth),
        senStatus: x.senStatus,
        lookedAfter: x.lookedAfter,
      },
    })),
  }));
}
