import type { SchoolDays } from './schedule';

export const SUSPENSION_CAP_SCHOOL_DAYS = 45; // rule E1: 45 school days in an academic year, across all schools

/** Rule E1: a suspension that would take the year's total past 45 school days is refused. */
export function ruleE1SuspensionCap(existingDays: number, newDays: number, cap = SUSPENSION_CAP_SCHOOL_DAYS):
  { ok: true; total: number } | { ok: false; total: number; message: string } {
  const total = existingDays + newDays;
  if (total > cap) {
    return {
      ok: false,
      total,
      message: `This suspension would bring the pupil's suspensions this academic year to ${total} school days; the legal maximum is ${cap} across all schools (${existingDays} already recorded)`,
    };
  }
  return { ok: true, total };
}

/** Rule E7: suspensions are counted in half days (a lunchtime suspension is 0.5). */
export const ruleE7HalfDaySteps = (days: number) => days > 0 && Number.isInteger(days * 2);

/**
 * The day-6 duty: from the sixth school day of a permanent exclusion (LA) or of a suspension of more
 * than five consecutive school days (school), suitable full-time education must be in place.
 * The first day of the exclusion counts as day 1 when it is a school day.
 */
export function daySixDate(cal: SchoolDays, kind: 'SUSPENSION' | 'PERMANENT', startDate: string, schoolDays: number | null): string | null {
  if (kind === 'SUSPENSION' && (schoolDays ?? 0) <= 5) return null;
  return cal.nthSchoolDayFrom(startDate, 6);
}
