import type { SchoolDays } from '../calendar/schoolDays';
import { distribution, type Distribution } from './percentiles';

/** What stay-length arithmetic needs from the LA's school calendar. */
export type SchoolDayCount = Pick<SchoolDays, 'schoolDaysBetween'>;

export type StayKind = 'CLOSED' | 'OPEN';

export interface Stay {
  startDate: string;
  endDate: string | null;
}

/**
 * How a placement counts in a period's stay lengths, in school days (both ends inclusive):
 * - CLOSED: it ended within [from, to]; length start → end.
 * - OPEN: it was still running at the end of the period (`asOf` = the period end, or today if sooner);
 *   length start → asOf. An open stay is a lower bound, so the two are never mixed.
 * Anything else (ended before the period, or started after asOf) is not counted.
 */
export function classifyStay(
  cal: SchoolDayCount,
  s: Stay,
  from: string,
  to: string,
  asOf: string,
): { kind: StayKind; schoolDays: number } | null {
  if (s.endDate !== null && s.endDate >= from && s.endDate <= to)
    return { kind: 'CLOSED', schoolDays: cal.schoolDaysBetween(s.startDate, s.endDate) };
  if (s.startDate <= asOf && (s.endDate === null || s.endDate > asOf))
    return { kind: 'OPEN', schoolDays: cal.schoolDaysBetween(s.startDate, asOf) };
  return null;
}

export interface StaySplit {
  closed: Distribution;
  open: Distribution;
}

/** Closed and open stays summarised separately (median, P75, P90, max by nearest rank). */
export function splitDistribution(stays: readonly { kind: StayKind; schoolDays: number }[]): StaySplit {
  return {
    closed: distribution(stays.filter((s) => s.kind === 'CLOSED').map((s) => s.schoolDays)),
    open: distribution(stays.filter((s) => s.kind === 'OPEN').map((s) => s.schoolDays)),
  };
}
