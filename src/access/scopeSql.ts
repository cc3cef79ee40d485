import { Prisma } from '../generated/prisma/client';
import type { Actor } from '../auth/actor';
import { PERMISSIONS, RESTRICTION, conditionFor, type Action, type Condition } from './permissions';
import { PUPIL_BEHIND } from './scope';

/**
 * `pupilScope` (scope.ts) as a SQL condition on a "Pupil" row aliased `p`, for hot paths that read the pupil and
 * its facts in one statement (issue 18: commissioning). The same conditions, restriction and transfer narrowing as
 * the Prisma filter, condition by condition; `tests/integration/pupilScopeSql.test.ts` compares the two on every
 * role and pupil action. A pupil outside it is simply not found, as with the Prisma filter.
 */

const sql = Prisma.sql;
const NO_ORG = '00000000-0000-0000-0000-000000000000';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const school = (a: Actor) => a.schoolId ?? NO_ORG;
const provider = (a: Actor) => a.providerId ?? NO_ORG;
const namedUser = (a: Actor) => (UUID.test(a.userId) ? a.userId : NO_ORG);

/** placementAtProvider (scope.ts) on a "Placement" row aliased `x`. */
function placementAtProviderSql(a: Actor): Prisma.Sql {
  const from = a.placementAccessFrom ?? null;
  const window = from
    ? sql` OR x."endDate" >= ${from}::date
        OR EXISTS (SELECT 1 FROM "Reintegration" r JOIN "ReintegrationCheckpoint" c ON c."reintegrationId" = r.id
          WHERE r."placementId" = x.id AND r.status = 'PENDING' AND c."isFinal" AND c."dueDate" >= ${from}::date)`
    : Prisma.empty;
  return sql`x."providerId" = ${provider(a)}::uuid AND (x."endDate" IS NULL${window})`;
}

const PUPIL_SQL: Partial<Record<Condition, (a: Actor) => Prisma.Sql>> = {
  PUPIL_OF_LA: (a) =>
    sql`(p."homeLaId" = ${a.laId}::uuid
      OR EXISTS (SELECT 1 FROM "Placement" x WHERE x."pupilId" = p.id AND x."laId" = ${a.laId}::uuid))`,
  PUPIL_ON_ROLL_OR_COMMISSIONED: (a) =>
    sql`(EXISTS (SELECT 1 FROM "Enrolment" e
          WHERE e."pupilId" = p.id AND e."schoolId" = ${school(a)}::uuid AND e."endDate" IS NULL)
      OR EXISTS (SELECT 1 FROM "Placement" x
          WHERE x."pupilId" = p.id AND x."commissioningSchoolId" = ${school(a)}::uuid))`,
  PUPIL_PLACED_WITH_PROVIDER: (a) =>
    sql`EXISTS (SELECT 1 FROM "Placement" x WHERE x."pupilId" = p.id AND ${placementAtProviderSql(a)})`,
  PUPIL_REFERRED_TO_PANEL: (a) =>
    sql`EXISTS (SELECT 1 FROM "FairAccessReferral" f WHERE f."pupilId" = p.id AND f."laId" = ${a.laId}::uuid)`,
};

/** hiddenByRestriction (scope.ts), negated: the pupil is not one hidden from this caller. */
function notHiddenSql(a: Actor): Prisma.Sql {
  return RESTRICTION.namedRoles.includes(a.role)
    ? sql`(p."restrictedAt" IS NULL OR ${namedUser(a)}::uuid = ANY (p."restrictedToUserIds"))`
    : sql`p."restrictedAt" IS NULL`;
}

export function pupilScopeSql(a: Actor, action: Action = 'pupil.read'): Prisma.Sql {
  const c = conditionFor(a, action);
  if (!c) return sql`FALSE`;
  const f = PUPIL_SQL[c] ?? (PUPIL_BEHIND[c] ? PUPIL_SQL[PUPIL_BEHIND[c]!] : undefined);
  if (!f) throw new Error(`permissions: condition ${c} of ${action} has no SQL filter`);
  const write =
    PERMISSIONS[action].kind === 'write'
      ? sql` AND NOT EXISTS (SELECT 1 FROM "PupilTransferOut" t
          WHERE t."pupilId" = p.id AND t."fromLaId" = ${a.laId}::uuid AND t."returnedAt" IS NULL)`
      : Prisma.empty;
  return sql`(${f(a)} AND ${notHiddenSql(a)}${write})`;
}

/**
 * `eventScope(…, 'pupil.timeline', pupilId)` (scope.ts) as a SQL condition on a "PupilEvent" row aliased `e`
 * joined to its "Pupil" row aliased `p`, for reading a timeline in one statement (issue 18 goal 2). A provider's
 * placements are those of the event's own pupil, as the Prisma filter looks them up; `type` is matched with
 * LIKE as Prisma's `startsWith` matches it. `tests/integration/timelineSql.test.ts` compares the two on every
 * role and pupil of the access world.
 */
const TIMELINE_SQL: Partial<Record<Condition, (a: Actor) => Prisma.Sql>> = {
  EVENTS_ALL: () => sql`TRUE`,
  EVENTS_OF_FAIR_ACCESS: () => sql`e.type LIKE 'FAIR_ACCESS_%'`,
  EVENTS_OF_OWN_PLACEMENTS: (a) =>
    sql`(e."actorOrgId" = ${provider(a)}
      OR EXISTS (SELECT 1 FROM "Placement" x
          WHERE x.id = e."placementId" AND x."pupilId" = e."pupilId" AND ${placementAtProviderSql(a)}))`,
};

export function timelineEventScopeSql(a: Actor): Prisma.Sql {
  const c = conditionFor(a, 'pupil.timeline');
  if (!c) return sql`FALSE`;
  const f = TIMELINE_SQL[c];
  if (!f) throw new Error(`permissions: condition ${c} of pupil.timeline has no SQL filter`);
  return sql`(${f(a)} AND ${notHiddenSql(a)})`;
}
