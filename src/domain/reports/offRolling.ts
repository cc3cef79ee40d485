/**
 * Off-rolling oversight measures for the school movement profile (domain.md §8.3, §9.9).
 */
import { addDays, firstWeekdayOfMonth, makeIsoDate, type IsoDate } from '../dates';
import { academicYearOf, yearGroupFor, type AcademicYearLabel } from '../academicYear';

export type RollExitCategory =
  | 'PERMANENT_EXCLUSION'
  | 'ELECTIVE_HOME_EDUCATION'
  | 'TRANSFERRED_TO_SCHOOL'
  | 'MOVED_AWAY'
  | 'PHASE_TRANSITION'
  | 'CME_OR_UNKNOWN'
  | 'OTHER';

/**
 * Rule M1 (EPI definition): a roll exit is explained by an official permanent exclusion, a normal phase
 * transition, a move of home (including migration) or a move to another school (including a special
 * school via an EHCP). Everything else — elective home education, missing/unknown, other — is an
 * unexplained-exit candidate: a prompt to look, not a finding.
 */
export const EXPLAINED_EXITS: readonly RollExitCategory[] = [
  'TRANSFERRED_TO_SCHOOL',
  'MOVED_AWAY',
  'PHASE_TRANSITION',
  'PERMANENT_EXCLUSION',
];

export function isUnexplainedExitCandidate(category: RollExitCategory): boolean {
  return !EXPLAINED_EXITS.includes(category);
}

/** The spring (January) school census day: the third Thursday of January. */
export function januaryCensusDate(calendarYear: number): IsoDate {
  return addDays(firstWeekdayOfMonth(calendarYear, 1, 4), 14);
}

export interface M2Window {
  /** January census when the cohort was in Year 10. */
  year10Census: IsoDate;
  /** The next January census, when they should be on roll in Year 11. */
  year11Census: IsoDate;
  year10AcademicYear: AcademicYearLabel;
}

/** Rule M2 for a period: the most recent Year 11 January census on or before the period end, and the one a year before. */
export function m2WindowFor(periodEnd: IsoDate): M2Window {
  let y = Number(periodEnd.slice(0, 4));
  if (januaryCensusDate(y) > periodEnd) y -= 1;
  const year10Census = januaryCensusDate(y - 1);
  return { year10Census, year11Census: januaryCensusDate(y), year10AcademicYear: academicYearOf(year10Census) };
}

export interface RollSpan {
  startDate: IsoDate;
  endDate: IsoDate | null;
}

export interface CohortCandidate {
  pupilId: string;
  dateOfBirth: IsoDate;
  /** The pupil's single/main registrations at this one school. */
  spans: readonly RollSpan[];
}

const onRoll = (spans: readonly RollSpan[], d: IsoDate) =>
  spans.some((s) => s.startDate <= d && (s.endDate === null || s.endDate >= d));

/**
 * Rule M2 (Ofsted/FFT off-rolling indicator): pupils on the school's roll at the Year 10 January census
 * who are not on the same school's roll at the next January census. Raw count; no adjustment for reason.
 */
export function year11RollLosses(
  candidates: readonly CohortCandidate[],
  w: M2Window,
): { cohort: number; lost: string[] } {
  const lost: string[] = [];
  let cohort = 0;
  for (const c of candidates) {
    if (yearGroupFor(c.dateOfBirth, w.year10AcademicYear) !== 10 || !onRoll(c.spans, w.year10Census)) continue;
    cohort += 1;
    if (!onRoll(c.spans, w.year11Census)) lost.push(c.pupilId);
  }
  return { cohort, lost };
}

/** Dates of birth of pupils in Year 10 in an academic year (aged 14 on the 31 August before it). */
export function year10BirthRange(year10AcademicYear: AcademicYearLabel): { from: IsoDate; to: IsoDate } {
  const sy = Number(year10AcademicYear.slice(0, 4));
  return { from: makeIsoDate(sy - 15, 9, 1), to: makeIsoDate(sy - 14, 8, 31) };
}
