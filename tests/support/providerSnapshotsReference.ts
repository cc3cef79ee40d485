import type { PrismaClient } from '../../src/generated/prisma/client';
import type { ProviderSnapshot } from '../../src/domain/flags/snapshots';
import { thresholdDefinition } from '../../src/domain/flags/thresholds';
import { academicYearLabel, academicYearStart, academicYearStartYear } from '../../src/domain/academicYear';
import { iso, isoOrNull, providerFacts } from '../../src/flags/snapshots/mapping';

/**
 * The provider loader as it was before issue 18 (every placement of the provider, with its pupil), kept as
 * the reference the aggregate loader (src/flags/snapshots/providers.ts) must agree with: the same flags.
 *
 * Provider snapshots for U1/U2/U2b/U5/U6: placements from EVERY commissioner, so the registration
 * test counts pupils across schools and the LA. U1/U2 look back over whole academic years (threshold
 * registrationLookBackAcademicYears, at most its range's top): placements that ended before the
 * earliest such year cannot matter, so one query per batch loads exactly what the sweep needs.
 */
export async function loadEveryProviderPlacement(
  prisma: PrismaClient,
  ids: string[],
  asOf: string,
): Promise<ProviderSnapshot[]> {
  if (ids.length === 0) return [];
  const [, mostYears] = thresholdDefinition('registrationLookBackAcademicYears').range;
  const since = new Date(
    `${academicYearStart(academicYearLabel(academicYearStartYear(asOf) - (mostYears - 1)))}T00:00:00Z`,
  );
  const rows = await prisma.provider.findMany({
    where: { id: { in: ids } },
    include: {
      placements: {
        where: { OR: [{ endDate: null }, { endDate: { gte: since } }] },
        include: { pupil: { select: { id: true, dateOfBirth: true, senStatus: true, lookedAfter: true } } },
      },
    },
  });
  // U6 applies only where the LA runs an approved list: taken as "has put any provider on it".
  const las = [...new Set(rows.map((r) => r.laId))];
  const withList = new Set(
    (await prisma.provider.groupBy({ by: ['laId'], where: { laId: { in: las }, onApprovedList: true } })).map(
      (g) => g.laId,
    ),
  );
  return rows.map((p) => ({
    provider: { ...providerFacts(p), laId: p.laId, name: p.name },
    laOperatesApprovedList: withList.has(p.laId),
    placements: p.placements.map((x) => ({
      id: x.id,
      laId: x.laId,
      pupilId: x.pupilId,
      commissionerKind: x.commissionerKind,
      commissioningSchoolId: x.commissioningSchoolId,
      startDate: iso(x.startDate),
      endDate: isoOrNull(x.endDate),
      status: x.status,
      hoursPerWeek: Number(x.hoursPerWeek),
      pupil: {
        id: x.pupil.id,
        dateOfBirth: iso(x.pupil.dateOfBirth),
        senStatus: x.pupil.senStatus,
        lookedAfter: x.pupil.lookedAfter,
      },
    })),
  }));
}
