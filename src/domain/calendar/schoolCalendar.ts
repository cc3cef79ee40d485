/**
 * School-day arithmetic for one LA. A school day is a Monday–Friday that is not a bank holiday,
 * not in a holiday and not an INSET day, using the LA's loaded term dates for a year, else the
 * default pattern. Each academic year is computed once into a cumulative count, so every query is
 * O(1) apart from the years it spans: reports call these millions of times.
 */
import {
  academicYearLabel,
  isValidAcademicYearLabel,
  parseAcademicYearLabel,
  type AcademicYearLabel,
} from '../academicYear';
import {
  civilToDayNumber,
  dayOfWeekOfDayNumber,
  fromDayNumber,
  type IsoDate,
  isValidIsoDate,
  toDayNumber,
} from '../dates';
import { defaultTermDates, type TermDates } from './termDates';
import { buildHalves, type Half } from './terms';

export type { Term, TermInfo } from './terms';
import type { TermInfo } from './terms';

/** What the calendar needs from a bank-holiday list (BankHolidays implements it). */
export interface BankHolidaySource {
  isBankHoliday(date: IsoDate): boolean;
}

interface Year {
  startYear: number;
  firstDay: number; // day number of 1 September
  /** cum[i] = school days in [firstDay, firstDay + i). */
  cum: Int32Array;
  schoolDays: Int32Array;
  /** School days before firstDay, counted from the first year built (may be negative). */
  base: number;
  halves: Half[];
  termDates: TermDates;
}

// Guards against runaway loops on absurd dates; far wider than any pupil record needs.
const MIN_YEAR = 1900;
const MAX_YEAR = 2199;

export class SchoolCalendar {
  private readonly loaded = new Map<number, TermDates>();
  private readonly years = new Map<number, Year>();
  private minYear = 0;
  private maxYear = -1;
  private last: Year | undefined;

  /** Throws RangeError for malformed term dates or two sets for the same academic year. */
  constructor(
    private readonly bankHolidays: BankHolidaySource,
    termDates: readonly TermDates[] = [],
  ) {
    for (const t of termDates) {
      if (!isValidAcademicYearLabel(t.academicYear))
        throw new RangeError(`Term dates: bad academic year "${t.academicYear}"`);
      const y = parseAcademicYearLabel(t.academicYear);
      if (this.loaded.has(y)) throw new RangeError(`Term dates for ${t.academicYear} given twice`);
      for (const h of t.holidays)
        if (!isValidIsoDate(h.start) || !isValidIsoDate(h.end) || h.end < h.start)
          throw new RangeError(`Term dates ${t.academicYear}: bad holiday ${h.label} ${h.start}–${h.end}`);
      for (const d of t.insetDays ?? [])
        if (!isValidIsoDate(d)) throw new RangeError(`Term dates ${t.academicYear}: bad INSET day ${d}`);
      this.loaded.set(y, t);
    }
  }

  isSchoolDay(date: IsoDate): boolean {
    const n = toDayNumber(date);
    const y = this.yearOfDay(n);
    const i = n - y.firstDay;
    return (y.cum[i + 1] as number) > (y.cum[i] as number);
  }

  /** School days d with start <= d <= end; 0 if end < start. */
  schoolDaysBetween(start: IsoDate, end: IsoDate): number {
    const s = toDayNumber(start);
    const e = toDayNumber(end);
    return e < s ? 0 : this.countBefore(e + 1) - this.countBefore(s);
  }

  /** School days d with start < d <= today: how many have passed since `start`. */
  schoolDaysElapsedSince(start: IsoDate, today: IsoDate): number {
    const s = toDayNumber(start);
    const t = toDayNumber(today);
    return t <= s ? 0 : this.countBefore(t + 1) - this.countBefore(s + 1);
  }

  /** The nth school day strictly after `date` (n >= 1). */
  addSchoolDays(date: IsoDate, n: number): IsoDate {
    return fromDayNumber(this.nthAfter(toDayNumber(date), n));
  }

  /** The nth school day counting `date` as day 1 when it is a school day (e.g. day 6 of an exclusion). */
  nthSchoolDayFrom(date: IsoDate, n: number): IsoDate {
    return fromDayNumber(this.nthAfter(toDayNumber(date) - 1, n));
  }

  nextSchoolDayOnOrAfter(date: IsoDate): IsoDate {
    return this.nthSchoolDayFrom(date, 1);
  }

  /** Which term and half-term a school day falls in; null on a day that is not a school day. */
  termOf(date: IsoDate): TermInfo | null {
    if (!this.isSchoolDay(date)) return null;
    const n = toDayNumber(date);
    const y = this.yearOfDay(n);
    const h = y.halves.find((x) => x.startDay <= n && n <= x.endDay);
    if (!h) return null;
    return {
      academicYear: academicYearLabel(y.startYear),
      term: h.term,
      half: h.half,
      start: fromDayNumber(h.startDay),
      end: fromDayNumber(h.endDay),
    };
  }

  /** The term dates in force for a year: the LA's if loaded, else the default pattern. */
  termDatesFor(academicYear: AcademicYearLabel): TermDates {
    return this.year(parseAcademicYearLabel(academicYear)).termDates;
  }

  hasLoadedTermDates(academicYear: AcademicYearLabel): boolean {
    return this.loaded.has(parseAcademicYearLabel(academicYear));
  }

  schoolDaysInYear(academicYear: AcademicYearLabel): number {
    return this.year(parseAcademicYearLabel(academicYear)).schoolDays.length;
  }

  private nthAfter(day: number, n: number): number {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`School-day count must be a whole number >= 1, got ${n}`);
    const target = this.countBefore(day + 1) + n; // the target-th school day from the anchor
    let y = this.yearOfDay(day + 1);
    while (y.base + y.schoolDays.length < target) y = this.year(y.startYear + 1);
    return y.schoolDays[target - y.base - 1] as number;
  }

  /** School days before day number n, relative to the first year built. */
  private countBefore(n: number): number {
    const y = this.yearOfDay(n);
    return y.base + (y.cum[n - y.firstDay] as number);
  }

  private yearOfDay(n: number): Year {
    const last = this.last;
    if (last && n >= last.firstDay && n < last.firstDay + last.cum.length - 1) return last;
    let s = 1970 + Math.floor(n / 365.2425);
    while (n < civilToDayNumber(s, 9, 1)) s--;
    while (n >= civilToDayNumber(s + 1, 9, 1)) s++;
    return (this.last = this.year(s));
  }

  // Years are built contiguously so each year's base is its predecessor's base plus its total.
  private year(s: number): Year {
    const hit = this.years.get(s);
    if (hit) return hit;
    if (s < MIN_YEAR || s > MAX_YEAR)
      throw new RangeError(`School calendar covers ${MIN_YEAR}-${MAX_YEAR} only, not ${s}`);
    if (this.maxYear < this.minYear) {
      this.put(this.build(s, 0));
    } else if (s > this.maxYear) {
      for (let k = this.maxYear + 1; k <= s; k++) {
        const prev = this.years.get(k - 1) as Year;
        this.put(this.build(k, prev.base + prev.schoolDays.length));
      }
    } else {
      for (let k = this.minYear - 1; k >= s; k--) {
        const y = this.build(k, 0);
        y.base = (this.years.get(k + 1) as Year).base - y.schoolDays.length;
        this.put(y);
      }
    }
    return this.years.get(s) as Year;
  }

  private put(y: Year): void {
    this.years.set(y.startYear, y);
    if (this.maxYear < this.minYear) this.minYear = this.maxYear = y.startYear;
    else {
      this.minYear = Math.min(this.minYear, y.startYear);
      this.maxYear = Math.max(this.maxYear, y.startYear);
    }
  }

  private build(s: number, base: number): Year {
    const termDates = this.loaded.get(s) ?? defaultTermDates(academicYearLabel(s));
    const firstDay = civilToDayNumber(s, 9, 1);
    const length = civilToDayNumber(s + 1, 9, 1) - firstDay;
    const closed = new Uint8Array(length);
    const mark = (from: number, to: number) => {
      for (let d = Math.max(from, firstDay); d <= Math.min(to, firstDay + length - 1); d++) closed[d - firstDay] = 1;
    };
    for (const h of termDates.holidays) mark(toDayNumber(h.start), toDayNumber(h.end));
    for (const d of termDates.insetDays ?? []) mark(toDayNumber(d), toDayNumber(d));
    const cum = new Int32Array(length + 1);
    const days: number[] = [];
    for (let i = 0; i < length; i++) {
      const d = firstDay + i;
      const w = dayOfWeekOfDayNumber(d);
      const school = !closed[i] && w !== 0 && w !== 6 && !this.bankHolidays.isBankHoliday(fromDayNumber(d));
      if (school) days.push(d);
      cum[i + 1] = days.length;
    }
    const schoolDays = Int32Array.from(days);
    return { startYear: s, firstDay, cum, schoolDays, base, halves: buildHalves(s, schoolDays), termDates };
  }
}
