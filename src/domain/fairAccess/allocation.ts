import type { FapDecisionOutcome, FapReferralStatus, PlacementReason, SchoolPhase, SchoolType } from '../enums';
import type { FieldProblem } from '../problems';
import { phaseForYearGroup } from './eligibility';
import { escalationRouteFor } from './escalation';

/**
 * The fair access panel's allocation policy (School Admissions Code 2021 §3.17–3.23, domain.md §5): which facts
 * each outcome carries, which schools a decision may name, and when allocating a school other than the one whose
 * turn it is needs the panel's reason. Pure: the use case (usecases/fairAccess/decide.ts) reads the facts.
 */

/** The outcomes that name a school. */
export const NAMES_SCHOOL: readonly FapDecisionOutcome[] = ['ALLOCATE_SCHOOL', 'MANAGED_MOVE'];

/** The referral's status after each outcome. */
export const REFERRAL_STATUS_AFTER: Record<FapDecisionOutcome, FapReferralStatus> = {
  ALLOCATE_SCHOOL: 'ALLOCATED',
  MANAGED_MOVE: 'ALLOCATED',
  AP_PLACEMENT: 'PLACED_IN_AP',
  DEFER: 'OPEN',
  NOT_ELIGIBLE: 'NOT_ELIGIBLE',
  WITHDRAWN: 'WITHDRAWN',
};

/**
 * The reasons for which a panel's AP placement may be opened. The LA commissions it for a child the panel is
 * placing (Admissions Code §3.17): provision from day 6 of a suspension and an off-site direction are a school's
 * (s29A), and a setting named in an EHC plan is secured through the plan (s42 CFA 2014), not the panel.
 */
export const PANEL_PLACEMENT_REASONS: readonly PlacementReason[] = [
  'PERMANENT_EXCLUSION',
  'BEHAVIOUR_EARLY_INTERVENTION',
  'HEALTH_NEEDS',
  'AWAITING_SCHOOL_PLACE',
  'OTHER',
];

export function panelPlacementReasonProblem(reason: PlacementReason): FieldProblem | null {
  return PANEL_PLACEMENT_REASONS.includes(reason)
    ? null
    : {
        field: 'placement.reason',
        message:
          'A panel’s AP placement is commissioned by the LA: a suspension, an off-site direction or a setting ' +
          'named in an EHC plan is not placed through the panel.',
      };
}

export interface DecisionShape {
  outcome: FapDecisionOutcome;
  allocatedSchoolId?: string | null;
  admissionDeadline?: string | null;
  placement?: unknown;
  deferredToMeetingId?: string | null;
}

/** Which facts each outcome carries (the table's CHECK constraint says the same). */
export function decisionShapeProblems(f: DecisionShape): FieldProblem[] {
  const out: FieldProblem[] = [];
  const need = (ok: boolean, field: string, message: string) => void (ok || out.push({ field, message }));
  const names = NAMES_SCHOOL.includes(f.outcome);
  need(
    names === Boolean(f.allocatedSchoolId),
    'allocatedSchoolId',
    names ? 'Name the school.' : 'Only an allocation or a managed move names a school.',
  );
  need(
    (f.outcome === 'ALLOCATE_SCHOOL') === Boolean(f.admissionDeadline),
    'admissionDeadline',
    f.outcome === 'ALLOCATE_SCHOOL'
      ? 'An allocation sets the date by which the school must admit.'
      : 'Only an allocation sets an admission deadline.',
  );
  need(
    (f.outcome === 'AP_PLACEMENT') === Boolean(f.placement),
    'placement',
    f.outcome === 'AP_PLACEMENT'
      ? 'An AP placement needs the placement details.'
      : 'Only an AP placement decision opens a placement.',
  );
  need(
    (f.outcome === 'DEFER') === Boolean(f.deferredToMeetingId),
    'deferredToMeetingId',
    f.outcome === 'DEFER'
      ? 'Name the later meeting the case is deferred to.'
      : 'Only a deferral names a later meeting.',
  );
  return out;
}

export interface SchoolToName {
  name: string;
  type: SchoolType;
  phase: SchoolPhase;
}

/**
 * Whether a decision may name this school: a managed move is to another mainstream school (§5.3); an allocation
 * is to a school in the protocol (not special or independent); and the school teaches the child's phase.
 */
export function allocatedSchoolProblem(
  outcome: FapDecisionOutcome,
  school: SchoolToName,
  yearGroupSought: number,
): FieldProblem | null {
  const mainstream = school.type === 'MAINTAINED' || school.type === 'ACADEMY';
  if (outcome === 'MANAGED_MOVE' ? !mainstream : !escalationRouteFor(school.type))
    return {
      field: 'allocatedSchoolId',
      message: `${school.name} cannot take a pupil this way: ${outcome === 'MANAGED_MOVE' ? 'a managed move is to another mainstream school (§5.3)' : 'special and independent schools are not part of the protocol'}.`,
    };
  const phase = phaseForYearGroup(yearGroupSought);
  if ((school.phase === 'PRIMARY' || school.phase === 'SECONDARY') && school.phase !== phase)
    return {
      field: 'allocatedSchoolId',
      message: `${school.name} is a ${school.phase.toLowerCase()} school; the child needs a ${phase.toLowerCase()} place (year group ${yearGroupSought}).`,
    };
  return null;
}

export type WhoseTurnOutcome =
  { ok: true; whoseTurnSchoolId: string | null; overrideReason: string | null } | { ok: false; problem: FieldProblem };

/**
 * The whose-turn rule at allocation: the school at the top of the ranking is recorded; allocating another school
 * overrides the rule and needs the panel's reason.
 */
export function whoseTurnAllocation(
  allocated: { id: string; name: string },
  top: { schoolId: string; name: string } | null,
  overrideReason: string | null | undefined,
): WhoseTurnOutcome {
  if (!top || top.schoolId === allocated.id)
    return { ok: true, whoseTurnSchoolId: top?.schoolId ?? null, overrideReason: null };
  if (!overrideReason)
    return {
      ok: false,
      problem: {
        field: 'overrideReason',
        message: `By the whose-turn rule it is ${top.name}'s turn; allocating ${allocated.name} instead overrides the rule, so give the panel's reason.`,
      },
    };
  return { ok: true, whoseTurnSchoolId: top.schoolId, overrideReason };
}
