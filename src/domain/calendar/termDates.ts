/**
 * Term dates for one academic year, as an LA publishes them: the holidays (weekends and bank
 * holidays need not be listed) and optionally INSET days. Anything else on a weekday is a school day.
 * When an LA has loaded none for a year, defaultTermDates gives the pattern in docs/calendar.md.
 */
import { academicYearLabel, parseAcademicYearLabel, type AcademicYearLabel } from '../academicYear';
import {
  addDays,
  dayOfWeek,
  type IsoDate,
  lastWeekdayOfMonth,
  makeIsoDate,
  weekdayOnOrAfter,
  weekdayOnOrBefore,
} from '../dates';
import { easterSunday } from './bankHolidays';

export { parseSheffieldTermDatesJson } from './sheffieldTermDates';

export interface Holiday {
  start: IsoDate;
  end: IsoDate;
  label: string;
}

export interface TermDates {
  academicYear: AcademicYearLabel;
  holidays: Holiday[];
  insetDays?: IsoDate[];
  source: string;
}

export const DEFAULT_TERM_DATES_SOURCE =
  'Default English term pattern (docs/calendar.md); no term dates loaded for this year';

/** The first Monday–Friday on or after d. */
function weekdayFrom(d: IsoDate): IsoDate {
  const w = dayOfWeek(d);
  return w === 6 ? addDays(d, 2) : w === 0 ? addDays(d, 1) : d;
}

/** The last Monday–Friday on or before d. */
function weekdayUntil(d: IsoDate): IsoDate {
  const w = dayOfWeek(d);
  return w === 6 ? addDays(d, -1) : w === 0 ? addDays(d, -2) : d;
}

/** A Monday-to-Friday break written Saturday to Sunday, as LAs publish them. */
function weekOff(monday: IsoDate, label: string): Holiday {
  return { start: addDays(monday, -2), end: addDays(monday, 6), label };
}

/**
 * Default English pattern (see docs/calendar.md), 190–194 pupil days a year for 2015-16 to 2030-31:
 * - pupils start on the first weekday on or after 4 September (INSET days usually take the days before);
 * - October half-term: the week beginning the last Monday of October;
 * - Christmas: two weeks from the Saturday on or before 23 December; spring term starts the Monday after;
 * - February half-term: the week beginning the Monday on or after 12 February;
 * - Easter: the fortnight from the Monday before Easter Sunday (Holy Week and Easter week);
 * - Whitsun half-term: the week of the late-May bank holiday (last Monday of May);
 * - summer term ends on the last weekday on or before 20 July.
 * No INSET days are listed: the pattern counts pupil days, not the 195 days staff attend. Weekends and bank holidays come from the calendar.
 */
export function defaultTermDates(academicYear: AcademicYearLabel): TermDates {
  const y = parseAcademicYearLabel(academicYear);
  const holidays: Holiday[] = [];
  const autumnStarts = weekdayFrom(makeIsoDate(y, 9, 4));
  if (autumnStarts > makeIsoDate(y, 9, 1))
    holidays.push({ start: makeIsoDate(y, 9, 1), end: addDays(autumnStarts, -1), label: 'Summer holiday' });
  holidays.push(weekOff(lastWeekdayOfMonth(y, 10, 1), 'October half-term'));
  const christmasStarts = weekdayOnOrBefore(makeIsoDate(y, 12, 23), 6);
  holidays.push({ start: christmasStarts, end: addDays(christmasStarts, 15), label: 'Christmas holiday' });
  holidays.push(weekOff(weekdayOnOrAfter(makeIsoDate(y + 1, 2, 12), 1), 'February half-term'));
  const easter = easterSunday(y + 1);
  holidays.push({ start: addDays(easter, -8), end: addDays(easter, 7), label: 'Easter holiday' });
  holidays.push(weekOff(lastWeekdayOfMonth(y + 1, 5, 1), 'May half-term'));
  const summerEnds = weekdayUntil(makeIsoDate(y + 1, 7, 20));
  holidays.push({ start: addDays(summerEnds, 1), end: makeIsoDate(y + 1, 8, 31), label: 'Summer holiday' });
  return { academicYear: academicYearLabel(y), holidays, insetDays: [], source: DEFAULT_TERM_DATES_SOURCE };
}
