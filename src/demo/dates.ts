import type { SchoolCalendar } from '../domain/calendar';
import { addDays, daysBetween, isLeapYear, makeIsoDate, monthOf, yearOf } from '../domain/dates';
import type { Rng } from './random';

/** Date helpers for the generator: ISO strings throughout, school days from the LA's calendar. */

export { addDays, daysBetween };

export const minDate = (a: string, b: string) => (a < b ? a : b);
export const maxDate = (a: string, b: string) => (a > b ? a : b);

/** The same day n years earlier (29 February becomes 28 February). */
export function yearsBefore(d: string, n: number): string {
  const y = yearOf(d) - n;
  const day = Number(d.slice(8));
  return makeIsoDate(y, monthOf(d), monthOf(d) === 2 && day === 29 && !isLeapYear(y) ? 28 : day);
}

/** A uniformly random calendar date in [from, to]. */
export function randomDate(rng: Rng, from: string, to: string): string {
  if (to <= from) return from;
  return addDays(from, rng.int(0, daysBetween(from, to)));
}

export function schoolDayOnOrBefore(cal: SchoolCalendar, d: string): string {
  let x = d;
  for (let i = 0; i < 120 && !cal.isSchoolDay(x); i++) x = addDays(x, -1);
  return x;
}

/** The school day n school days before d (n = 0: d itself if a school day, else the one before). */
export function schoolDaysBefore(cal: SchoolCalendar, d: string, n: number): string {
  let x = schoolDayOnOrBefore(cal, d);
  for (let i = 0; i < n; i++) x = schoolDayOnOrBefore(cal, addDays(x, -1));
  return x;
}

/** A random school day in [from, to]; null when there is none. */
export function randomSchoolDay(rng: Rng, cal: SchoolCalendar, from: string, to: string): string | null {
  if (to < from) return null;
  const d = randomDate(rng, from, to);
  const fwd = cal.nextSchoolDayOnOrAfter(d);
  if (fwd <= to) return fwd;
  const back = schoolDayOnOrBefore(cal, d);
  return back >= from ? back : null;
}

/** The last school day of the summer term of the academic year that ends in `year`. */
export function lastDayOfSummerTerm(cal: SchoolCalendar, year: number): string {
  return schoolDayOnOrBefore(cal, makeIsoDate(year, 8, 31));
}

/** The first school day of the autumn term starting in `year`. */
export function firstDayOfAutumnTerm(cal: SchoolCalendar, year: number): string {
  return cal.nextSchoolDayOnOrAfter(makeIsoDate(year, 9, 1));
}

/** Timestamp string for a date at a given minute of the day (UTC). */
export function at(d: string, minuteOfDay: number, ms = 0): string {
  const t = Date.parse(`${d}T00:00:00.000Z`) + minuteOfDay * 60_000 + ms;
  return new Date(t).toISOString();
}

export interface Interval {
  start: string;
  end: string;
}

export const overlaps = (a: Interval, b: Interval) => a.start <= b.end && b.start <= a.end;
