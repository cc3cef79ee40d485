import { DEFAULT_VALUES } from '../flags/thresholds';
import { academicYearOf } from '../academicYear';
import type { SchoolDays } from '../calendar/schoolDays';

/** Rule E1's cap, the national value of `suspensionCapSchoolDays` in the threshold table (45, in law). */
export const SUSPENSION_CAP_SCHOOL_DAYS = DEFAULT_VALUES.suspensionCapSchoolDays;

/** School days of suspension falling in one academic year. */
export interface YearDays {
  academicYear: string;
  schoolDays: number;
}

/**
 * The school days of a suspension, counted in the academic year each day falls in (rule E1: the cap is
 * on suspension days *in* a year). A suspension runs on consecutive school days from its first; a
 * half day (rule E7) is its last day. One that starts in July and carries on in September is split.
 */
export function suspensionDaysByAcademicYear(
  cal: Pick<SchoolDays, 'nthSchoolDayFrom'>,
  startDate: string,
  schoolDays: number,
): YearDays[] {
  const byYear = new Map<string, number>();
  for (let i = 1; i <= Math.ceil(schoolDays); i++) {
    const year = academicYearOf(cal.nthSchoolDayFrom(startDate, i));
    byYear.set(year, (byYear.get(year) ?? 0) + Math.min(1, schoolDays - (i - 1)));
  }
  return [...byYear].map(([academicYear, days]) => ({ academicYear, schoolDays: days }));
}

/** Adds up year shares (of several suspensions), in year order. */
export function sumByAcademicYear(shares: readonly YearDays[]): YearDays[] {
  const byYear = new Map<string, number>();
  for (const s of shares) byYear.set(s.academicYear, (byYear.get(s.academicYear) ?? 0) + s.schoolDays);
  return [...byYear]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([academicYear, schoolDays]) => ({ academicYear, schoolDays }));
}

export type E1Result =
  | { ok: true; totals: YearDays[] }
  | { ok: false; academicYear: string; total: number; existing: number; adding: number; message: string };

/**
 * Rule E1: refused when, in any academic year a suspension's days fall in, the pupil's suspension days
 * in that year (across all schools) would pass the cap. `existing` are the other suspensions' shares,
 * `proposed` this suspension's (both from suspensionDaysByAcademicYear). `totals` are the years touched.
 */
export function ruleE1SuspensionCap(
  existing: readonly YearDays[],
  proposed: readonly YearDays[],
  cap = SUSPENSION_CAP_SCHOOL_DAYS,
): E1Result {
  const before = new Map(sumByAcademicYear(existing).map((y) => [y.academicYear, y.schoolDays]));
  const totals: YearDays[] = [];
  for (const p of sumByAcademicYear(proposed)) {
    const prior = before.get(p.academicYear) ?? 0;
    const total = prior + p.schoolDays;
    if (total > cap) {
      const split = proposed.length > 1 ? ` (${p.schoolDays} of its school days fall in ${p.academicYear})` : '';
      return {
        ok: false,
        academicYear: p.academicYear,
        total,
        existing: prior,
        adding: p.schoolDays,
        message: `This suspension would bring the pupil's suspensions in ${p.academicYear} to ${total} school days${split}; the legal maximum is ${cap} in an academic year across all schools (${prior} already recorded)`,
      };
    }
    totals.push({ academicYear: p.academicYear, schoolDays: total });
  }
  return { ok: true, totals };
}

/** Rule E7: suspensions are counted in half days (a lunchtime suspension is 0.5). */
export const ruleE7HalfDaySteps = (days: number) => days > 0 && Number.isInteger(days * 2);

/**
 * The day-6 duty: from the sixth school day of a permanent exclusion (LA) or of a suspension of more
 * than five consecutive school days (school), suitable full-time education must be in place.
 * The first day of the exclusion counts as day 1 when it is a school day.
 */
export function daySixDate(
  cal: SchoolDays,
  kind: 'SUSPENSION' | 'PERMANENT',
  startDate: string,
  schoolDays: number | null,
): string | null {
  if (kind === 'SUSPENSION' && (schoolDays ?? 0) <= 5) return null;
  return cal.nthSchoolDayFrom(startDate, 6);
}
