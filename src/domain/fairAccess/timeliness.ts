/**
 * Fair access deadlines in school days (domain.md §4.1; rules F1, F2). The arithmetic matches the
 * flag rules: the target date is the nth school day strictly after the day the clock starts, and a
 * case is overdue on any day after it.
 */
import { schoolDaysAfter, type SchoolDays } from '../calendar/schoolDays';
import type { IsoDate } from '../dates';
import { DEFAULT_VALUES } from '../flags/thresholds';

/** Code para 3.21: a place must be allocated within 20 school days of agreeing to consider the case. */
export const ALLOCATION_TARGET_SCHOOL_DAYS = DEFAULT_VALUES.fairAccessAllocationSchoolDays;
export const START_TARGET_SCHOOL_DAYS = DEFAULT_VALUES.fairAccessStartSchoolDays;

export interface F1Facts {
  agreedToConsiderOn: IsoDate | null;
  allocatedOn: IsoDate | null;
  closedOn: IsoDate | null;
}

export interface F1Answer {
  clockStartedOn: IsoDate | null;
  allocateBy: IsoDate | null;
  /** School days counted so far; frozen at allocation or closure. */
  schoolDaysElapsed: number | null;
  /** While the clock runs; null once allocated or closed. */
  schoolDaysRemaining: number | null;
  overdue: boolean;
  schoolDaysOverdue: number;
  /** Set once allocated: whether it was within the target. */
  allocatedWithinTarget: boolean | null;
}

/** Rule F1: the 20-school-day allocation target, as of a date. */
export function ruleF1AllocationTarget(
  cal: SchoolDays,
  f: F1Facts,
  asOf: IsoDate,
  target = ALLOCATION_TARGET_SCHOOL_DAYS,
): F1Answer {
  const start = f.agreedToConsiderOn;
  if (!start || start > asOf)
    return {
      clockStartedOn: start,
      allocateBy: null,
      schoolDaysElapsed: null,
      schoolDaysRemaining: null,
      overdue: false,
      schoolDaysOverdue: 0,
      allocatedWithinTarget: null,
    };
  const allocateBy = cal.addSchoolDays(start, target);
  const allocated = f.allocatedOn && f.allocatedOn <= asOf ? f.allocatedOn : null;
  const closed = f.closedOn && f.closedOn <= asOf ? f.closedOn : null;
  const stop = allocated ?? closed ?? asOf;
  const elapsed = schoolDaysAfter(cal, start, stop);
  const running = !allocated && !closed;
  const overdue = running && asOf > allocateBy;
  return {
    clockStartedOn: start,
    allocateBy,
    schoolDaysElapsed: elapsed,
    schoolDaysRemaining: running ? Math.max(0, target - elapsed) : null,
    overdue,
    schoolDaysOverdue: overdue ? schoolDaysAfter(cal, allocateBy, asOf) : 0,
    allocatedWithinTarget: allocated ? allocated <= allocateBy : null,
  };
}

/** Rule F2: by when an allocated child should have started ("as soon as possible"; a design default). */
export function ruleF2StartBy(cal: SchoolDays, allocatedOn: IsoDate, days = START_TARGET_SCHOOL_DAYS): IsoDate {
  return days <= 0 ? allocatedOn : cal.addSchoolDays(allocatedOn, days);
}

/**
 * Time to place: school days after the referral day up to and including the first day at the new
 * place. A child referred on a Monday and starting the next Monday waited 5 school days.
 */
export function timeToPlaceSchoolDays(cal: SchoolDays, referredOn: IsoDate, admittedOn: IsoDate): number {
  return schoolDaysAfter(cal, referredOn, admittedOn);
}
