import { stringify } from 'csv-stringify/sync';
import type { PrismaClient } from '../generated/prisma/client';
import type { Actor } from '../auth/actor';
import { authorise } from '../access/permissions';
import { placementScope } from '../access/scope';
import { audit } from '../record/audit';
import { invalid } from '../errors';
import { fromDb, toDb } from '../db/dates';
import { ruleConfigFor } from '../rules/ruleConfig';
import { commenced, provisionDefinition } from '../domain/law/commencement';
import { CNIS_COLUMNS, CNIS_FIELD_LIST, cnisRegisterRow } from '../domain/exports/cnisRegister';
import { csvSafe } from '../domain/exports/csvSafe';

const AP_SCHOOL_TYPES = new Set(['PRU', 'AP_ACADEMY', 'AP_FREE_SCHOOL']);

/**
 * The Children Not in School register rows for a date (issue 16 item 4, domain.md §10.3): every child of
 * compulsory school age on a school roll whose school arranged or agreed education elsewhere (school-arranged
 * AP, s19 provision, EHC plan provision; part-time when the hours are under the full-time week), one row per
 * placement open on the date. Refused until the installation records CWSA 2026 s38 as commenced on or before
 * the date. Pupil-level data: audited with the pupils named.
 */
export async function childrenNotInSchoolRegister(prisma: PrismaClient, actor: Actor, registerDate: string) {
  authorise(actor, 'export.cnis');
  const rules = await ruleConfigFor(prisma, actor.laId);
  if (!commenced(rules.commencements, 'CWSA_S38', registerDate)) {
    const s38 = provisionDefinition('CWSA_S38');
    const on = rules.commencements.CWSA_S38;
    throw invalid(
      [
        {
          field: 'registerDate',
          message: on
            ? `The Children Not in School register starts on ${on} in this service (${s38.source.citation}); choose that date or later.`
            : `The Children Not in School register is not in force: ${s38.source.citation} has not been commenced in this service.`,
        },
      ],
      'The Children Not in School register cannot be exported for this date.',
    );
  }
  const d = toDb(registerDate);
  const openOn = { startDate: { lte: d }, OR: [{ endDate: null }, { endDate: { gte: d } }] };
  const [la, placements] = await Promise.all([
    prisma.localAuthority.findUniqueOrThrow({ where: { id: actor.laId } }),
    prisma.placement.findMany({
      where: { AND: [placementScope(actor, 'export.cnis'), openOn] },
      include: {
        provider: true,
        pupil: { include: { enrolments: { where: openOn, include: { school: true } } } },
      },
    }),
  ]);
  const rows: string[][] = [];
  const pupils = new Set<string>();
  for (const p of placements) {
    const row = cnisRegisterRow(
      {
        upn: p.pupil.upn,
        firstName: p.pupil.firstName,
        lastName: p.pupil.lastName,
        dateOfBirth: fromDb(p.pupil.dateOfBirth),
        rolls: p.pupil.enrolments.map((e) => ({
          schoolId: e.schoolId,
          urn: e.school.urn,
          name: e.school.name,
          isApSchool: AP_SCHOOL_TYPES.has(e.school.type),
        })),
        commissioningSchoolId: p.commissioningSchoolId,
        commissionerKind: p.commissionerKind,
        legalBasis: p.legalBasis,
        provider: {
          name: p.provider.name,
          address: p.provider.address,
          kind: p.provider.kind,
          schoolId: p.provider.schoolId,
        },
        providerUrn: p.providerUrn,
        providerUkprn: p.providerUkprn,
        settingType: p.settingType,
        hoursPerWeek: Number(p.hoursPerWeek),
        startDate: fromDb(p.startDate),
        endDate: p.endDate ? fromDb(p.endDate) : null,
      },
      registerDate,
      la.code,
      rules.values.fullTimeHoursPerWeek,
    );
    if (!row) continue;
    rows.push(row.map(csvSafe));
    pupils.add(p.pupilId);
  }
  // By child (last name, first name, UPN), then by arrangement start: a stable order a person can read.
  rows.sort((a, b) => [a[4], a[3], a[2], a[18]].join('|').localeCompare([b[4], b[3], b[2], b[18]].join('|')));
  await audit(prisma, actor, 'export.cnis', 'PUPIL', [...pupils]);
  return {
    registerDate,
    fieldListVersion: CNIS_FIELD_LIST.version,
    fieldListStatus: CNIS_FIELD_LIST.status,
    commencedOn: rules.commencements.CWSA_S38 ?? null,
    childCount: pupils.size,
    rowCount: rows.length,
    csv: stringify([[...CNIS_COLUMNS], ...rows], { record_delimiter: '\r\n' }),
  };
}
