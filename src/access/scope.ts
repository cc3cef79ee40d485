import type { Prisma } from '../generated/prisma/client';
import type { Actor } from '../auth/actor';
import { AppError, forbidden } from '../errors';
import { CONDITIONS, PERMISSIONS, RESTRICTION, conditionFor, type Action, type Condition } from './permissions';

/**
 * The record-level conditions of src/access/permissions.ts, as database filters: one function per
 * condition name. The scope functions below ask the table which condition the caller's role has for an
 * action and return its filter, so a record outside it is simply not found — it answers exactly like a
 * record that does not exist. A role the table gives nothing gets a filter no row satisfies.
 */

type Tx = Pick<Prisma.TransactionClient, 'placement' | 'exclusion' | 'school' | 'provider'>;

// A filter no row satisfies (roles with no condition for the action).
const NOTHING = { id: { in: [] as string[] } };
// Organisation IDs missing from an actor never widen a filter: Prisma drops `undefined` keys.
const NO_ORG = '00000000-0000-0000-0000-000000000000';
const school = (a: Actor) => a.schoolId ?? NO_ORG;
const provider = (a: Actor) => a.providerId ?? NO_ORG;
// An actor that is not a stored user (the import CLI's "cli:<user>@<host>") is never named on a restriction,
// and a non-UUID must not reach the uuid[] column (PostgreSQL would refuse the whole query).
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const namedUser = (a: Actor) => (UUID.test(a.userId) ? a.userId : NO_ORG);
const day = (iso: string) => new Date(`${iso}T00:00:00.000Z`);
const ids = async (rows: Promise<{ id: string }[]>) => (await rows).map((r) => r.id);

export function requireActor(actor: Actor | null | undefined): Actor {
  if (!actor) throw new AppError('UNAUTHENTICATED');
  return actor;
}

/**
 * Placements at the caller's provider: open; or ended within the provider access window; or whose
 * reintegration is still being followed up and fell due within that window (the provider reports its
 * checkpoints: access runs "to the last reintegration checkpoint").
 */
export function placementAtProvider(a: Actor): Prisma.PlacementWhereInput {
  const from = a.placementAccessFrom ? day(a.placementAccessFrom) : null;
  return {
    providerId: provider(a),
    OR: [
      { endDate: null },
      ...(from
        ? [
            { endDate: { gte: from } },
            {
              reintegration: {
                status: 'PENDING' as const,
                checkpoints: { some: { isFinal: true, dueDate: { gte: from } } },
              },
            },
          ]
        : []),
    ],
  };
}

const onRollNow = (a: Actor): Prisma.EnrolmentListRelationFilter => ({ some: { schoolId: school(a), endDate: null } });

const PUPIL: Partial<Record<Condition, (a: Actor) => Prisma.PupilWhereInput>> = {
  PUPIL_OF_LA: (a) => ({ OR: [{ homeLaId: a.laId }, { placements: { some: { laId: a.laId } } }] }),
  PUPIL_ON_ROLL_OR_COMMISSIONED: (a) => ({
    OR: [{ enrolments: onRollNow(a) }, { placements: { some: { commissioningSchoolId: school(a) } } }],
  }),
  PUPIL_PLACED_WITH_PROVIDER: (a) => ({ placements: { some: placementAtProvider(a) } }),
  PUPIL_REFERRED_TO_PANEL: (a) => ({ fairAccessReferrals: { some: { laId: a.laId } } }),
};

/** Writes whose condition names a pupil the caller must already see: the pupil read condition behind it. */
export const PUPIL_BEHIND: Partial<Record<Condition, Condition>> = {
  COMMISSION_FOR_LA: 'PUPIL_OF_LA',
  COMMISSION_BY_OWN_SCHOOL: 'PUPIL_ON_ROLL_OR_COMMISSIONED',
  ENTRY_AT_OWN_PROVIDER: 'PUPIL_PLACED_WITH_PROVIDER',
  EXCLUDE_FROM_LA_SCHOOL: 'PUPIL_OF_LA',
  EXCLUDE_FROM_OWN_SCHOOL: 'PUPIL_ON_ROLL_OR_COMMISSIONED',
  ENROLMENT_IN_LA: 'PUPIL_OF_LA',
  ENROLMENT_AT_OWN_SCHOOL: 'PUPIL_ON_ROLL_OR_COMMISSIONED',
  NEW_PUPIL_FOR_LA: 'PUPIL_OF_LA',
  NEW_PUPIL_ON_OWN_ROLL: 'PUPIL_ON_ROLL_OR_COMMISSIONED',
};

const PLACEMENT: Partial<Record<Condition, (a: Actor) => Prisma.PlacementWhereInput>> = {
  PLACEMENT_OF_LA: (a) => ({ laId: a.laId }),
  PLACEMENT_OF_SCHOOL: (a) => ({ OR: [{ commissioningSchoolId: school(a) }, { pupil: { enrolments: onRollNow(a) } }] }),
  PLACEMENT_AT_PROVIDER: placementAtProvider,
};

const EXCLUSION: Partial<Record<Condition, (a: Actor) => Prisma.ExclusionWhereInput>> = {
  EXCLUSION_OF_LA: (a) => ({ school: { laId: a.laId } }),
  EXCLUSION_BY_OWN_SCHOOL: (a) => ({ schoolId: school(a) }),
  EXCLUSION_OF_PUPIL_IN_PLACEMENT: (a) => ({
    pupil: { placements: { some: { providerId: provider(a), endDate: null } } },
  }),
};

const SEPARATION: Partial<Record<Condition, (a: Actor) => Prisma.SafeguardingSeparationWhereInput>> = {
  SEPARATION_OF_LA: (a) => ({ school: { laId: a.laId } }),
  SEPARATION_BY_OWN_SCHOOL: (a) => ({ schoolId: school(a) }),
};

const REINTEGRATION: Partial<Record<Condition, (a: Actor) => Prisma.ReintegrationWhereInput>> = {
  REINTEGRATION_OF_LA: (a) => ({ placement: { laId: a.laId } }),
  REINTEGRATION_OF_SCHOOL: (a) => ({
    OR: [{ schoolId: school(a) }, { placement: { commissioningSchoolId: school(a) } }],
  }),
  REINTEGRATION_FROM_PROVIDER: (a) => ({ placement: placementAtProvider(a) }),
};

const ENROLMENT: Partial<Record<Condition, (a: Actor) => Prisma.EnrolmentWhereInput>> = {
  ENROLMENT_IN_LA: (a) => ({ school: { laId: a.laId } }),
  ENROLMENT_AT_OWN_SCHOOL: (a) => ({ schoolId: school(a) }),
};

const REFERRAL: Partial<Record<Condition, (a: Actor) => Prisma.FairAccessReferralWhereInput>> = {
  REFERRAL_OF_LA: (a) => ({ laId: a.laId }),
  REFERRAL_TO_OWN_SCHOOL: (a) => ({
    laId: a.laId,
    OR: [{ decisions: { some: { allocatedSchoolId: school(a) } } }, { admittedSchoolId: school(a) }],
  }),
};

const MEETING: Partial<Record<Condition, (a: Actor) => Prisma.FairAccessPanelMeetingWhereInput>> = {
  MEETING_OF_LA: (a) => ({ laId: a.laId }),
};

const FLAG: Partial<Record<Condition, (a: Actor) => Prisma.FlagWhereInput>> = {
  FLAG_OF_LA: (a) => ({ laId: a.laId }),
  FLAG_OF_SCHOOL: (a) => ({ laId: a.laId, schoolId: school(a) }),
  FLAG_OF_PROVIDER: (a) => ({ laId: a.laId, providerId: provider(a) }),
  FLAG_OF_FAIR_ACCESS: (a) => ({ laId: a.laId, ruleId: { startsWith: 'F' } }),
};

const DIRECTORY: Partial<Record<Condition, (a: Actor) => { laId: string }>> = {
  DIRECTORY_OF_LA: (a) => ({ laId: a.laId }),
};

/** Every filter map, by the subject its conditions are about (a test checks each grant has its filter). */
export const FILTERS = {
  pupil: PUPIL,
  placement: PLACEMENT,
  exclusion: EXCLUSION,
  separation: SEPARATION,
  reintegration: REINTEGRATION,
  enrolment: ENROLMENT,
  referral: REFERRAL,
  meeting: MEETING,
  flag: FLAG,
  organisation: DIRECTORY,
} as const;

function filterFor<W>(
  map: Partial<Record<Condition, (a: Actor) => W>>,
  a: Actor,
  action: Action,
  via?: Partial<Record<Condition, Condition>>,
): W | typeof NOTHING {
  const c = conditionFor(a, action);
  if (!c) return NOTHING;
  const f = map[c] ?? (via?.[c] ? map[via[c]!] : undefined);
  if (!f) throw new Error(`permissions: condition ${c} of ${action} has no filter here`);
  return f(a);
}

/**
 * RESTRICTION (permissions.ts, UK GDPR art. 18): the pupils hidden from this caller — restricted, and the caller
 * not named on the restriction. Every filter about a pupil or a record of one is narrowed by it here, so no
 * query, use case or page checks a restriction itself. Written as "not one of the few hidden pupils" so the
 * database compares against the small set of restricted records, not every pupil the caller may see.
 */
export function hiddenByRestriction(a: Actor): Prisma.PupilWhereInput {
  return RESTRICTION.namedRoles.includes(a.role)
    ? { restrictedAt: { not: null }, NOT: { restrictedToUserIds: { has: namedUser(a) } } }
    : { restrictedAt: { not: null } };
}

/** A condition's filter narrowed by the restriction: `about` says how the record reaches its pupil. */
function withRestriction<W>(a: Actor, f: W | typeof NOTHING, about: (hidden: Prisma.PupilWhereInput) => W): W {
  return f === NOTHING ? (NOTHING as W) : ({ AND: [f, about(hiddenByRestriction(a))] } as W);
}

/** TRANSFERRED_OUT (permissions.ts): the pupils the caller's LA has sent to another LA, read-only to it. */
export const transferredAway = (a: Actor): Prisma.PupilWhereInput => ({
  transfersOut: { some: { fromLaId: a.laId, returnedAt: null } },
});

/** A write's filter narrowed by TRANSFERRED_OUT; reads are not narrowed (the LA keeps reading what it recorded). */
function forWrite<W>(a: Actor, action: Action, f: W, about: (away: Prisma.PupilWhereInput) => W): W {
  return PERMISSIONS[action].kind === 'write' && f !== (NOTHING as W)
    ? ({ AND: [f, about(transferredAway(a))] } as W)
    : f;
}

export const pupilScope = (a: Actor, action: Action = 'pupil.read'): Prisma.PupilWhereInput =>
  forWrite(
    a,
    action,
    withRestriction(a, filterFor(PUPIL, a, action, PUPIL_BEHIND), (hidden) => ({ NOT: hidden })),
    (away) => ({ NOT: away }),
  );
export const placementScope = (a: Actor, action: Action = 'placement.read'): Prisma.PlacementWhereInput =>
  forWrite(
    a,
    action,
    withRestriction(a, filterFor(PLACEMENT, a, action), (hidden) => ({ NOT: { pupil: hidden } })),
    (away) => ({ NOT: { pupil: away } }),
  );
export const exclusionScope = (a: Actor, action: Action = 'exclusion.read'): Prisma.ExclusionWhereInput =>
  withRestriction(a, filterFor(EXCLUSION, a, action), (hidden) => ({ NOT: { pupil: hidden } }));
export const separationScope = (
  a: Actor,
  action: Action = 'separation.read',
): Prisma.SafeguardingSeparationWhereInput =>
  withRestriction(a, filterFor(SEPARATION, a, action), (hidden) => ({ NOT: { pupil: hidden } }));
export const reintegrationScope = (a: Actor, action: Action = 'reintegration.report'): Prisma.ReintegrationWhereInput =>
  withRestriction(a, filterFor(REINTEGRATION, a, action), (hidden) => ({ NOT: { pupil: hidden } }));
export const enrolmentScope = (a: Actor, action: Action): Prisma.EnrolmentWhereInput =>
  withRestriction(a, filterFor(ENROLMENT, a, action), (hidden) => ({ NOT: { pupil: hidden } }));
export const referralScope = (a: Actor, action: Action = 'referral.read'): Prisma.FairAccessReferralWhereInput =>
  withRestriction(a, filterFor(REFERRAL, a, action), (hidden) => ({ NOT: { pupil: hidden } }));
export const meetingScope = (a: Actor, action: Action = 'meeting.read'): Prisma.FairAccessPanelMeetingWhereInput =>
  filterFor(MEETING, a, action);
/** Flags about no pupil (a provider's, a school's) are not narrowed; a flag about a restricted pupil is. */
export const flagScope = (a: Actor, action: Action = 'flag.read'): Prisma.FlagWhereInput =>
  withRestriction(a, filterFor(FLAG, a, action), (hidden) => ({ OR: [{ pupilId: null }, { NOT: { pupil: hidden } }] }));
/** Organisations are directory data: anyone signed in sees those of their own LA. */
export const schoolScope = (a: Actor): Prisma.SchoolWhereInput => filterFor(DIRECTORY, a, 'directory.read');
export const providerScope = (a: Actor): Prisma.ProviderWhereInput => filterFor(DIRECTORY, a, 'directory.read');

/**
 * Timeline events: which of a visible pupil's events the caller reads (pupil.timeline) or may correct
 * (timeline.correct). Events carry their placement and exclusion as plain IDs, so the caller's own
 * placements and exclusions are looked up first; `ofPupil` narrows those lookups to one pupil's records
 * (the caller already filters by that pupil; it only keeps the ID lists short).
 */
export async function eventScope(
  db: Tx,
  a: Actor,
  action: 'pupil.timeline' | 'timeline.correct',
  ofPupil?: string,
): Promise<Prisma.PupilEventWhereInput> {
  return forWrite(
    a,
    action,
    withRestriction(a, await eventCondition(db, a, action, ofPupil), (hidden) => ({ NOT: { pupil: hidden } })),
    (away) => ({ NOT: { pupil: away } }),
  );
}

async function eventCondition(
  db: Tx,
  a: Actor,
  action: 'pupil.timeline' | 'timeline.correct',
  ofPupil: string | undefined,
): Promise<Prisma.PupilEventWhereInput> {
  const c = conditionFor(a, action);
  const pupilOnly = ofPupil ? { pupilId: ofPupil } : {};
  switch (c) {
    case 'EVENTS_ALL':
      return {};
    case 'CORRECT_EVENT_OF_LA':
      return { AND: [{ pupil: PUPIL.PUPIL_OF_LA!(a) }, await recordedInLa(db, a, pupilOnly)] };
    case 'EVENTS_OF_FAIR_ACCESS':
      return { type: { startsWith: 'FAIR_ACCESS_' } };
    case 'EVENTS_OF_OWN_PLACEMENTS':
    case 'CORRECT_EVENT_OF_PROVIDER':
      return {
        OR: [
          { actorOrgId: provider(a) },
          {
            placementId: {
              in: await ids(
                db.placement.findMany({ where: { ...placementAtProvider(a), ...pupilOnly }, select: { id: true } }),
              ),
            },
          },
        ],
      };
    case 'CORRECT_EVENT_OF_SCHOOL':
      return {
        OR: [
          { actorOrgId: school(a) },
          {
            exclusionId: {
              in: await ids(
                db.exclusion.findMany({ where: { schoolId: school(a), ...pupilOnly }, select: { id: true } }),
              ),
            },
          },
          {
            placementId: {
              in: await ids(
                db.placement.findMany({
                  where: { commissioningSchoolId: school(a), ...pupilOnly },
                  select: { id: true },
                }),
              ),
            },
          },
        ],
      };
    case null:
      return NOTHING;
    default:
      throw new Error(`permissions: condition ${c} of ${action} has no event filter`);
  }
}

/**
 * CORRECT_EVENT_OF_LA: the events the caller's LA recorded. One installation can hold two LAs' records of
 * the same pupil (a transfer between LAs, issue 16 item 6), and neither may correct the other's. An event
 * about a placement belongs to the placement's LA, one about an exclusion to the excluding school's LA; any
 * other event to the LA of whoever recorded it (the LA itself, or one of its schools or providers).
 */
async function recordedInLa(db: Tx, a: Actor, pupilOnly: { pupilId?: string }): Promise<Prisma.PupilEventWhereInput> {
  const [placements, exclusions, schools, providers] = await Promise.all([
    ids(db.placement.findMany({ where: { laId: a.laId, ...pupilOnly }, select: { id: true } })),
    ids(db.exclusion.findMany({ where: { school: { laId: a.laId }, ...pupilOnly }, select: { id: true } })),
    ids(db.school.findMany({ where: { laId: a.laId }, select: { id: true } })),
    ids(db.provider.findMany({ where: { laId: a.laId }, select: { id: true } })),
  ]);
  return {
    OR: [
      { placementId: { in: placements } },
      { placementId: null, exclusionId: { in: exclusions } },
      { placementId: null, exclusionId: null, actorOrgId: { in: [a.laId, ...schools, ...providers] } },
    ],
  };
}

/**
 * The organisation named in a write must be the caller's own where the condition says so (a school
 * commissions, excludes and admits for itself; a provider reports entries at its own provision).
 */
export function requireOwnOrganisation(
  a: Actor,
  c: Condition,
  named: { schoolId?: string | null; providerId?: string | null },
): void {
  const ownSchool = [
    'COMMISSION_BY_OWN_SCHOOL',
    'EXCLUDE_FROM_OWN_SCHOOL',
    'ENROLMENT_AT_OWN_SCHOOL',
    'REFERRAL_TO_OWN_SCHOOL',
    'NEW_PUPIL_ON_OWN_ROLL',
  ] as Condition[];
  if (ownSchool.includes(c) && named.schoolId !== undefined && named.schoolId !== a.schoolId)
    throw forbidden(`You can do this for your own school only (${CONDITIONS[c].text}).`);
  if (c === 'ENTRY_AT_OWN_PROVIDER' && named.providerId !== undefined && named.providerId !== a.providerId)
    throw forbidden(`You can do this for your own provider only (${CONDITIONS[c].text}).`);
}

/**
 * For a write that names schools (a managed move's two schools, an inclusion base's school): a caller whose
 * condition is not LA-wide acts only where their own school is one of them.
 */
export function requireOwnSchoolAmong(a: Actor, c: Condition, schoolIds: readonly string[]): void {
  if (!CONDITIONS[c].laWide && !(a.schoolId && schoolIds.includes(a.schoolId)))
    throw forbidden(`You can do this for your own school only (${CONDITIONS[c].text}).`);
}

/** True when aggregates for this caller are published with small numbers suppressed. */
export const suppressedAggregates = (c: Condition): boolean => c === 'SUPPRESSED_AGGREGATES';
