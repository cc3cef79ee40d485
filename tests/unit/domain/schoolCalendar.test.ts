import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  defaultEnglandCalendar,
  loadBankHolidays,
  parseSheffieldTermDatesJson,
  SchoolCalendar,
  type TermDates,
} from '../../../src/domain/calendar';
import { academicYearOf } from '../../../src/domain/academicYear';
import { addDays, dayOfWeek, fromDayNumber, type IsoDate, toDayNumber } from '../../../src/domain/dates';
import { readTestData } from './referenceFiles';

const terms = parseSheffieldTermDatesJson(JSON.parse(readTestData('sheffield_la_term_dates_2025_2028.json')));
const sheffield = new SchoolCalendar(loadBankHolidays(), terms);

describe('Sheffield 2025-26: hand-counted school days', () => {
  it('across October half-term', () => {
    // Fri 17 Oct (1) + Mon 20–Fri 24 Oct (5) = 6; half-term 25 Oct–2 Nov; Mon 3–Fri 7 Nov (5) → 11.
    expect(sheffield.schoolDaysBetween('2025-10-17', '2025-11-07')).toBe(11);
    // Last day before half-term → first day after it.
    expect(sheffield.addSchoolDays('2025-10-24', 1)).toBe('2025-11-03');
    // Suspension from Wed 22 Oct: days 1–3 are 22, 23, 24 Oct; days 4, 5, 6 are 3, 4, 5 Nov.
    expect(sheffield.nthSchoolDayFrom('2025-10-22', 6)).toBe('2025-11-05');
  });

  it('across Christmas (and the 25, 26 Dec and 1 Jan bank holidays)', () => {
    // Mon 15–Fri 19 Dec (5); holiday 20 Dec–4 Jan; Mon 5–Fri 9 Jan (5) → 10.
    expect(sheffield.schoolDaysBetween('2025-12-15', '2026-01-09')).toBe(10);
    expect(sheffield.addSchoolDays('2025-12-19', 1)).toBe('2026-01-05');
    // Whole autumn term: Sept 22 + Oct 1–24 18 = 40 before half-term; 3 Nov–19 Dec 7 weeks = 35 → 75.
    expect(sheffield.schoolDaysBetween('2025-09-01', '2025-12-19')).toBe(75);
  });

  it('across Easter (Good Friday 3 Apr and Easter Monday 6 Apr inside the holiday)', () => {
    // Mon 23–Fri 27 Mar (5); holiday 28 Mar–12 Apr; Mon 13–Fri 17 Apr (5) → 10.
    expect(sheffield.schoolDaysBetween('2026-03-23', '2026-04-17')).toBe(10);
    expect(sheffield.addSchoolDays('2026-03-27', 1)).toBe('2026-04-13');
    expect(sheffield.schoolDaysElapsedSince('2026-03-27', '2026-04-13')).toBe(1);
  });

  it('across term-time bank holidays', () => {
    // Fri 1 May (1); Mon 4 May early-May bank holiday; Tue 5–Fri 8 May (4) → 5.
    expect(sheffield.schoolDaysBetween('2026-05-01', '2026-05-08')).toBe(5);
    expect(sheffield.addSchoolDays('2026-05-01', 1)).toBe('2026-05-05');
    // Thu 21, Fri 22 May (2); May half-term 23–31 May incl. 25 May bank holiday; Mon 1–Wed 3 Jun (3) → 5.
    expect(sheffield.schoolDaysBetween('2026-05-21', '2026-06-03')).toBe(5);
  });

  it('edge cases of the counting conventions', () => {
    expect(sheffield.schoolDaysBetween('2025-11-05', '2025-11-05')).toBe(1);
    expect(sheffield.schoolDaysBetween('2025-11-08', '2025-11-09')).toBe(0); // weekend
    expect(sheffield.schoolDaysBetween('2025-11-07', '2025-11-03')).toBe(0); // end before start
    expect(sheffield.schoolDaysElapsedSince('2025-11-07', '2025-11-07')).toBe(0);
    expect(sheffield.nthSchoolDayFrom('2025-10-25', 1)).toBe('2025-11-03'); // a Saturday is not day 1
    expect(sheffield.nthSchoolDayFrom('2025-11-03', 1)).toBe('2025-11-03');
    expect(sheffield.nextSchoolDayOnOrAfter('2025-12-25')).toBe('2026-01-05');
    expect(sheffield.nextSchoolDayOnOrAfter('2026-01-05')).toBe('2026-01-05');
    expect(() => sheffield.addSchoolDays('2025-11-03', 0)).toThrow(RangeError);
    expect(() => sheffield.addSchoolDays('2025-11-03', 1.5)).toThrow(RangeError);
  });

  it('reports terms and half-terms', () => {
    expect(sheffield.termOf('2025-10-24')).toEqual({
      academicYear: '2025-26',
      term: 'AUTUMN',
      half: 1,
      start: '2025-09-01',
      end: '2025-10-24',
    });
    expect(sheffield.termOf('2025-11-03')).toMatchObject({
      term: 'AUTUMN',
      half: 2,
      start: '2025-11-03',
      end: '2025-12-19',
    });
    expect(sheffield.termOf('2026-01-05')).toMatchObject({ term: 'SPRING', half: 1, end: '2026-02-13' });
    expect(sheffield.termOf('2026-03-27')).toMatchObject({ term: 'SPRING', half: 2, start: '2026-02-23' });
    expect(sheffield.termOf('2026-05-05')).toMatchObject({
      term: 'SUMMER',
      half: 1,
      start: '2026-04-13',
      end: '2026-05-22',
    });
    expect(sheffield.termOf('2026-07-20')).toMatchObject({
      term: 'SUMMER',
      half: 2,
      start: '2026-06-01',
      end: '2026-07-20',
    });
    expect(sheffield.termOf('2026-07-21')).toBeNull();
  });
});

describe('SchoolCalendar construction', () => {
  it('falls back to the default pattern for years with no loaded dates', () => {
    expect(sheffield.hasLoadedTermDates('2025-26')).toBe(true);
    expect(sheffield.hasLoadedTermDates('2024-25')).toBe(false);
    expect(sheffield.termDatesFor('2024-25').source).toMatch(/^Default/);
  });

  it('treats INSET days as non-school days', () => {
    const withInset: TermDates = { ...(terms[0] as TermDates), insetDays: ['2025-09-01', '2025-09-02'] };
    const cal = new SchoolCalendar(loadBankHolidays(), [withInset]);
    expect(cal.isSchoolDay('2025-09-01')).toBe(false);
    expect(cal.schoolDaysInYear('2025-26')).toBe(193);
  });

  it('rejects duplicate years and malformed holidays', () => {
    expect(() => new SchoolCalendar(loadBankHolidays(), [terms[0] as TermDates, terms[0] as TermDates])).toThrow(
      RangeError,
    );
    const bad = {
      academicYear: '2025-26',
      holidays: [{ start: '2025-10-31', end: '2025-10-27', label: 'x' }],
      source: 't',
    };
    expect(() => new SchoolCalendar(loadBankHolidays(), [bad])).toThrow(RangeError);
  });

  it('excludes one-off bank holidays in the default calendar (state funeral, Mon 19 Sep 2022)', () => {
    expect(defaultEnglandCalendar().isSchoolDay('2022-09-19')).toBe(false);
    expect(defaultEnglandCalendar().isSchoolDay('2022-09-20')).toBe(true);
  });
});

// A deliberately naive reference: walk every day and apply the definition directly.
function naiveIsSchoolDay(cal: SchoolCalendar, d: IsoDate): boolean {
  const w = dayOfWeek(d);
  if (w === 0 || w === 6 || loadBankHolidays().isBankHoliday(d)) return false;
  const t = cal.termDatesFor(academicYearOf(d));
  return !t.holidays.some((h) => h.start <= d && d <= h.end) && !(t.insetDays ?? []).includes(d);
}

const FROM = toDayNumber('2014-06-01');
const TO = toDayNumber('2036-12-31');
const anyDate = fc.integer({ min: FROM, max: TO }).map(fromDayNumber);

describe('properties (fast-check)', () => {
  for (const [name, cal] of [
    ['Sheffield', sheffield],
    ['default England', defaultEnglandCalendar()],
  ] as const) {
    describe(name, () => {
      it('schoolDaysBetween(addSchoolDays(d, 1), addSchoolDays(d, n)) === n', () => {
        fc.assert(
          fc.property(anyDate, fc.integer({ min: 1, max: 600 }), (d, n) => {
            expect(cal.schoolDaysBetween(cal.addSchoolDays(d, 1), cal.addSchoolDays(d, n))).toBe(n);
            expect(cal.isSchoolDay(cal.addSchoolDays(d, n))).toBe(true);
          }),
        );
      });

      it('nthSchoolDayFrom is monotonic in the date and strictly increasing in n', () => {
        fc.assert(
          fc.property(
            anyDate,
            fc.integer({ min: 0, max: 400 }),
            fc.integer({ min: 1, max: 300 }),
            fc.integer({ min: 1, max: 300 }),
            (d, gap, a, b) => {
              const later = addDays(d, gap);
              expect(cal.nthSchoolDayFrom(d, a) <= cal.nthSchoolDayFrom(later, a)).toBe(true);
              if (a < b) expect(cal.nthSchoolDayFrom(d, a) < cal.nthSchoolDayFrom(d, b)).toBe(true);
            },
          ),
        );
      });

      it('agrees with a day-by-day count', () => {
        fc.assert(
          fc.property(anyDate, fc.integer({ min: -5, max: 120 }), (start, len) => {
            const end = addDays(start, len);
            let n = 0;
            for (let d = start; d <= end; d = addDays(d, 1)) if (naiveIsSchoolDay(cal, d)) n++;
            expect(cal.schoolDaysBetween(start, end)).toBe(n);
          }),
          { numRuns: 60 },
        );
      });
    });
  }

  it('gives the same answers whatever order years are first used in', () => {
    const a = new SchoolCalendar(loadBankHolidays(), terms);
    const b = new SchoolCalendar(loadBankHolidays(), terms);
    a.isSchoolDay('2035-01-10'); // builds forwards from 2034-35 … then backwards below
    b.isSchoolDay('2014-10-10');
    fc.assert(
      fc.property(anyDate, anyDate, (x, y) => {
        expect(a.schoolDaysBetween(x, y)).toBe(b.schoolDaysBetween(x, y));
      }),
    );
  });
});

// Each test below builds its own calendar: years are built lazily and cached, so a shared calendar would
// answer from years another test already built.
describe('SchoolCalendar refuses malformed term dates, naming the fault', () => {
  const year = (over: Partial<TermDates>): TermDates => ({
    academicYear: '2030-31',
    holidays: [],
    insetDays: [],
    source: 'test',
    ...over,
  });
  const build =
    (...t: TermDates[]) =>
    () =>
      new SchoolCalendar(loadBankHolidays(), t);

  it('an academic year not written like 2030-31', () => {
    expect(build(year({ academicYear: '2030/31' }))).toThrow(new RangeError('Term dates: bad academic year "2030/31"'));
  });

  it('two sets of term dates for one year', () => {
    expect(build(year({}), year({ source: 'again' }))).toThrow(new RangeError('Term dates for 2030-31 given twice'));
  });

  it('a holiday with an impossible date at either end, or ending before it starts', () => {
    const bad = (start: string, end: string) => year({ holidays: [{ start, end, label: 'Half-term' }] });
    expect(build(bad('2031-02-30', '2031-03-06'))).toThrow(
      new RangeError('Term dates 2030-31: bad holiday Half-term 2031-02-30–2031-03-06'),
    );
    expect(build(bad('2031-02-24', '2031-02-30'))).toThrow(
      new RangeError('Term dates 2030-31: bad holiday Half-term 2031-02-24–2031-02-30'),
    );
    expect(build(bad('2031-02-28', '2031-02-24'))).toThrow(RangeError);
  });

  it('a one-day holiday (start = end) is accepted and closes that day only', () => {
    const cal = new SchoolCalendar(loadBankHolidays(), [
      year({ holidays: [{ start: '2030-11-15', end: '2030-11-15', label: 'Local holiday' }] }),
    ]);
    expect(cal.isSchoolDay('2030-11-14')).toBe(true);
    expect(cal.isSchoolDay('2030-11-15')).toBe(false); // a Friday
    // Mon 11 – Fri 15 Nov 2030 less the Friday: 4.
    expect(cal.schoolDaysBetween('2030-11-11', '2030-11-15')).toBe(4);
  });

  it('an impossible INSET day', () => {
    expect(build(year({ insetDays: ['2030-09-31'] }))).toThrow(
      new RangeError('Term dates 2030-31: bad INSET day 2030-09-31'),
    );
  });

  it('INSET days are optional', () => {
    const noInset: TermDates = { academicYear: '2030-31', holidays: [], source: 'no INSET list' };
    const cal = new SchoolCalendar(loadBankHolidays(), [noInset]);
    expect(cal.hasLoadedTermDates('2030-31')).toBe(true);
    expect(cal.isSchoolDay('2030-09-02')).toBe(true); // Monday, no holidays given
  });
});

describe('SchoolCalendar counting conventions, on a fresh calendar', () => {
  const fresh = () =>
    new SchoolCalendar(
      loadBankHolidays(),
      parseSheffieldTermDatesJson(JSON.parse(readTestData('sheffield_la_term_dates_2025_2028.json'))),
    );

  it('no school days have passed since a date still in the future', () => {
    expect(fresh().schoolDaysElapsedSince('2025-11-07', '2025-11-03')).toBe(0);
  });

  it('a weekend or a term-time bank holiday inside a half-term is in no term', () => {
    const cal = fresh();
    expect(cal.termOf('2025-11-08')).toBeNull(); // Saturday in autumn's second half
    expect(cal.termOf('2026-05-04')).toBeNull(); // early-May bank holiday in summer's first half
    expect(cal.termOf('2026-05-05')).toMatchObject({ term: 'SUMMER', half: 1 });
  });

  it('refuses a school-day count that is not a whole number of at least 1, saying what it got', () => {
    expect(() => fresh().addSchoolDays('2025-11-03', 0)).toThrow(
      new RangeError('School-day count must be a whole number >= 1, got 0'),
    );
  });

  it('covers academic years 1900-01 to 2199-00 and refuses dates outside them', () => {
    const cal = new SchoolCalendar(loadBankHolidays(), []);
    // Default pattern 1900-01: pupils start on the first weekday on or after 4 Sep (Tue 4 Sep 1900).
    expect(cal.addSchoolDays('1900-09-01', 1)).toBe('1900-09-04');
    expect(() => cal.isSchoolDay('1900-08-31')).toThrow(
      new RangeError('School calendar covers 1900-2199 only, not 1899'),
    );
    expect(cal.isSchoolDay('2200-08-29')).toBe(false); // Friday in the summer holiday of 2199-00
    expect(cal.isSchoolDay('2199-09-04')).toBe(true); // the first school day of 2199-00 (Wed 4 Sep)
    expect(() => cal.isSchoolDay('2200-09-01')).toThrow(
      new RangeError('School calendar covers 1900-2199 only, not 2200'),
    );
  });
});
