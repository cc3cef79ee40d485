/**
 * Fair access tables → the plain snapshots rules F1, F2, F5–F8 read (domain/flags/snapshots.ts).
 * Dates as YYYY-MM-DD; enum names mapped where the flag engine's differ from the tables'.
 */
import type { PrismaClient } from '../generated/prisma/client';
import type { FapDecisionOutcome } from '../generated/prisma/enums';
import type { FairShareSnapshot, FapDecision, ReferralSnapshot, SchoolResponseFacts } from '../domain/flags/snapshots';
import { allocatedOn, type ChainDecision } from '../domain/fairAccess/deadlines';
import { flagSchoolType } from '../domain/fairAccess/escalation';
import { loadCommencements } from '../rules/ruleConfig';
import { phaseForYearGroup } from '../domain/fairAccess/eligibility';
import { fairShareRows } from '../domain/fairAccess/fairShare';
import { schoolsForPhase } from '../domain/fairAccess/whoseTurn';
import { orderChain } from '../domain/fairAccess/supersede';
import { academicYearEnd, academicYearStart, isValidAcademicYearLabel } from '../domain/academicYear';

const iso = (d: Date): string => d.toISOString().slice(0, 10);
const isoOrNull = (d: Date | null | undefined): string | null => (d ? iso(d) : null);

/** Table outcome → the flag engine's decision names (§4.4); WITHDRAWN closes the referral instead. */
const DECISION: Record<FapDecisionOutcome, FapDecision | null> = {
  ALLOCATE_SCHOOL: 'ALLOCATE_SCHOOL',
  AP_PLACEMENT: 'AP_PLACEMENT_INTERIM',
  MANAGED_MOVE: 'MANAGED_MOVE_RECOMMENDED',
  DEFER: 'DEFERRED_MORE_INFO',
  NOT_ELIGIBLE: 'NOT_ELIGIBLE',
  WITHDRAWN: null,
};

const include = {
  decisions: { include: { meeting: true, response: true, direction: true, allocatedSchool: true } },
} as const;

/**
 * One snapshot per referral id found. `responses` lists, for each decision that asked a school, what the
 * school answered and any escalation — a superseded decision only if the school had answered it (so a
 * request overtaken before its window closed does not read as silence); the decision in force always.
 */
export async function loadReferralSnapshots(
  prisma: PrismaClient,
  ids: string[],
  asOf?: string,
): Promise<ReferralSnapshot[]> {
  if (ids.length === 0) return [];
  const [rows, commencements] = await Promise.all([
    prisma.fairAccessReferral.findMany({ where: { id: { in: ids } }, include, orderBy: { id: 'asc' } }),
    loadCommencements(prisma),
  ]);
  return rows.map((r) => {
    const chain =
      orderChain(r.decisions) ?? [...r.decisions].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
    const current = chain.at(-1) ?? null;
    const links: ChainDecision[] = chain.map((d) => ({
      id: d.id,
      supersedesId: d.supersedesId,
      outcome: d.outcome,
      admissionDeadline: isoOrNull(d.admissionDeadline),
      meetingDate: iso(d.meeting.meetingDate),
    }));
    const responses: SchoolResponseFacts[] = [];
    for (const d of chain) {
      if (d.outcome !== 'ALLOCATE_SCHOOL' || !d.allocatedSchool) continue;
      if (d !== current && !d.response) continue;
      const dir = d.direction;
      // A direction sought keeps its route; otherwise the route open on the day (CWSA s62 moves academies to F6).
      const when = { on: dir ? iso(dir.requestedOn) : (asOf ?? iso(d.meeting.meetingDate)), commencements };
      const schoolType =
        dir && flagSchoolType(d.allocatedSchool.type)
          ? dir.route === 'LA_DIRECTION'
            ? 'MAINTAINED'
            : 'ACADEMY'
          : flagSchoolType(d.allocatedSchool.type, when);
      if (!schoolType) continue;
      const la = dir?.route === 'LA_DIRECTION';
      responses.push({
        schoolId: d.allocatedSchool.id,
        schoolType,
        requestedOn: iso(d.meeting.meetingDate),
        respondedOn: isoOrNull(d.response?.respondedOn),
        outcome: d.response?.outcome ?? null,
        refusalGrounds: d.response?.refusalGrounds ?? [],
        schoolHasHighProportionChallenging: d.response?.schoolHasHighProportionChallenging ?? null,
        laDirectionIntentOn: la ? iso(dir.requestedOn) : null,
        adjudicatorReferredOn: la ? isoOrNull(dir.adjudicatorReferredOn) : null,
        // Any recorded outcome ends the LA's direction step (directed, school agreed, or dropped).
        directionIssuedOn: la ? isoOrNull(dir.outcomeOn) : null,
        sosDirectionRequestedOn: dir && !la ? iso(dir.requestedOn) : null,
        sosDecisionOn: dir && !la ? isoOrNull(dir.outcomeOn) : null,
      });
    }
    const allocated = allocatedOn(links);
    const allocatedSchoolId =
      current && allocated && (current.outcome === 'ALLOCATE_SCHOOL' || current.outcome === 'MANAGED_MOVE')
        ? current.allocatedSchoolId
        : null;
    return {
      id: r.id,
      laId: r.laId,
      pupilId: r.pupilId,
      category: r.categories[0] ?? null,
      referredOn: iso(r.referredOn),
      agreedToConsiderOn: isoOrNull(r.agreedToConsiderOn),
      decision: current ? DECISION[current.outcome] : null,
      allocatedOn: allocated,
      allocatedSchoolId,
      plannedStartDate: current?.outcome === 'ALLOCATE_SCHOOL' ? isoOrNull(current.admissionDeadline) : null,
      admittedOn: isoOrNull(r.admittedOn),
      closedOn: isoOrNull(r.closedOn),
      responses,
    };
  });
}

/**
 * Rule F8's input: for each phase, every open mainstream school of the phase with its fair access
 * admissions in the academic year (by the year group sought) and its roll.
 */
export async function loadFairShareSnapshots(
  prisma: PrismaClient,
  laId: string,
  academicYear: string,
): Promise<FairShareSnapshot[]> {
  if (!isValidAcademicYearLabel(academicYear))
    throw new RangeError(`Not an academic year label like 2025-26: ${academicYear}`);
  const [schools, admitted] = await Promise.all([
    prisma.school.findMany({ where: { laId }, orderBy: { urn: 'asc' } }),
    prisma.fairAccessReferral.findMany({
      where: {
        laId,
        status: 'ADMITTED',
        admittedOn: {
          gte: new Date(`${academicYearStart(academicYear)}T00:00:00Z`),
          lte: new Date(`${academicYearEnd(academicYear)}T00:00:00Z`),
        },
      },
      select: { admittedSchoolId: true, admittedOn: true, yearGroupSought: true },
    }),
  ]);
  const admissions = admitted.flatMap((a) =>
    a.admittedSchoolId && a.admittedOn
      ? [{ schoolId: a.admittedSchoolId, admittedOn: iso(a.admittedOn), yearGroup: a.yearGroupSought }]
      : [],
  );
  return (['PRIMARY', 'SECONDARY'] as const).map((phase) => {
    const inPhase = schoolsForPhase(schools, phase);
    const rows = fairShareRows(
      inPhase,
      admissions.filter((a) => phaseForYearGroup(a.yearGroup) === phase),
      academicYear,
    );
    const byId = new Map(inPhase.map((s) => [s.id, s]));
    return {
      laId,
      academicYear,
      phase,
      schools: rows.map((x) => ({
        schoolId: x.schoolId,
        fapAdmissions: x.total,
        pupilsOnRoll: byId.get(x.schoolId)!.numberOnRoll,
      })),
    };
  });
}
