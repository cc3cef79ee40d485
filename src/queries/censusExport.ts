import { stringify } from 'csv-stringify/sync';
import type { PrismaClient } from '../generated/prisma/client';
import type { Actor } from '../auth/actor';
import { authorise } from '../access/permissions';
import { audit } from '../record/audit';
import { fromDb, toDb } from '../db/dates';
import { CURRENT_CENSUS_MAPPING, censusIdentifier, censusReturner } from '../domain/exports/censusMapping';
import { csvSafe } from '../domain/exports/csvSafe';

export const CENSUS_COLUMNS = [
  'ReturnedBy',
  'LAESTAB',
  'ReturningSchoolURN',
  'LA',
  'UPN',
  'PlacementStartDate',
  'PlacementEndDate',
  'URN',
  'UKPRN',
  'APSettingType',
  'SettingTypeLabel',
  'PrimaryReason',
  'HoursPerWeek',
  'MappingVersion',
] as const;

const AP_SCHOOL_TYPES = new Set(['PRU', 'AP_ACADEMY', 'AP_FREE_SCHOOL']);

/**
 * The census AP placement rows for a census date (issue 16 item 3, domain.md §10.6): every placement of the
 * caller's LA open on that date, with who returns it, exactly one of URN / UKPRN / setting type, and the
 * primary reason, coded by the named mapping version. Pupil-level data: the export is audited with the pupils.
 */
export async function censusApPlacements(prisma: PrismaClient, actor: Actor, censusDate: string) {
  authorise(actor, 'export.census');
  const m = CURRENT_CENSUS_MAPPING;
  const d = toDb(censusDate);
  const la = await prisma.localAuthority.findUniqueOrThrow({ where: { id: actor.laId } });
  const placements = await prisma.placement.findMany({
    where: { laId: actor.laId, startDate: { lte: d }, OR: [{ endDate: null }, { endDate: { gte: d } }] },
    include: {
      commissioningSchool: true,
      pupil: {
        include: {
          enrolments: {
            where: { startDate: { lte: d }, OR: [{ endDate: null }, { endDate: { gte: d } }] },
            include: { school: true },
            orderBy: { startDate: 'asc' },
          },
        },
      },
    },
  });
  const rows = placements.map((p) => {
    const home = p.pupil.enrolments.find((e) => !AP_SCHOOL_TYPES.has(e.school.type))?.school ?? null;
    const who = censusReturner({
      commissionerKind: p.commissionerKind,
      commissioningSchool: p.commissioningSchool,
      registration: p.registration,
      homeSchoolOnRoll: home,
      laCode: la.code,
      providerUrn: p.providerUrn,
      providerUkprn: p.providerUkprn,
      settingType: p.settingType,
      reason: p.reason,
    });
    const id = censusIdentifier(p, m);
    return [
      who.kind,
      who.laestab ?? '',
      who.urn ?? '',
      la.code,
      p.pupil.upn,
      fromDb(p.startDate),
      p.endDate ? fromDb(p.endDate) : '',
      id.urn,
      id.ukprn,
      id.settingType,
      id.label,
      m.reasons[p.reason],
      String(Number(p.hoursPerWeek)),
      m.version,
    ].map(csvSafe);
  });
  rows.sort((a, b) => a.slice(0, 6).join('|').localeCompare(b.slice(0, 6).join('|')));
  await audit(prisma, actor, 'export.census', 'PUPIL', [...new Set(placements.map((p) => p.pupilId))]);
  return {
    censusDate,
    mappingVersion: m.version,
    mappingStatus: m.status,
    rowCount: rows.length,
    csv: stringify([[...CENSUS_COLUMNS], ...rows], { record_delimiter: '\r\n' }),
  };
}
