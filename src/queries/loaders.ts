import DataLoader from 'dataloader';
import type { Actor } from '../auth/actor';
import type {
  DirectionReviewMeeting,
  DirectionReviewRequest,
  Enrolment,
  Exclusion,
  FairAccessDecision,
  FairAccessDirection,
  FairAccessPanelMeeting,
  FairAccessReferral,
  FairAccessSchoolResponse,
  Flag,
  InclusionBase,
  InclusionBaseSpell,
  LocalAuthority,
  ManagedMove,
  Placement,
  PlacementReview,
  PrismaClient,
  Provider,
  Pupil,
  Reintegration,
  ReintegrationCheckpoint,
  SafeguardingSeparation,
  School,
} from '../generated/prisma/client';
import {
  exclusionScope,
  flagScope,
  placementScope,
  referralScope,
  requireActor,
  separationScope,
} from '../access/scope';
import { audit } from '../record/audit';
import { fapSettings, type FapSettings } from '../rules/fapSettings';
import { ruleConfigFor } from '../rules/ruleConfig';
import type { ResolvedThresholds } from '../domain/flags/thresholds';

/**
 * One set of loaders per request (issue 17): a nested field of a list (a pupil's placements, flags,
 * exclusions; a placement's provider; a referral's decisions) is read for the whole page in one statement, so
 * a page of pupils costs a fixed number of queries whatever its size. Loaders never outlive the request: their
 * caches see the request's own writes only because mutations answer after the write.
 */
export interface Loaders {
  placementsOfPupil: DataLoader<string, Placement[]>;
  exclusionsOfPupil: DataLoader<string, Exclusion[]>;
  flagsOfPupil: DataLoader<PupilFlagsKey, Flag[], string>;
  enrolmentsOfPupil: DataLoader<string, Enrolment[]>;
  pupil: DataLoader<string, Pupil | null>;
  /** A referral's pupil: seeing the referral is seeing whom it is about, audited as one pupil read per page. */
  pupilOfReferral: DataLoader<string, Pupil | null>;
  school: DataLoader<string, School | null>;
  provider: DataLoader<string, Provider | null>;
  localAuthority: DataLoader<string, LocalAuthority | null>;
  referral: DataLoader<string, FairAccessReferral | null>;
  meeting: DataLoader<string, FairAccessPanelMeeting | null>;
  decision: DataLoader<string, FairAccessDecision | null>;
  decisionsOfReferral: DataLoader<string, FairAccessDecision[]>;
  /** The decision that supersedes the given one (at most one: supersedesId is unique). */
  decisionSuperseding: DataLoader<string, FairAccessDecision | null>;
  responseToDecision: DataLoader<string, FairAccessSchoolResponse | null>;
  directionOfDecision: DataLoader<string, FairAccessDirection | null>;
  fapSettings: DataLoader<string, FapSettings>;
  placement: DataLoader<string, Placement | null>;
  /** The placement that follows the given one (previousPlacementId is unique). */
  placementAfter: DataLoader<string, { id: string } | null>;
  reviewsOfPlacement: DataLoader<string, PlacementReview[]>;
  reintegrationOfPlacement: DataLoader<string, Reintegration | null>;
  checkpointsOfReintegration: DataLoader<string, ReintegrationCheckpoint[]>;
  /** Safeguarding facts: only the LA and the separating school read them (permission table). */
  separationsOfPupil: DataLoader<string, SafeguardingSeparation[]>;
  /**
   * A placement reached from another record (the previous or next placement, a panel decision's placement),
   * through the caller's placement scope and audited like a single placement read: one statement and one audit
   * row for the page.
   */
  placementInScope: DataLoader<string, Placement | null>;
  /** A panel meeting's decisions on referrals the caller may see, oldest first. */
  decisionsOfMeeting: DataLoader<string, FairAccessDecision[]>;
  /** A referral's previous schools, by name (the referral carries their ids). */
  previousSchoolsOfReferral: DataLoader<ReferralSchoolsKey, School[], string>;
  /** The rule configuration in force for an LA (thresholds, overrides, commencements), read once per request. */
  ruleConfig: DataLoader<string, ResolvedThresholds>;
  directionReviewRequestsOfPlacement: DataLoader<string, DirectionReviewRequest[]>;
  directionReviewMeetingsOfPlacement: DataLoader<string, DirectionReviewMeeting[]>;
  managedMovesOfPupil: DataLoader<string, ManagedMove[]>;
  inclusionBaseSpellsOfPupil: DataLoader<string, InclusionBaseSpell[]>;
  inclusionBasesOfSchool: DataLoader<string, InclusionBase[]>;
  inclusionBase: DataLoader<string, InclusionBase | null>;
}

export interface ReferralSchoolsKey {
  referralId: string;
  schoolIds: string[];
}

export interface PupilFlagsKey {
  pupilId: string;
  status?: string[] | null;
}

const byId = <T extends { id: string }>(ids: readonly string[], rows: T[]): (T | null)[] => {
  const m = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => m.get(id) ?? null);
};

/** Rows grouped by a key, in the order the statement returned them (its ORDER BY is the field's order). */
const groupBy = <T>(keys: readonly string[], rows: T[], keyOf: (r: T) => string): T[][] => {
  const m = new Map<string, T[]>(keys.map((k) => [k, []]));
  for (const r of rows) m.get(keyOf(r))?.push(r);
  return keys.map((k) => m.get(k) ?? []);
};

const unique = (ids: readonly string[]) => [...new Set(ids)];

export function createLoaders(prisma: PrismaClient, caller: Actor | null): Loaders {
  // The scope comes from the caller; a resolver asks for the actor (UNAUTHENTICATED) before it loads anything.
  const actor = () => requireActor(caller);
  return {
    placementsOfPupil: new DataLoader(async (ids) =>
      groupBy(
        ids,
        await prisma.placement.findMany({
          where: { AND: [{ pupilId: { in: unique(ids) } }, placementScope(actor())] },
          orderBy: [{ startDate: 'desc' }, { id: 'asc' }],
        }),
        (p) => p.pupilId,
      ),
    ),
    exclusionsOfPupil: new DataLoader(async (ids) =>
      groupBy(
        ids,
        await prisma.exclusion.findMany({
          where: { AND: [{ pupilId: { in: unique(ids) } }, exclusionScope(actor())] },
          orderBy: [{ startDate: 'desc' }, { id: 'asc' }],
        }),
        (e) => e.pupilId,
      ),
    ),
    flagsOfPupil: new DataLoader(
      async (keys) => {
        // One statement (and one audit row) per distinct status filter in the page; usually one.
        const byFilter = new Map<string, string[]>();
        for (const k of keys) {
          const f = JSON.stringify(k.status?.length ? [...k.status].sort() : null);
          byFilter.set(f, [...(byFilter.get(f) ?? []), k.pupilId]);
        }
        const found = new Map<string, Flag[]>();
        for (const [f, pupilIds] of byFilter) {
          const status = JSON.parse(f) as string[] | null;
          const rows = await prisma.flag.findMany({
            where: {
              AND: [
                flagScope(actor()),
                { pupilId: { in: unique(pupilIds) } },
                status ? { status: { in: status as never } } : {},
              ],
            },
            orderBy: { firstSeenAt: 'asc' },
          });
          // Flags name pupils and organisations: every read is audited with the flags and the pupils they are about.
          await audit(prisma, actor(), 'flag.list', 'FLAG', [
            ...rows.map((r) => r.id),
            ...unique(rows.flatMap((r) => (r.pupilId ? [r.pupilId] : []))),
          ]);
          groupBy(pupilIds, rows, (r) => r.pupilId ?? '').forEach((g, i) => found.set(`${f}|${pupilIds[i]}`, g));
        }
        return keys.map(
          (k) => found.get(`${JSON.stringify(k.status?.length ? [...k.status].sort() : null)}|${k.pupilId}`) ?? [],
        );
      },
      { cacheKeyFn: (k) => `${k.pupilId}|${JSON.stringify(k.status ?? null)}` },
    ),
    enrolmentsOfPupil: new DataLoader(async (ids) =>
      groupBy(
        ids,
        await prisma.enrolment.findMany({
          where: { pupilId: { in: unique(ids) } },
          orderBy: [{ startDate: 'asc' }, { id: 'asc' }],
        }),
        (e) => e.pupilId,
      ),
    ),
    pupil: new DataLoader(async (ids) =>
      byId(ids, await prisma.pupil.findMany({ where: { id: { in: unique(ids) } } })),
    ),
    pupilOfReferral: new DataLoader(async (ids) => {
      const rows = await prisma.pupil.findMany({ where: { id: { in: unique(ids) } } });
      await audit(
        prisma,
        actor(),
        'pupil.read',
        'PUPIL',
        rows.map((r) => r.id),
      );
      return byId(ids, rows);
    }),
    school: new DataLoader(async (ids) =>
      byId(ids, await prisma.school.findMany({ where: { id: { in: unique(ids) } } })),
    ),
    provider: new DataLoader(async (ids) =>
      byId(ids, await prisma.provider.findMany({ where: { id: { in: unique(ids) } } })),
    ),
    localAuthority: new DataLoader(async (ids) =>
      byId(ids, await prisma.localAuthority.findMany({ where: { id: { in: unique(ids) } } })),
    ),
    referral: new DataLoader(async (ids) =>
      byId(ids, await prisma.fairAccessReferral.findMany({ where: { id: { in: unique(ids) } } })),
    ),
    meeting: new DataLoader(async (ids) =>
      byId(ids, await prisma.fairAccessPanelMeeting.findMany({ where: { id: { in: unique(ids) } } })),
    ),
    decision: new DataLoader(async (ids) =>
      byId(ids, await prisma.fairAccessDecision.findMany({ where: { id: { in: unique(ids) } } })),
    ),
    decisionsOfReferral: new DataLoader(async (ids) =>
      groupBy(
        ids,
        await prisma.fairAccessDecision.findMany({
          where: { referralId: { in: unique(ids) } },
          orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        }),
        (d) => d.referralId,
      ),
    ),
    decisionSuperseding: new DataLoader(async (ids) => {
      const rows = await prisma.fairAccessDecision.findMany({ where: { supersedesId: { in: unique(ids) } } });
      const m = new Map(rows.map((r) => [r.supersedesId, r]));
      return ids.map((id) => m.get(id) ?? null);
    }),
    responseToDecision: new DataLoader(async (ids) => {
      const rows = await prisma.fairAccessSchoolResponse.findMany({ where: { decisionId: { in: unique(ids) } } });
      const m = new Map(rows.map((r) => [r.decisionId, r]));
      return ids.map((id) => m.get(id) ?? null);
    }),
    directionOfDecision: new DataLoader(async (ids) => {
      const rows = await prisma.fairAccessDirection.findMany({ where: { decisionId: { in: unique(ids) } } });
      const m = new Map(rows.map((r) => [r.decisionId, r]));
      return ids.map((id) => m.get(id) ?? null);
    }),
    // Settings per LA, read once per request (they were read once per field before: N+1 on a list of decisions).
    fapSettings: new DataLoader(async (laIds) => Promise.all(laIds.map((laId) => fapSettings(prisma, laId)))),
    placement: new DataLoader(async (ids) =>
      byId(ids, await prisma.placement.findMany({ where: { id: { in: unique(ids) } } })),
    ),
    placementAfter: new DataLoader(async (ids) => {
      const rows = await prisma.placement.findMany({
        where: { previousPlacementId: { in: unique(ids) } },
        select: { id: true, previousPlacementId: true },
      });
      const m = new Map(rows.map((r) => [r.previousPlacementId, { id: r.id }]));
      return ids.map((id) => m.get(id) ?? null);
    }),
    reviewsOfPlacement: new DataLoader(async (ids) =>
      groupBy(
        ids,
        await prisma.placementReview.findMany({
          where: { placementId: { in: unique(ids) } },
          orderBy: [{ reviewDate: 'asc' }, { id: 'asc' }],
        }),
        (r) => r.placementId,
      ),
    ),
    reintegrationOfPlacement: new DataLoader(async (ids) => {
      const rows = await prisma.reintegration.findMany({ where: { placementId: { in: unique(ids) } } });
      const m = new Map(rows.map((r) => [r.placementId, r]));
      return ids.map((id) => m.get(id) ?? null);
    }),
    checkpointsOfReintegration: new DataLoader(async (ids) =>
      groupBy(
        ids,
        await prisma.reintegrationCheckpoint.findMany({
          where: { reintegrationId: { in: unique(ids) } },
          orderBy: [{ schoolDays: 'asc' }, { id: 'asc' }],
        }),
        (c) => c.reintegrationId,
      ),
    ),
    separationsOfPupil: new DataLoader(async (ids) =>
      groupBy(
        ids,
        await prisma.safeguardingSeparation.findMany({
          where: { AND: [{ pupilId: { in: unique(ids) } }, separationScope(actor())] },
          orderBy: [{ startDate: 'asc' }, { id: 'asc' }],
        }),
        (s) => s.pupilId,
      ),
    ),
    placementInScope: new DataLoader(async (ids) => {
      const rows = await prisma.placement.findMany({
        where: { AND: [{ id: { in: unique(ids) } }, placementScope(actor())] },
      });
      if (rows.length)
        await audit(
          prisma,
          actor(),
          'placement.read',
          'PLACEMENT',
          rows.flatMap((p) => [p.id, p.pupilId]),
        );
      return byId(ids, rows);
    }),
    decisionsOfMeeting: new DataLoader(async (ids) =>
      groupBy(
        ids,
        await prisma.fairAccessDecision.findMany({
          where: { meetingId: { in: unique(ids) }, referral: referralScope(actor()) },
          orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        }),
        (d) => d.meetingId,
      ),
    ),
    previousSchoolsOfReferral: new DataLoader(
      async (keys) => {
        // One statement for every referral on the page, in the database's name order; each takes its own.
        const rows = await prisma.school.findMany({
          where: { id: { in: unique(keys.flatMap((k) => k.schoolIds)) } },
          orderBy: { name: 'asc' },
        });
        return keys.map((k) => rows.filter((r) => k.schoolIds.includes(r.id)));
      },
      { cacheKeyFn: (k) => k.referralId },
    ),
    ruleConfig: new DataLoader(async (laIds) => Promise.all(laIds.map((laId) => ruleConfigFor(prisma, laId)))),
    directionReviewRequestsOfPlacement: new DataLoader(async (ids) =>
      groupBy(
        ids,
        await prisma.directionReviewRequest.findMany({
          where: { placementId: { in: unique(ids) } },
          orderBy: [{ requestedOn: 'asc' }, { id: 'asc' }],
        }),
        (r) => r.placementId,
      ),
    ),
    directionReviewMeetingsOfPlacement: new DataLoader(async (ids) =>
      groupBy(
        ids,
        await prisma.directionReviewMeeting.findMany({
          where: { placementId: { in: unique(ids) } },
          orderBy: [{ meetingDate: 'asc' }, { id: 'asc' }],
        }),
        (m) => m.placementId,
      ),
    ),
    managedMovesOfPupil: new DataLoader(async (ids) =>
      groupBy(
        ids,
        await prisma.managedMove.findMany({
          where: { pupilId: { in: unique(ids) } },
          orderBy: [{ startDate: 'asc' }, { id: 'asc' }],
        }),
        (m) => m.pupilId,
      ),
    ),
    inclusionBaseSpellsOfPupil: new DataLoader(async (ids) =>
      groupBy(
        ids,
        await prisma.inclusionBaseSpell.findMany({
          where: { pupilId: { in: unique(ids) } },
          orderBy: [{ startDate: 'asc' }, { id: 'asc' }],
        }),
        (s) => s.pupilId,
      ),
    ),
    inclusionBasesOfSchool: new DataLoader(async (ids) =>
      groupBy(
        ids,
        await prisma.inclusionBase.findMany({
          where: { schoolId: { in: unique(ids) } },
          orderBy: [{ name: 'asc' }, { id: 'asc' }],
        }),
        (b) => b.schoolId,
      ),
    ),
    inclusionBase: new DataLoader(async (ids) =>
      byId(ids, await prisma.inclusionBase.findMany({ where: { id: { in: unique(ids) } } })),
    ),
  };
}
