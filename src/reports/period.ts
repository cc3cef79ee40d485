import { invalid } from '../errors';
import { academicYearEnd, academicYearStart, isValidAcademicYearLabel } from '../domain/academicYear';
import { addDays, type IsoDate } from '../domain/dates';

export type TermName = 'AUTUMN' | 'SPRING' | 'SUMMER';

export interface PeriodInput {
  from?: string | null;
  to?: string | null;
  academicYear?: string | null;
  term?: TermName | null;
}

export interface Period {
  from: IsoDate;
  to: IsoDate;
  label: string;
}

/** What term boundaries need from the LA's school calendar. */
export interface TermLocator {
  nextSchoolDayOnOrAfter(d: IsoDate): IsoDate;
  termOf(d: IsoDate): { term: TermName } | null;
}

// A guard against accidental whole-history queries, generous for trend reports.
const MAX_PERIOD_DAYS = 366 * 10;

/**
 * A report period is either from/to (both inclusive), or an academic year (1 Sep – 31 Aug), optionally
 * narrowed to a term. Terms tile the year so every date belongs to one: autumn runs from 1 September
 * to the day before the spring term's first school day, spring to the day before the summer term's
 * first school day (after Easter), summer to 31 August — holidays go with the term they follow.
 * Term starts come from the LA's calendar (loaded term dates, else the default pattern).
 */
export function resolvePeriod(input: PeriodInput, cal: TermLocator): Period {
  const { from, to, academicYear, term } = input;
  if (academicYear) {
    if (from || to)
      throw invalid([
        { field: 'period', message: 'Give either from and to, or an academic year (with an optional term), not both.' },
      ]);
    if (!isValidAcademicYearLabel(academicYear))
      throw invalid([
        { field: 'period.academicYear', message: `"${academicYear}" is not an academic year like 2025-26.` },
      ]);
    const start = academicYearStart(academicYear);
    const end = academicYearEnd(academicYear);
    if (!term) return { from: start, to: end, label: academicYear };
    const springStart = cal.nextSchoolDayOnOrAfter(`${start.slice(0, 4)}-12-25`);
    const summerStart = firstSummerDay(cal, `${end.slice(0, 4)}-03-01`);
    const bounds: Record<TermName, [IsoDate, IsoDate]> = {
      AUTUMN: [start, addDays(springStart, -1)],
      SPRING: [springStart, addDays(summerStart, -1)],
      SUMMER: [summerStart, end],
    };
    const [f, t] = bounds[term];
    return { from: f, to: t, label: `${academicYear} ${term.toLowerCase()} term` };
  }
  if (term) throw invalid([{ field: 'period.term', message: 'A term needs its academic year.' }]);
  if (!from || !to) throw invalid([{ field: 'period', message: 'Give a period: from and to, or an academic year.' }]);
  if (to < from) throw invalid([{ field: 'period.to', message: 'The end of the period is before its start.' }]);
  if (Date.parse(to) - Date.parse(from) > MAX_PERIOD_DAYS * 86_400_000)
    throw invalid([{ field: 'period', message: 'A report period can be at most ten years.' }]);
  return { from, to, label: `${from} to ${to}` };
}

function firstSummerDay(cal: TermLocator, from: IsoDate): IsoDate {
  let d = cal.nextSchoolDayOnOrAfter(from);
  for (let i = 0; i < 200 && cal.termOf(d)?.term !== 'SUMMER'; i++) d = cal.nextSchoolDayOnOrAfter(addDays(d, 1));
  return d;
}
