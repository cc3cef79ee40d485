/**
 * Helpers of the next-due functions (issue 18 goal 4). A next-due function answers, for one rule and one
 * snapshot evaluated on `asOf`, the earliest later date on which the rule's answer could differ without any
 * write: a deadline passing, a stay crossing a limit, a dated fact coming into effect. It may answer earlier
 * than the real change (the subject is then evaluated once more for nothing), never later (the due-only scan
 * would miss it). null: only a write can change the answer.
 */
import {
  academicYearLabel,
  academicYearStart,
  academicYearStartYear,
  compulsorySchoolAgeEnds,
  compulsorySchoolAgeStarts,
} from '../../academicYear';
import { addDays, type IsoDate } from '../../dates';
import type { SchoolDays } from '../../calendar/schoolDays';
import type { ResolvedThresholds } from '../thresholds';
import type { FlagCandidate } from '../types';

export type NextDue<S> = (
  snapshot: S,
  asOf: IsoDate,
  calendar: SchoolDays,
  thresholds: ResolvedThresholds,
) => MaybeDate[];

export type MaybeDate = IsoDate | null | undefined;

/** One rule's next-due function, and whether its evidence score grows by itself (days overdue, days open). */
export interface RuleNextDue<S> {
  dates: NextDue<S>;
  scoreGrowsWithTime: boolean;
}

/** The earliest of the dates after asOf; null when none is. */
export function soonest(asOf: IsoDate, dates: Iterable<MaybeDate>): IsoDate | null {
  let best: IsoDate | null = null;
  for (const d of dates) if (d && d > asOf && (best === null || d < best)) best = d;
  return best;
}

/** The first day on which `asOf > deadline` holds. */
export const dayAfter = (d: MaybeDate): MaybeDate => (d ? addDays(d, 1) : d);

/**
 * The days a span's tests change: its first day (started), its end date (`ended` and `stillOpen` from
 * then) and the day after (`activeOn` no longer).
 */
export const spanDates = (s: { startDate: IsoDate; endDate: IsoDate | null }): MaybeDate[] => [
  s.startDate,
  s.endDate,
  dayAfter(s.endDate),
];

/** The first day of compulsory school age and the first day after it. */
export const compulsorySchoolAgeDates = (dateOfBirth: IsoDate): MaybeDate[] => [
  compulsorySchoolAgeStarts(dateOfBirth),
  dayAfter(compulsorySchoolAgeEnds(dateOfBirth)),
];

/** 1 September after asOf: year-keyed periods, year groups and the registration look-back window move then. */
export const nextSeptember = (asOf: IsoDate): IsoDate =>
  academicYearStart(academicYearLabel(academicYearStartYear(asOf) + 1));

/** The installation's commencement dates: a rule behind a switch starts to apply on its date. */
export const commencementDates = (t: ResolvedThresholds): MaybeDate[] => Object.values(t.commencements);

/** The evidence band flagStore compares to reopen a dismissed flag: 1 + floor(log2 score), 0 below 1. */
export const evidenceBand = (score: number): number => (score < 1 ? 0 : 1 + Math.floor(Math.log2(score)));

/**
 * A dismissed flag reopens when its evidence band grows (flagStore.ts), so a score that grows by itself is a
 * date-driven change too. Every such score (school or calendar days) grows by at most one a calendar day, so
 * the band cannot change before the score could reach the next power of two.
 */
export function bandDue(asOf: IsoDate, candidates: readonly FlagCandidate[]): IsoDate | null {
  let days = Infinity;
  for (const c of candidates) {
    const s = c.evidenceScore;
    const next = s < 1 ? 1 : 2 ** evidenceBand(s);
    days = Math.min(days, Math.max(1, Math.ceil(next - s)));
  }
  return Number.isFinite(days) ? addDays(asOf, days) : null;
}
