/**
 * English academic (school) years run 1 September to 31 August and are labelled '2025-26'.
 * Year groups and compulsory school age follow from the date of birth.
 */
import { type IsoDate, isLeapYear, lastWeekdayOfMonth, makeIsoDate, monthOf, yearOf } from './dates';

/** e.g. '2025-26'. */
export type AcademicYearLabel = string;

/** 0 = Reception, 1 … 13 = Year 1 … Year 13. */
export type YearGroup = number;

export function academicYearLabel(startYear: number): AcademicYearLabel {
  return `${startYear}-${String((startYear + 1) % 100).padStart(2, '0')}`;
}

export function academicYearOf(date: IsoDate): AcademicYearLabel {
  return academicYearLabel(academicYearStartYear(date));
}

/** The calendar year in which the academic year containing `date` began. */
export function academicYearStartYear(date: IsoDate): number {
  const y = yearOf(date);
  return monthOf(date) >= 9 ? y : y - 1;
}

export function isValidAcademicYearLabel(label: string): boolean {
  const m = /^(\d{4})-(\d{2})$/.exec(label);
  return m !== null && (Number(m[1]) + 1) % 100 === Number(m[2]);
}

/** The start year of a label; throws RangeError for e.g. '2025-27'. */
export function parseAcademicYearLabel(label: AcademicYearLabel): number {
  if (!isValidAcademicYearLabel(label)) throw new RangeError(`Not an academic year label like 2025-26: ${label}`);
  return Number(label.slice(0, 4));
}

export function academicYearStart(label: AcademicYearLabel): IsoDate {
  return makeIsoDate(parseAcademicYearLabel(label), 9, 1);
}

export function academicYearEnd(label: AcademicYearLabel): IsoDate {
  return makeIsoDate(parseAcademicYearLabel(label) + 1, 8, 31);
}

/**
 * Age in whole years on `date`. A 29 February birthday counts from 1 March in other years,
 * because 28 Feb sorts before 29 Feb.
 */
export function ageOn(dob: IsoDate, date: IsoDate): number {
  const age = yearOf(date) - yearOf(dob);
  return date.slice(5) < dob.slice(5) ? age - 1 : age;
}

/**
 * National Curriculum year group for an academic year, from age on the 31 August before it starts:
 * 4 → Reception (0), 5 → Year 1 … 17 → Year 13; otherwise null.
 */
export function yearGroupFor(dob: IsoDate, academicYear: AcademicYearLabel): YearGroup | null {
  const age = ageOn(dob, makeIsoDate(parseAcademicYearLabel(academicYear), 8, 31));
  return age >= 4 && age <= 17 ? age - 4 : null;
}

/**
 * First day of compulsory school age: the first term start (1 Jan, 1 Apr, 1 Sept) after the fifth
 * birthday. Equivalent to the statutory "prescribed day" (31 Dec, 31 Mar, 31 Aug) on or after it.
 */
export function compulsorySchoolAgeStarts(dob: IsoDate): IsoDate {
  const fifth = fifthBirthday(dob);
  const y = yearOf(fifth);
  for (const candidate of [makeIsoDate(y, 1, 1), makeIsoDate(y, 4, 1), makeIsoDate(y, 9, 1)]) {
    if (candidate > fifth) return candidate;
  }
  return makeIsoDate(y + 1, 1, 1);
}

/** Last day of compulsory school age: the last Friday of June in the school year the child turns 16. */
export function compulsorySchoolAgeEnds(dob: IsoDate): IsoDate {
  // The 16th birthday falls in the school year starting yob+16 if born Sept–Dec, else yob+15.
  const startYear = yearOf(dob) + (monthOf(dob) >= 9 ? 16 : 15);
  return lastWeekdayOfMonth(startYear + 1, 6, 5);
}

export function isCompulsorySchoolAge(dob: IsoDate, date: IsoDate): boolean {
  return date >= compulsorySchoolAgeStarts(dob) && date <= compulsorySchoolAgeEnds(dob);
}

function fifthBirthday(dob: IsoDate): IsoDate {
  const y = yearOf(dob) + 5;
  const m = monthOf(dob);
  const d = Number(dob.slice(8));
  // 29 Feb in a non-leap year: the birthday is reached on 1 March.
  return m === 2 && d === 29 && !isLeapYear(y) ? makeIsoDate(y, 3, 1) : makeIsoDate(y, m, d);
}
