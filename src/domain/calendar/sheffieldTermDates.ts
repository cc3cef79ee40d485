/**
 * Reads the term-dates JSON published by UTCSheffield/term_dates (e.g. Sheffield LA 2025–2028).
 * That file files holidays by an August-to-July year: each year opens with the previous August.
 * We file them by the 1 Sept–31 Aug academic year instead, so each holiday is clipped to the
 * academic year it falls in, and a summer holiday ending 31 July is carried to 31 August when the
 * file has no next year to supply the August.
 */
import { academicYearEnd, academicYearOf, academicYearStart, isValidAcademicYearLabel } from '../academicYear';
import { isValidIsoDate, type IsoDate, monthOf } from '../dates';
import type { Holiday, TermDates } from './termDates';

interface SheffieldYear {
  name: string;
  provisional?: boolean;
  school_holidays: Holiday[];
}

function fail(why: string): never {
  throw new Error(`Not a term_dates.json file: ${why}`);
}

function readYears(json: unknown): SheffieldYear[] {
  const years = (json as { academic_years?: unknown })?.academic_years;
  if (!Array.isArray(years)) fail('no academic_years array');
  return years.map((y: SheffieldYear, i) => {
    if (!isValidAcademicYearLabel(String(y?.name))) fail(`academic_years[${i}].name is not like 2025-26`);
    if (!Array.isArray(y.school_holidays)) fail(`academic_years[${i}] has no school_holidays`);
    for (const h of y.school_holidays)
      if (!isValidIsoDate(h?.start) || !isValidIsoDate(h?.end) || h.end < h.start) fail(`bad holiday in ${y.name}`);
    return y;
  });
}

// pd_days (INSET days) has been empty in every file seen; accept dates or { date } objects.
function readInsetDays(json: unknown): IsoDate[] {
  const pd = (json as { pd_days?: unknown })?.pd_days;
  if (!Array.isArray(pd)) return [];
  return pd.map((p: unknown) => (typeof p === 'string' ? p : (p as { date?: string })?.date)).filter(isValidIsoDate);
}

export function parseSheffieldTermDatesJson(json: unknown): TermDates[] {
  const years = readYears(json);
  const meta = json as { source?: string; school?: string };
  const allHolidays = years.flatMap((y) => y.school_holidays);
  const insetDays = readInsetDays(json);
  return years.map((y) => {
    const from = academicYearStart(y.name);
    const to = academicYearEnd(y.name);
    const holidays = allHolidays
      .filter((h) => h.end >= from && h.start <= to)
      .map((h) => ({ start: h.start < from ? from : h.start, end: h.end > to ? to : h.end, label: h.label }))
      .sort((a, b) => (a.start < b.start ? -1 : 1));
    const last = holidays[holidays.length - 1];
    if (last && last.end < to && monthOf(last.end) >= 7 && monthOf(last.end) <= 8) last.end = to;
    const source = [meta.school, meta.source].filter(Boolean).join(', ') + (y.provisional ? ' (provisional)' : '');
    return { academicYear: y.name, holidays, insetDays: insetDays.filter((d) => academicYearOf(d) === y.name), source };
  });
}
