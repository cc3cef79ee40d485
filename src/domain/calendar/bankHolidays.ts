/**
 * England & Wales bank holidays: the GOV.UK list bundled in data/reference for the years it covers,
 * the standard rules for other years. The list wins because it carries one-off changes
 * (2020 VE Day, 2022 jubilee and state funeral, 2023 coronation) that no rule predicts.
 */
import {
  addDays,
  dayOfWeek,
  firstWeekdayOfMonth,
  type IsoDate,
  lastWeekdayOfMonth,
  makeIsoDate,
  yearOf,
} from '../dates';
import { readReferenceCsv } from '../referenceData';

export const BANK_HOLIDAY_FILE = 'england_wales_bank_holidays_2015_2027.csv';

/** Easter Sunday (anonymous Gregorian algorithm, a.k.a. Meeus/Jones/Butcher). */
export function easterSunday(year: number): IsoDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return makeIsoDate(year, month, day);
}

/** Standard-rule England & Wales bank holidays for a year, sorted. */
export function computedBankHolidays(year: number): IsoDate[] {
  const easter = easterSunday(year);
  const days = [
    substituteIfWeekend(makeIsoDate(year, 1, 1)),
    addDays(easter, -2),
    addDays(easter, 1),
    firstWeekdayOfMonth(year, 5, 1),
    lastWeekdayOfMonth(year, 5, 1),
    lastWeekdayOfMonth(year, 8, 1),
    ...christmasAndBoxingDay(year),
  ];
  return days.sort();
}

function substituteIfWeekend(d: IsoDate): IsoDate {
  const w = dayOfWeek(d);
  return w === 6 ? addDays(d, 2) : w === 0 ? addDays(d, 1) : d;
}

// Christmas on Fri → Boxing Day moves to Mon 28; Sat → Mon 27 + Tue 28; Sun → Mon 26 + Tue 27.
function christmasAndBoxingDay(year: number): IsoDate[] {
  const days: Record<number, [number, number]> = { 5: [25, 28], 6: [27, 28], 0: [26, 27] };
  const [c, b] = days[dayOfWeek(makeIsoDate(year, 12, 25))] ?? [25, 26];
  return [makeIsoDate(year, 12, c), makeIsoDate(year, 12, b)];
}

/**
 * One-off changes before the bundled list starts [U: from general knowledge, not a stored source]:
 * 2011 royal wedding; 2012 diamond jubilee (late-May holiday moved to 4 June, plus 5 June).
 */
const ONE_OFFS: Record<number, { add: IsoDate[]; remove: IsoDate[] }> = {
  2011: { add: ['2011-04-29'], remove: [] },
  2012: { add: ['2012-06-04', '2012-06-05'], remove: ['2012-05-28'] },
};

export class BankHolidays {
  private readonly byYear = new Map<number, ReadonlySet<IsoDate>>();
  private readonly titles = new Map<IsoDate, string>();
  /** Years taken from the list rather than computed. */
  readonly listedYears: readonly number[];

  /** `listed` is authoritative for every year it has a date in; other years use the rules. */
  constructor(listed: readonly { date: IsoDate; title?: string }[] = []) {
    const grouped = new Map<number, Set<IsoDate>>();
    for (const { date, title } of listed) {
      const y = yearOf(date);
      if (!grouped.has(y)) grouped.set(y, new Set());
      grouped.get(y)?.add(date);
      if (title) this.titles.set(date, title);
    }
    for (const [y, set] of grouped) this.byYear.set(y, set);
    this.listedYears = [...grouped.keys()].sort((a, b) => a - b);
  }

  forYear(year: number): ReadonlySet<IsoDate> {
    let set = this.byYear.get(year);
    if (!set) {
      const one = ONE_OFFS[year];
      const days = computedBankHolidays(year).filter((d) => !one?.remove.includes(d));
      set = new Set([...days, ...(one?.add ?? [])].sort());
      this.byYear.set(year, set);
    }
    return set;
  }

  isBankHoliday(date: IsoDate): boolean {
    return this.forYear(yearOf(date)).has(date);
  }

  /** The GOV.UK title (or i18n key) for a listed date; null for computed years. */
  titleOf(date: IsoDate): string | null {
    return this.titles.get(date) ?? null;
  }
}

let loaded: BankHolidays | undefined;

/** England & Wales bank holidays from data/reference (read once). */
export function loadBankHolidays(): BankHolidays {
  loaded ??= new BankHolidays(readReferenceCsv(BANK_HOLIDAY_FILE).map((r) => ({ date: r.date ?? '', title: r.title })));
  return loaded;
}
