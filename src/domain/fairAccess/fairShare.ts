/**
 * Fair share (domain.md §4.1, rule F8) and the Schools Adjudicator count (§4.6, rule F9): fair access
 * admissions per school in an academic year, in total, per 100 on roll and by year group.
 */
import { academicYearEnd, academicYearStart, parseAcademicYearLabel } from '../academicYear';
import type { IsoDate } from '../dates';

export interface FairShareSchool {
  id: string;
  numberOnRoll: number;
}

export interface FapAdmission {
  schoolId: string;
  yearGroup: number;
  admittedOn: IsoDate;
}

export interface FairShareRow {
  schoolId: string;
  total: number;
  per100OnRoll: number;
  byYearGroup: { yearGroup: number; admissions: number }[];
}

export function inAcademicYear(d: IsoDate, academicYear: string): boolean {
  return d >= academicYearStart(academicYear) && d <= academicYearEnd(academicYear);
}

/** One row per school given (zeros included), busiest first, then by per-100 rate. */
export function fairShareRows(
  schools: readonly FairShareSchool[],
  admissions: readonly FapAdmission[],
  academicYear: string,
): FairShareRow[] {
  const inYear = admissions.filter((a) => inAcademicYear(a.admittedOn, academicYear));
  return schools
    .map((s) => {
      const mine = inYear.filter((a) => a.schoolId === s.id);
      const byYear = new Map<number, number>();
      for (const a of mine) byYear.set(a.yearGroup, (byYear.get(a.yearGroup) ?? 0) + 1);
      return {
        schoolId: s.id,
        total: mine.length,
        per100OnRoll: Math.round(((mine.length * 100) / Math.max(s.numberOnRoll, 1)) * 100) / 100,
        byYearGroup: [...byYear.entries()]
          .sort((a, b) => a[0] - b[0])
          .map(([yearGroup, n]) => ({ yearGroup, admissions: n })),
      };
    })
    .sort((a, b) => b.per100OnRoll - a.per100OnRoll || b.total - a.total);
}

/**
 * Rule F9: the LA's annual report to the Schools Adjudicator is due by 31 October (s88P SSFA 1998).
 * This tracker reports an academic year's admissions in the return due the October after it ends [U].
 */
export function ruleF9AdjudicatorDueBy(academicYear: string): IsoDate {
  return `${parseAcademicYearLabel(academicYear) + 1}-10-31`;
}

export const ADJUDICATOR_CSV_COLUMNS = [
  'academic_year',
  'la_code',
  'urn',
  'laestab',
  'school_name',
  'school_type',
  'phase',
  'fair_access_admissions',
] as const;
