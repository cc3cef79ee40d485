/**
 * Every deadline of one referral as of a date: rule F1 (20 school days to allocate), rule F2 (start
 * soon after), the panel's own admission deadline, and time to place once admitted.
 */
import type { FapDecisionOutcome } from '../enums';
import type { IsoDate } from '../dates';
import type { SchoolDays } from '../calendar/schoolDays';
import { orderChain } from './supersede';
import { ruleF1AllocationTarget, ruleF2StartBy, timeToPlaceSchoolDays } from './timeliness';

/** Outcomes that give the child a place (and so stop the F1 clock). */
export const ALLOCATING_OUTCOMES: readonly FapDecisionOutcome[] = ['ALLOCATE_SCHOOL', 'MANAGED_MOVE', 'AP_PLACEMENT'];

export interface ChainDecision {
  id: string;
  supersedesId: string | null;
  outcome: FapDecisionOutcome;
  admissionDeadline: IsoDate | null;
  meetingDate: IsoDate;
}

export interface DeadlineFacts {
  referredOn: IsoDate;
  agreedToConsiderOn: IsoDate | null;
  admittedOn: IsoDate | null;
  closedOn: IsoDate | null;
  decisions: readonly ChainDecision[];
}

/**
 * When the place was allocated: the start of the unbroken run of allocating decisions ending at the
 * one in force, so re-allocating after a refusal does not move the date; null when none is in force.
 */
export function allocatedOn(decisions: readonly ChainDecision[]): IsoDate | null {
  const chain = orderChain(decisions) ?? [];
  let first: ChainDecision | null = null;
  for (let i = chain.length - 1; i >= 0 && ALLOCATING_OUTCOMES.includes(chain[i]!.outcome); i--) first = chain[i]!;
  return first ? first.meetingDate : null;
}

export interface DeadlineSettings {
  allocationSchoolDays: number;
  startSchoolDays: number;
}

export function referralDeadlines(cal: SchoolDays, r: DeadlineFacts, asOf: IsoDate, s: DeadlineSettings) {
  const current = (orderChain(r.decisions) ?? []).at(-1) ?? null;
  const allocated = allocatedOn(r.decisions);
  const admitted = r.admittedOn !== null && r.admittedOn <= asOf;
  const f1 = ruleF1AllocationTarget(
    cal,
    { agreedToConsiderOn: r.agreedToConsiderOn, allocatedOn: allocated, closedOn: r.closedOn },
    asOf,
    s.allocationSchoolDays,
  );
  const admissionDeadline = current?.outcome === 'ALLOCATE_SCHOOL' ? current.admissionDeadline : null;
  const startBy = allocated ? ruleF2StartBy(cal, allocated, s.startSchoolDays) : null;
  const waiting = r.closedOn === null && !admitted;
  return {
    asOf,
    ...f1,
    allocationTargetSchoolDays: s.allocationSchoolDays,
    allocatedOn: allocated,
    admissionDeadline,
    admissionOverdue: waiting && admissionDeadline !== null && asOf > admissionDeadline,
    startBy,
    startOverdue: waiting && startBy !== null && asOf > startBy,
    admittedOn: r.admittedOn,
    timeToPlaceSchoolDays: r.admittedOn ? timeToPlaceSchoolDays(cal, r.referredOn, r.admittedOn) : null,
  };
}
