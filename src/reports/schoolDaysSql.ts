import { Prisma } from '../generated/prisma/client';
import { addDays, daysBetween, type IsoDate } from '../domain/dates';
import type { SchoolDayCount } from '../domain/reports/stayLengths';

/**
 * School-day arithmetic inside SQL, so a report can rank thousands of stays without shipping them to
 * Node: the LA calendar's running count of school days is passed as one int[] (index k+1 = school days
 * in [base, base + k)), and schoolDaysBetween(s, e) = c[e − base + 2] − c[s − base + 1], exactly as
 * SchoolCalendar counts them (both ends inclusive). Starts before the base (ten years before the period)
 * are clamped to it.
 */
export interface SchoolDayIndex {
  base: IsoDate;
  counts: number[];
}

const HORIZON_DAYS = 3660;

// Per calendar object (the calendar service replaces it when term dates change) and period.
const cache = new WeakMap<SchoolDayCount, Map<string, SchoolDayIndex>>();

export function schoolDayIndex(cal: SchoolDayCount, from: IsoDate, to: IsoDate): SchoolDayIndex {
  const forCal = cache.get(cal) ?? new Map<string, SchoolDayIndex>();
  cache.set(cal, forCal);
  const key = `${from}/${to}`;
  const hit = forCal.get(key);
  if (hit) return hit;
  if (forCal.size > 50) forCal.clear();
  const idx = buildIndex(cal, from, to);
  forCal.set(key, idx);
  return idx;
}

function buildIndex(cal: SchoolDayCount, from: IsoDate, to: IsoDate): SchoolDayIndex {
  const base = addDays(from, -HORIZON_DAYS);
  const n = daysBetween(base, to) + 2;
  const counts = new Array<number>(n);
  counts[0] = 0;
  // Straight from schoolDaysBetween, so the array cannot disagree with the calendar.
  for (let k = 1; k < n; k++) counts[k] = cal.schoolDaysBetween(base, addDays(base, k - 1));
  return { base, counts };
}

/** A CTE named `cal` holding the index (and the report's as-of date) once; queries CROSS JOIN it. */
export function calendarCte(idx: SchoolDayIndex, asOf: IsoDate): Prisma.Sql {
  return Prisma.sql`cal AS (SELECT ${idx.base}::date AS base, ${idx.counts}::int[] AS c, ${asOf}::date AS as_of)`;
}

/** School days from start to end, both inclusive (columns or expressions), using the `cal` CTE. */
export const schoolDaysSql = (start: string, end: string) =>
  Prisma.raw(`(cal.c[(${end} - cal.base) + 2] - cal.c[(GREATEST(${start}, cal.base) - cal.base) + 1])`);

/** Nearest-rank median, P75, P90 and max (domain/reports/percentiles): PostgreSQL's percentile_disc is the same definition. */
export const PERCENTILES_SQL = Prisma.raw(`percentile_disc(ARRAY[0.5, 0.75, 0.9, 1]) WITHIN GROUP (ORDER BY sd)`);

/**
 * addSchoolDays on day offsets from the index base (for walking thousands of placements without date
 * strings): the nth school day strictly after day d, or Infinity beyond the index.
 */
export function offsetStepper(idx: SchoolDayIndex): { addSchoolDays(d: number, n: number): number } {
  const schoolDays: number[] = [];
  for (let k = 0; k + 1 < idx.counts.length; k++) if (idx.counts[k + 1]! > idx.counts[k]!) schoolDays.push(k);
  return {
    addSchoolDays(d, n) {
      if (d + 1 >= idx.counts.length) return Infinity;
      return schoolDays[idx.counts[Math.max(0, d + 1)]! + n - 1] ?? Infinity;
    },
  };
}
