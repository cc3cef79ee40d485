import { Prisma, type PrismaClient } from '../generated/prisma/client';
import type { ReportRequest } from './request';

/**
 * SQL shared by the reports. Every query starts from the caller's LA (p."laId" = …), so another LA's
 * rows cannot appear whatever the filters say.
 */

/**
 * The school a placement belongs to, for school and phase filters: the commissioning school, else the
 * pupil's latest single/main registration at a non-AP school that began on or before the start
 * (the school that excluded them, or whose roll they are on). Read backwards along the covering index
 * "Enrolment_report_pupil_idx"; the commissioning-school test sits inside, so the lookup is skipped
 * outright when there is one. The school's phase is a primary-key lookup per registration read: joined,
 * the planner hashed the whole School table for every placement, a cost that grew with the number of
 * schools (issue 18 goal 5).
 */
const homeSchoolSql = (p: string) => `
  SELECT e."schoolId" FROM "Enrolment" e
   WHERE ${p}."commissioningSchoolId" IS NULL AND e."pupilId" = ${p}."pupilId" AND e."startDate" <= ${p}."startDate"
     AND e."registration" <> 'SUBSIDIARY'
     AND (SELECT hs."phase" FROM "School" hs WHERE hs."id" = e."schoolId") <> 'ALTERNATIVE_PROVISION'
   ORDER BY e."startDate" DESC, e."id" DESC LIMIT 1`;

export const homeSchool = (p: string) => Prisma.raw(homeSchoolSql(p));
export const placementSchool = (p: string) =>
  Prisma.raw(`COALESCE(${p}."commissioningSchoolId", (${homeSchoolSql(p)}))`);

/** AND-clauses for the request's provider, school and phase filters on a placement alias. */
export function placementFilters(req: Pick<ReportRequest, 'filter'>, p = 'p'): Prisma.Sql {
  const parts: Prisma.Sql[] = [];
  const { providerId, schoolId, phase } = req.filter;
  if (providerId) parts.push(Prisma.sql`${Prisma.raw(`${p}."providerId"`)} = ${providerId}::uuid`);
  if (schoolId) parts.push(Prisma.sql`${placementSchool(p)} = ${schoolId}::uuid`);
  if (phase)
    parts.push(Prisma.sql`(SELECT s2."phase"::text FROM "School" s2 WHERE s2."id" = ${placementSchool(p)}) = ${phase}`);
  return parts.length ? Prisma.sql`AND ${Prisma.join(parts, ' AND ')}` : Prisma.empty;
}

/** The same range expression as the GiST index "Placement_report_inforce_idx", so the planner can use it. */
export const placementRange = (p = 'p') =>
  Prisma.raw(`daterange(${p}."startDate", COALESCE(${p}."endDate", 'infinity'::date), '[]')`);

export const iso = (d: Date | null): string | null => (d ? d.toISOString().slice(0, 10) : null);

/** Names of the LA's providers and schools, for labels. */
export async function organisationNames(prisma: PrismaClient, laId: string) {
  const [providers, schools] = await Promise.all([
    prisma.provider.findMany({ where: { laId }, select: { id: true, name: true, kind: true } }),
    prisma.school.findMany({ where: { laId }, select: { id: true, name: true, phase: true, numberOnRoll: true } }),
  ]);
  return {
    providers,
    schools,
    providerNames: new Map(providers.map((p) => [p.id, p.name])),
    schoolNames: new Map(schools.map((s) => [s.id, s.name])),
  };
}

export type OrganisationNames = Awaited<ReturnType<typeof organisationNames>>;

const PUPIL_COLUMNS = [
  'dateOfBirth',
  'sex',
  'ethnicityCode',
  'senStatus',
  'lookedAfter',
  'fsmEligible',
  'socialCareStatus',
];
/** The columns that change over time (src/domain/characteristics.ts); the others are fixed. */
const HISTORY_COLUMNS = new Set(['ethnicityCode', 'senStatus', 'lookedAfter', 'fsmEligible', 'socialCareStatus']);

/**
 * Rows of `source` (which has a "pupilId" column) with the pupil's characteristics added as columns of the
 * same names, as they were on the day `asAt` (an expression over the source's columns, aliased src):
 * from the pupil's characteristic span holding that day, or the current values for a pupil never changed.
 * The LA's own pupils are hash-joined from one index-only range ("Pupil_report_home_idx"), which is far
 * cheaper than thousands of single lookups; pupils homed in another LA (cross-border) are looked up one by
 * one, and that lookup is skipped outright for everyone else. Spans exist only for pupils whose
 * characteristics were ever changed, so their join is small.
 */
export function withPupils(laId: string, source: Prisma.Sql, asAt: Prisma.Sql): Prisma.Sql {
  const cols = (a: string) => Prisma.raw(['id', ...PUPIL_COLUMNS].map((c) => `${a}."${c}"`).join(', '));
  const merged = Prisma.raw(
    PUPIL_COLUMNS.map((c) =>
      HISTORY_COLUMNS.has(c)
        ? `CASE WHEN cs."pupilId" IS NOT NULL THEN cs."${c}" ELSE COALESCE(h."${c}", x."${c}") END AS "${c}"`
        : `COALESCE(h."${c}", x."${c}") AS "${c}"`,
    ).join(', '),
  );
  return Prisma.sql`(SELECT src.*, ${merged} FROM (${source}) src
    LEFT JOIN (SELECT ${cols('u')} FROM "Pupil" u WHERE u."homeLaId" = ${laId}::uuid) h ON h."id" = src."pupilId"
    LEFT JOIN LATERAL (SELECT ${cols('u')} FROM "Pupil" u WHERE u."id" = src."pupilId" AND h."id" IS NULL LIMIT 1) x ON true
    LEFT JOIN "PupilCharacteristicSpan" cs ON cs."pupilId" = src."pupilId" AND daterange(cs."validFrom", cs."validUntil", '[)') @> (${asAt})::date)`;
}
