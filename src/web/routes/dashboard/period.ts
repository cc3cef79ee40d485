import { academicYearLabel, academicYearStartYear } from '../../../domain/academicYear';

export type TermName = 'AUTUMN' | 'SPRING' | 'SUMMER';

/** What the period picker asked for, as the reports' ReportPeriodInput, plus the form's values to redisplay. */
export interface PeriodChoice {
  input: { academicYear: string; term?: TermName } | { from: string; to: string };
  form: { academicYear: string; term: string; from: string; to: string };
  errors: { href: string; text: string }[];
}

const ISO = /^\d{4}-\d{2}-\d{2}$/;
const TERMS: readonly string[] = ['AUTUMN', 'SPRING', 'SUMMER'];

/**
 * The term a date falls in, for the picker's default only (the reports resolve the real term
 * boundaries from the LA's calendar): autumn from September, spring from January, summer from May;
 * April counts as spring (Easter moves, and most of April is before the summer term in most years).
 */
export function termAround(today: string): TermName {
  const m = Number(today.slice(5, 7));
  return m >= 9 ? 'AUTUMN' : m <= 4 ? 'SPRING' : 'SUMMER';
}

export function academicYearOptions(today: string): string[] {
  const current = academicYearStartYear(today);
  return [0, 1, 2, 3].map((n) => academicYearLabel(current - n));
}

/** Reads the GET form. Custom dates win when both are given; otherwise an academic year and optional term; default this term. */
export function readPeriod(query: Record<string, unknown>, today: string): PeriodChoice {
  const str = (k: string) => (typeof query[k] === 'string' ? (query[k] as string).trim() : '');
  const years = academicYearOptions(today);
  const academicYear = years.includes(str('academicYear')) ? str('academicYear') : years[0]!;
  const termRaw = 'academicYear' in query ? str('term') : termAround(today);
  const term = TERMS.includes(termRaw) ? (termRaw as TermName) : undefined;
  const from = str('from');
  const to = str('to');
  const errors: PeriodChoice['errors'] = [];
  const form = { academicYear, term: term ?? '', from, to };
  if (from || to) {
    if (!ISO.test(from) || Number.isNaN(Date.parse(from)))
      errors.push({ href: '#from', text: 'Enter the start date as a real date, like 2026-09-01' });
    if (!ISO.test(to) || Number.isNaN(Date.parse(to)))
      errors.push({ href: '#to', text: 'Enter the end date as a real date, like 2026-12-18' });
    if (!errors.length && to < from)
      errors.push({ href: '#to', text: 'The end date must be the same as or after the start date' });
    if (!errors.length) return { input: { from, to }, form, errors };
  }
  return { input: term ? { academicYear, term } : { academicYear }, form, errors };
}
