import type { Prisma } from '../generated/prisma/client';
import { readApHistory } from './apHistory';

type Tx = Prisma.TransactionClient;

/** The pack's format name and version; docs/schemas/ap-history-pack.v1.schema.json is its JSON Schema. */
export const HISTORY_PACK_FORMAT = 'ap-movement-tracker/ap-history-pack/v1';
export const HISTORY_PACK_SCHEMA_PATH = '/schemas/ap-history-pack.v1.schema.json';

export interface SchoolRef {
  urn: string;
  name: string;
}

export interface HistoryPack {
  format: typeof HISTORY_PACK_FORMAT;
  generatedAt: string;
  producedBy: { laCode: string; laName: string };
  pupil: {
    upn: string;
    upnIsTemporary: boolean;
    firstName: string;
    lastName: string;
    dateOfBirth: string;
    sex: string;
    ethnicityCode: string | null;
    senStatus: string;
    lookedAfter: boolean;
    socialCareStatus: string;
    fsmEligible: boolean;
    homeLaCode: string;
  };
  placements: PackPlacement[];
  exclusions: PackExclusion[];
  fairAccessReferrals: PackReferral[];
  flags: PackFlag[];
  earlierHistories: EarlierHistory[];
}

export interface PackPlacement {
  ref: string;
  laCode: string;
  provider: { name: string; urn: string | null; ukprn: string | null; settingType: string | null };
  commissionerKind: string;
  commissioningSchool: SchoolRef | null;
  reason: string;
  reasonOther: string | null;
  legalBasis: string;
  tier: string;
  registration: string;
  startDate: string;
  plannedEndDate: string | null;
  endDate: string | null;
  status: string;
  hoursPerWeek: number;
  objectives: string;
  reintegrationPlan: string;
  lastReviewDate: string | null;
  nextReviewDue: string;
  destination: string | null;
  destinationSchool: SchoolRef | null;
  destinationDetail: string | null;
  imported: boolean;
  previousPlacementRef: string | null;
  reviews: { reviewDate: string; outcome: string; newPlannedEndDate: string | null; notes: string }[];
  hoursChanges: { effectiveOn: string; from: number | null; to: number; reason: string }[];
  reintegration: {
    school: SchoolRef;
    startDate: string;
    status: string;
    checkpoints: {
      label: string;
      schoolDays: number;
      dueDate: string;
      isFinal: boolean;
      outcome: string | null;
      reportedOn: string | null;
      reason: string | null;
    }[];
  } | null;
}

export interface PackExclusion {
  ref: string;
  school: SchoolRef;
  kind: string;
  startDate: string;
  schoolDays: number | null;
  reasonCategory: string;
  academicYear: string;
  governorOutcome: string;
  governorDecisionDate: string | null;
}

export interface PackReferral {
  ref: string;
  laCode: string;
  referredOn: string;
  categories: string[];
  route: string;
  status: string;
  yearGroupSought: number;
  agreedToConsiderOn: string | null;
  admittedOn: string | null;
  admittedSchool: SchoolRef | null;
  closedOn: string | null;
  decisions: {
    recordedAt: string;
    outcome: string;
    rationale: string;
    allocatedSchool: SchoolRef | null;
    admissionDeadline: string | null;
    supersedesEarlier: boolean;
    response: { respondedOn: string; outcome: string; refusalGrounds: string[]; reason: string } | null;
    direction: {
      requestedOn: string;
      route: string;
      basis: string;
      outcome: string | null;
      outcomeOn: string | null;
    } | null;
  }[];
}

export interface PackFlag {
  ruleId: string;
  title: string;
  severity: string;
  status: string;
  firstSeenAt: string;
  lastSeenAt: string;
  resolvedAt: string | null;
  dismissedAt: string | null;
  dismissedReason: string | null;
}

/** A history another LA sent (already verified when it arrived), carried forward with its provenance. */
export interface EarlierHistory {
  sendingLaCode: string;
  sendingLaName: string;
  signerKid: string;
  signedAt: string;
  receivedAt: string;
  pack: HistoryPack;
}

const day = (d: Date) => d.toISOString().slice(0, 10);
const dayOrNull = (d: Date | null) => (d ? day(d) : null);
const instantOrNull = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * One pupil's AP history as the pack (docs/schemas/ap-history-pack.v1.schema.json): placements with their reviews,
 * hours changes and return to school with its checkpoints; exclusions; fair access referrals and decisions; flags;
 * and histories received from other LAs. Records are read through readApHistory (the subject access export reads
 * the same), schools and LAs are named by their public identifiers, never by this installation's ids.
 * Runs in the caller's transaction; the caller has already checked scope.
 */
export async function collectHistoryPack(
  tx: Tx,
  pupilId: string,
  producedByLaId: string,
  generatedAt: Date,
): Promise<HistoryPack> {
  const pupil = await tx.pupil.findUniqueOrThrow({ where: { id: pupilId }, include: { homeLa: true } });
  const producer = await tx.localAuthority.findUniqueOrThrow({ where: { id: producedByLaId } });
  const h = await readApHistory(tx, pupilId);
  const schoolIds = new Set<string>();
  const add = (id: string | null) => id && schoolIds.add(id);
  for (const p of h.placements) [p.commissioningSchoolId, p.destinationSchoolId].forEach(add);
  for (const r of h.reintegrations) add(r.schoolId);
  for (const e of h.exclusions) add(e.schoolId);
  for (const r of h.referrals) {
    add(r.admittedSchoolId);
    for (const d of r.decisions) add(d.allocatedSchoolId);
  }
  const schools = new Map(
    (
      await tx.school.findMany({ where: { id: { in: [...schoolIds] } }, select: { id: true, urn: true, name: true } })
    ).map((s) => [s.id, { urn: s.urn, name: s.name }]),
  );
  const school = (id: string | null): SchoolRef | null => (id ? (schools.get(id) ?? null) : null);
  const laIds = [...new Set([...h.placements.map((p) => p.laId), ...h.referrals.map((r) => r.laId)])];
  const laCodes = new Map(
    (await tx.localAuthority.findMany({ where: { id: { in: laIds } }, select: { id: true, code: true } })).map((l) => [
      l.id,
      l.code,
    ]),
  );
  const providers = new Map(
    (
      await tx.provider.findMany({
        where: { id: { in: [...new Set(h.placements.map((p) => p.providerId))] } },
        select: { id: true, settingType: true },
      })
    ).map((p) => [p.id, p.settingType]),
  );
  const reintegrationOf = new Map(h.reintegrations.map((r) => [r.placementId, r]));
  const hoursEvents = h.timeline.filter((e) => e.type === 'PLACEMENT_HOURS_CHANGED');
  const received = await tx.receivedHistory.findMany({ where: { pupilId }, orderBy: { receivedAt: 'asc' } });

  return {
    format: HISTORY_PACK_FORMAT,
    generatedAt: generatedAt.toISOString(),
    producedBy: { laCode: producer.code, laName: producer.name },
    pupil: {
      upn: pupil.upn,
      upnIsTemporary: pupil.upnIsTemporary,
      firstName: pupil.firstName,
      lastName: pupil.lastName,
      dateOfBirth: day(pupil.dateOfBirth),
      sex: pupil.sex,
      ethnicityCode: pupil.ethnicityCode,
      senStatus: pupil.senStatus,
      lookedAfter: pupil.lookedAfter,
      socialCareStatus: pupil.socialCareStatus,
      fsmEligible: pupil.fsmEligible,
      homeLaCode: pupil.homeLa.code,
    },
    placements: h.placements.map((p) => {
      const r = reintegrationOf.get(p.id);
      return {
        ref: p.id,
        laCode: laCodes.get(p.laId) ?? '',
        provider: {
          name: p.provider.name,
          urn: p.provider.urn,
          ukprn: p.provider.ukprn,
          settingType: providers.get(p.providerId) ?? null,
        },
        commissionerKind: p.commissionerKind,
        commissioningSchool: school(p.commissioningSchoolId),
        reason: p.reason,
        reasonOther: p.reasonOther,
        legalBasis: p.legalBasis,
        tier: p.tier,
        registration: p.registration,
        startDate: day(p.startDate),
        plannedEndDate: dayOrNull(p.plannedEndDate),
        endDate: dayOrNull(p.endDate),
        status: p.status,
        hoursPerWeek: Number(p.hoursPerWeek),
        objectives: p.objectives,
        reintegrationPlan: p.reintegrationPlan,
        lastReviewDate: dayOrNull(p.lastReviewDate),
        nextReviewDue: day(p.nextReviewDue),
        destination: p.destination,
        destinationSchool: school(p.destinationSchoolId),
        destinationDetail: p.destinationDetail,
        imported: p.imported,
        previousPlacementRef: p.previousPlacementId,
        reviews: p.reviews.map((v) => ({
          reviewDate: day(v.reviewDate),
          outcome: v.outcome,
          newPlannedEndDate: dayOrNull(v.newPlannedEndDate),
          notes: v.notes,
        })),
        hoursChanges: hoursEvents
          .filter((e) => e.placementId === p.id)
          .map((e) => {
            const d = e.data as { from?: number; to: number };
            return { effectiveOn: day(e.occurredOn), from: d.from ?? null, to: Number(d.to), reason: e.reason };
          }),
        reintegration: r
          ? {
              school: school(r.schoolId) ?? { urn: '', name: '' },
              startDate: day(r.startDate),
              status: r.status,
              checkpoints: r.checkpoints.map((c) => ({
                label: c.label,
                schoolDays: c.schoolDays,
                dueDate: day(c.dueDate),
                isFinal: c.isFinal,
                outcome: c.outcome,
                reportedOn: dayOrNull(c.reportedOn),
                reason: c.reason,
              })),
            }
          : null,
      };
    }),
    exclusions: h.exclusions.map((e) => ({
      ref: e.id,
      school: school(e.schoolId) ?? { urn: '', name: '' },
      kind: e.kind,
      startDate: day(e.startDate),
      schoolDays: e.schoolDays === null ? null : Number(e.schoolDays),
      reasonCategory: e.reasonCategory,
      academicYear: e.academicYear,
      governorOutcome: e.governorOutcome,
      governorDecisionDate: dayOrNull(e.governorDecisionDate),
    })),
    fairAccessReferrals: h.referrals.map((r) => ({
      ref: r.id,
      laCode: laCodes.get(r.laId) ?? '',
      referredOn: day(r.referredOn),
      categories: [...r.categories],
      route: r.route,
      status: r.status,
      yearGroupSought: r.yearGroupSought,
      agreedToConsiderOn: dayOrNull(r.agreedToConsiderOn),
      admittedOn: dayOrNull(r.admittedOn),
      admittedSchool: school(r.admittedSchoolId),
      closedOn: dayOrNull(r.closedOn),
      decisions: [...r.decisions]
        .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
        .map((d) => ({
          recordedAt: d.createdAt.toISOString(),
          outcome: d.outcome,
          rationale: d.rationale,
          allocatedSchool: school(d.allocatedSchoolId),
          admissionDeadline: dayOrNull(d.admissionDeadline),
          supersedesEarlier: d.supersedesId !== null,
          response: d.response
            ? {
                respondedOn: day(d.response.respondedOn),
                outcome: d.response.outcome,
                refusalGrounds: [...d.response.refusalGrounds],
                reason: d.response.reason,
              }
            : null,
          direction: d.direction
            ? {
                requestedOn: day(d.direction.requestedOn),
                route: d.direction.route,
                basis: d.direction.basis,
                outcome: d.direction.outcome,
                outcomeOn: dayOrNull(d.direction.outcomeOn),
              }
            : null,
        })),
    })),
    flags: h.flags.map((f) => ({
      ruleId: f.ruleId,
      title: f.title,
      severity: f.severity,
      status: f.status,
      firstSeenAt: f.firstSeenAt.toISOString(),
      lastSeenAt: f.lastSeenAt.toISOString(),
      resolvedAt: instantOrNull(f.resolvedAt),
      dismissedAt: instantOrNull(f.dismissedAt),
      dismissedReason: f.dismissedReason,
    })),
    earlierHistories: received.map((r) => ({
      sendingLaCode: r.sendingLaCode,
      sendingLaName: r.sendingLaName,
      signerKid: r.signerKid,
      signedAt: r.signedAt.toISOString(),
      receivedAt: r.receivedAt.toISOString(),
      pack: r.pack as unknown as HistoryPack,
    })),
  };
}
