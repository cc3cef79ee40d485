import type { Prisma } from '../generated/prisma/client';
import type { Role } from '../generated/prisma/enums';
import type { Actor } from '../auth/actor';
import { AppError, forbidden, notFound } from '../errors';

/**
 * The one access layer. Every resolver reads through these filters, so a record outside
 * the caller's scope is simply not found — it answers exactly like a record that does not exist.
 */

// A filter no row satisfies: used for roles that see no individual records (analysts).
const NOTHING = { id: { in: [] as string[] } };

export function requireActor(actor: Actor | null | undefined): Actor {
  if (!actor) throw new AppError('UNAUTHENTICATED');
  return actor;
}

export function requireRole(actor: Actor, ...roles: Role[]): void {
  if (!roles.includes(actor.role)) throw forbidden();
}

export function pupilScope(a: Actor): Prisma.PupilWhereInput {
  switch (a.role) {
    case 'LA_OFFICER':
      return { OR: [{ homeLaId: a.laId }, { placements: { some: { laId: a.laId } } }] };
    case 'SCHOOL_STAFF':
      return {
        OR: [
          { enrolments: { some: { schoolId: a.schoolId, endDate: null } } },
          { placements: { some: { commissioningSchoolId: a.schoolId } } },
        ],
      };
    case 'PROVIDER_STAFF':
      return { placements: { some: { providerId: a.providerId } } };
    // Panel members see pupils through fair access referrals of their LA only.
    case 'PANEL_MEMBER':
      return { fairAccessReferrals: { some: { laId: a.laId } } };
    case 'ANALYST':
      return NOTHING;
  }
}

/** Fair access referrals: the LA's officers and panel see its referrals; a school sees those allocated or admitted to it. */
export function referralScope(a: Actor): Prisma.FairAccessReferralWhereInput {
  switch (a.role) {
    case 'LA_OFFICER':
    case 'PANEL_MEMBER':
      return { laId: a.laId };
    case 'SCHOOL_STAFF':
      return { laId: a.laId, OR: [{ decisions: { some: { allocatedSchoolId: a.schoolId } } }, { admittedSchoolId: a.schoolId }] };
    case 'PROVIDER_STAFF':
    case 'ANALYST':
      return NOTHING;
  }
}

export function placementScope(a: Actor): Prisma.PlacementWhereInput {
  switch (a.role) {
    case 'LA_OFFICER':
      return { laId: a.laId };
    case 'SCHOOL_STAFF':
      return {
        OR: [
          { commissioningSchoolId: a.schoolId },
          { pupil: { enrolments: { some: { schoolId: a.schoolId, endDate: null } } } },
        ],
      };
    case 'PROVIDER_STAFF':
      return { providerId: a.providerId };
    case 'PANEL_MEMBER':
    case 'ANALYST':
      return NOTHING;
  }
}

/** Exclusions are seen by the excluding school, the LA, and a provider teaching the pupil. */
export function exclusionScope(a: Actor): Prisma.ExclusionWhereInput {
  switch (a.role) {
    case 'LA_OFFICER':
      return { school: { laId: a.laId } };
    case 'SCHOOL_STAFF':
      return { schoolId: a.schoolId };
    case 'PROVIDER_STAFF':
      return { pupil: { placements: { some: { providerId: a.providerId } } } };
    case 'PANEL_MEMBER':
    case 'ANALYST':
      return NOTHING;
  }
}

/** Who reports follow-ups: the receiving school, the AP the pupil left, or the LA. */
export function reintegrationScope(a: Actor): Prisma.ReintegrationWhereInput {
  switch (a.role) {
    case 'LA_OFFICER':
      return { placement: { laId: a.laId } };
    case 'SCHOOL_STAFF':
      return { OR: [{ schoolId: a.schoolId }, { placement: { commissioningSchoolId: a.schoolId } }] };
    case 'PROVIDER_STAFF':
      return { placement: { providerId: a.providerId } };
    default:
      return { id: { in: [] } };
  }
}

/** Organisations are directory data: anyone signed in sees those of their own LA. */
export const schoolScope = (a: Actor): Prisma.SchoolWhereInput => ({ laId: a.laId });
export const providerScope = (a: Actor): Prisma.ProviderWhereInput => ({ laId: a.laId });

/** Roles that may see individual pupils at all (analysts see aggregates only). */
export function requireIndividualAccess(a: Actor): void {
  if (a.role === 'ANALYST') throw notFound('pupil');
}

/**
 * Flags follow the records they are about: LA officers see their LA's; schools the flags of
 * placements they commissioned (schoolId); providers their own; panels the fair access rules'.
 */
export function flagScope(a: Actor): Prisma.FlagWhereInput {
  switch (a.role) {
    case 'LA_OFFICER':
      return { laId: a.laId };
    case 'SCHOOL_STAFF':
      return { laId: a.laId, schoolId: a.schoolId };
    case 'PROVIDER_STAFF':
      return { laId: a.laId, providerId: a.providerId };
    case 'PANEL_MEMBER':
      return { laId: a.laId, ruleId: { startsWith: 'F' } };
    case 'ANALYST':
      return NOTHING;
  }
}
