import { addDays, type IsoDate } from '../dates';

/**
 * The one calendar contract the rules depend on (SchoolCalendar implements it): rules take this interface, or a
 * Pick of it when they need less, so a rule depends on what it counts with, not on how term dates are loaded.
 */
export interface SchoolDays {
  isSchoolDay(d: IsoDate): boolean;
  /** School days d with start <= d <= end (0 when end < start). */
  schoolDaysBetween(start: IsoDate, end: IsoDate): number;
  /** The nth school day strictly after d (n >= 1). */
  addSchoolDays(d: IsoDate, n: number): IsoDate;
  /** The nth school day counting d as day 1 when d is a school day (n >= 1). */
  nthSchoolDayFrom(d: IsoDate, n: number): IsoDate;
  /** Term of a school day; null on a day that is not a school day. */
  termOf(d: IsoDate): { academicYear: string; term: string } | null;
}

/** School days in (from, to]: how many have passed since a deadline; 0 when `to` is not after `from`. */
export function schoolDaysAfter(cal: Pick<SchoolDays, 'schoolDaysBetween'>, from: IsoDate, to: IsoDate): number {
  return to > from ? cal.schoolDaysBetween(addDays(from, 1), to) : 0;
}
