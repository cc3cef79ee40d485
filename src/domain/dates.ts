/**
 * Calendar dates as ISO strings 'YYYY-MM-DD'. All arithmetic is on whole days (a "day number",
 * days since 1970-01-01), never on local time, so results cannot shift with the server's time zone.
 * Helpers other than parseIsoDate/isValidIsoDate throw RangeError on a malformed date: that is a
 * programming error, because input is validated at the edge with parseIsoDate.
 */
export type IsoDate = string;

export type IsoDateResult = { ok: true; date: IsoDate } | { ok: false; message: string };

/** 0 = Sunday … 6 = Saturday, as Date.getUTCDay. */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

// Reads 'YYYY-MM-DD' without a regex or Date (this runs millions of times in reports); -1 if malformed.
function packed(s: string): number {
  if (typeof s !== 'string' || s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return -1;
  let y = 0;
  let m = 0;
  let d = 0;
  for (let i = 0; i < 10; i++) {
    if (i === 4 || i === 7) continue;
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    if (i < 4) y = y * 10 + c;
    else if (i < 7) m = m * 10 + c;
    else d = d * 10 + c;
  }
  if (y < 1 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return -1;
  return y * 10000 + m * 100 + d;
}

export function isValidIsoDate(value: unknown): value is IsoDate {
  return typeof value === 'string' && packed(value) !== -1;
}

/**
 * The dates this service accepts anywhere, as input or "as of": far wider than any pupil's record,
 * and well inside the school calendar's reach (1900–2199) so look-ahead (review dates, checkpoints,
 * school-day counts) never runs off its end. Defined once; the GraphQL LocalDate scalar and the
 * use cases' date validation both use it.
 */
export const SUPPORTED_DATES = { earliest: '1950-01-01', latest: '2099-12-31' } as const;

export function isSupportedDate(d: IsoDate): boolean {
  return d >= SUPPORTED_DATES.earliest && d <= SUPPORTED_DATES.latest;
}

export const unsupportedDateMessage = (d: IsoDate): string =>
  `${d} is outside the dates this service records (${SUPPORTED_DATES.earliest} to ${SUPPORTED_DATES.latest}).`;

/** Validates user input (trimmed); the message is fit to show a clerk. */
export function parseIsoDate(raw: unknown): IsoDateResult {
  const s = typeof raw === 'string' ? raw.trim() : '';
  if (packed(s) !== -1) return { ok: true, date: s };
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) return { ok: false, message: `${s} is not a real calendar date` };
  return { ok: false, message: 'Dates are written as YYYY-MM-DD, for example 2025-09-01' };
}

function unpack(d: IsoDate): [number, number, number] {
  const p = packed(d);
  if (p === -1) throw new RangeError(`Not an ISO date (YYYY-MM-DD): ${String(d)}`);
  return [Math.floor(p / 10000), Math.floor(p / 100) % 100, p % 100];
}

/** Days since 1970-01-01 (Howard Hinnant's days_from_civil). */
export function civilToDayNumber(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function toDayNumber(d: IsoDate): number {
  const [y, m, day] = unpack(d);
  return civilToDayNumber(y, m, day);
}

export function fromDayNumber(n: number): IsoDate {
  const z = n + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return makeIsoDate(yoe + era * 400 + (month <= 2 ? 1 : 0), month, day);
}

export function makeIsoDate(year: number, month: number, day: number): IsoDate {
  const s = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  if (packed(s) === -1) throw new RangeError(`No such date: ${year}-${month}-${day}`);
  return s;
}

export function yearOf(d: IsoDate): number {
  return unpack(d)[0];
}

export function monthOf(d: IsoDate): number {
  return unpack(d)[1];
}

export function addDays(d: IsoDate, n: number): IsoDate {
  return fromDayNumber(toDayNumber(d) + n);
}

/** Negative, zero or positive as a is before, equal to or after b. */
export function compareDates(a: IsoDate, b: IsoDate): -1 | 0 | 1 {
  const x = toDayNumber(a);
  const y = toDayNumber(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function dayOfWeek(d: IsoDate): Weekday {
  return dayOfWeekOfDayNumber(toDayNumber(d));
}

export function dayOfWeekOfDayNumber(n: number): Weekday {
  return ((((n + 4) % 7) + 7) % 7) as Weekday; // 1970-01-01 was a Thursday
}

/** Calendar days from a to b (b − a): 0 for the same day, negative if b is earlier. */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return toDayNumber(b) - toDayNumber(a);
}

/** The calendar date of a Date instant in UTC (never local time). */
export function toIsoDate(date: Date): IsoDate {
  if (Number.isNaN(date.getTime())) throw new RangeError('Invalid Date');
  return makeIsoDate(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
}

/** UTC midnight at the start of the date. */
export function fromIsoDate(d: IsoDate): Date {
  return new Date(toDayNumber(d) * 86_400_000);
}

/** The first date on or after d that falls on weekday w. */
export function weekdayOnOrAfter(d: IsoDate, w: Weekday): IsoDate {
  const n = toDayNumber(d);
  return fromDayNumber(n + ((w - dayOfWeekOfDayNumber(n) + 7) % 7));
}

/** The last date on or before d that falls on weekday w. */
export function weekdayOnOrBefore(d: IsoDate, w: Weekday): IsoDate {
  const n = toDayNumber(d);
  return fromDayNumber(n - ((dayOfWeekOfDayNumber(n) - w + 7) % 7));
}

/** e.g. the last Monday of May: lastWeekdayOfMonth(2025, 5, 1). */
export function lastWeekdayOfMonth(year: number, month: number, w: Weekday): IsoDate {
  return weekdayOnOrBefore(makeIsoDate(year, month, daysInMonth(year, month)), w);
}

export function firstWeekdayOfMonth(year: number, month: number, w: Weekday): IsoDate {
  return weekdayOnOrAfter(makeIsoDate(year, month, 1), w);
}
