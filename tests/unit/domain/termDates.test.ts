import { describe, it, expect } from 'vitest';
import {
  DEFAULT_TERM_DATES_SOURCE,
  defaultEnglandCalendar,
  defaultTermDates,
  easterSunday,
  loadBankHolidays,
  parseSheffieldTermDatesJson,
  SchoolCalendar,
} from '../../../src/domain/calendar';
import { academicYearEnd, academicYearLabel, academicYearStart } from '../../../src/domain/academicYear';
import { addDays, type IsoDate } from '../../../src/domain/dates';
import { readTestData } from './referenceFiles';

interface SheffieldFile {
  academic_years: { name: string; dates: { date: string }[] }[];
  all_schooldays: string[];
}

const raw = JSON.parse(readTestData('sheffield_la_term_dates_2025_2028.json')) as SheffieldFile;
const sheffield = parseSheffieldTermDatesJson(raw);

function schoolDaysOf(cal: SchoolCalendar, label: string): IsoDate[] {
  const days: IsoDate[] = [];
  for (let d = academicYearStart(label); d <= academicYearEnd(label); d = addDays(d, 1))
    if (cal.isSchoolDay(d)) days.push(d);
  return days;
}

describe('parseSheffieldTermDatesJson', () => {
  const cal = new SchoolCalendar(loadBankHolidays(), sheffield);

  it('gives one TermDates per academic year', () => {
    expect(sheffield.map((t) => t.academicYear)).toEqual(['2025-26', '2026-27', '2027-28']);
    expect(sheffield[0]?.source).toContain('sheffield.gov.uk');
  });

  it.each(raw.academic_years.map((y) => [y.name, y] as const))(
    '%s: school days equal the file’s dates (195)',
    (label, y) => {
      const expected = y.dates.map((d) => d.date);
      expect(expected).toHaveLength(195);
      expect(schoolDaysOf(cal, label)).toEqual(expected);
      expect(cal.schoolDaysInYear(label)).toBe(195);
    },
  );

  it('covers all_schooldays (585)', () => {
    expect(raw.all_schooldays).toHaveLength(585);
    expect(sheffield.flatMap((t) => schoolDaysOf(cal, t.academicYear))).toEqual(raw.all_schooldays);
  });

  it('keeps every holiday inside its academic year, as loadTermDates requires', () => {
    for (const t of sheffield)
      for (const h of t.holidays) {
        expect(h.start >= academicYearStart(t.academicYear)).toBe(true);
        expect(h.end <= academicYearEnd(t.academicYear)).toBe(true);
      }
  });

  it('carries the last year’s summer holiday to 31 August (the file has no 2028-29 to supply it)', () => {
    expect(sheffield[2]?.holidays.at(-1)).toEqual({ start: '2028-07-22', end: '2028-08-31', label: 'Summer holiday' });
    // The file's first year opens with August 2025, which belongs to 2024-25 and is dropped.
    expect(sheffield[0]?.holidays[0]?.start).toBe('2025-10-25');
  });

  it('rejects files of another shape', () => {
    expect(() => parseSheffieldTermDatesJson({})).toThrow(/academic_years/);
    expect(() => parseSheffieldTermDatesJson({ academic_years: [{ name: '2025-27', school_holidays: [] }] })).toThrow(
      /2025-26/,
    );
    expect(() =>
      parseSheffieldTermDatesJson({
        academic_years: [{ name: '2025-26', school_holidays: [{ start: '2025-10-31', end: '2025-10-27' }] }],
      }),
    ).toThrow();
  });
});

describe('defaultTermDates', () => {
  const cal = defaultEnglandCalendar();

  for (let y = 2015; y <= 2030; y++) {
    const label = academicYearLabel(y);
    it(`${label}: 190 ± 5 pupil days, six half-terms, holidays inside the year`, () => {
      const t = defaultTermDates(label);
      expect(t.source).toBe(DEFAULT_TERM_DATES_SOURCE);
      expect(cal.hasLoadedTermDates(label)).toBe(false);
      const n = cal.schoolDaysInYear(label);
      expect(n).toBeGreaterThanOrEqual(185);
      expect(n).toBeLessThanOrEqual(195);
      for (const h of t.holidays) {
        expect(
          h.start >= academicYearStart(label) && h.end <= academicYearEnd(label) && h.start <= h.end,
          h.label,
        ).toBe(true);
      }
      const halves = new Set(schoolDaysOf(cal, label).map((d) => `${cal.termOf(d)?.term}-${cal.termOf(d)?.half}`));
      expect([...halves]).toEqual(['AUTUMN-1', 'AUTUMN-2', 'SPRING-1', 'SPRING-2', 'SUMMER-1', 'SUMMER-2']);
      const easter = easterSunday(y + 1);
      expect(cal.isSchoolDay(addDays(easter, -3))).toBe(false); // Maundy Thursday: inside the Easter fortnight
      expect(cal.isSchoolDay(addDays(easter, 4))).toBe(false);
    });
  }

  it('2025-26 matches the documented rules', () => {
    const h = defaultTermDates('2025-26').holidays;
    expect(h).toEqual([
      { start: '2025-09-01', end: '2025-09-03', label: 'Summer holiday' }, // pupils start Thu 4 Sep
      { start: '2025-10-25', end: '2025-11-02', label: 'October half-term' },
      { start: '2025-12-20', end: '2026-01-04', label: 'Christmas holiday' },
      { start: '2026-02-14', end: '2026-02-22', label: 'February half-term' },
      { start: '2026-03-28', end: '2026-04-12', label: 'Easter holiday' },
      { start: '2026-05-23', end: '2026-05-31', label: 'May half-term' },
      { start: '2026-07-21', end: '2026-08-31', label: 'Summer holiday' }, // term ends Mon 20 Jul
    ]);
  });

  it('pupils start on the Monday when 4 September falls at a weekend', () => {
    // 4 Sep 2027 is a Saturday: the summer holiday runs to Sunday 5 Sep, pupils start Mon 6 Sep.
    expect(defaultTermDates('2027-28').holidays[0]).toEqual({
      start: '2027-09-01',
      end: '2027-09-05',
      label: 'Summer holiday',
    });
    // 4 Sep 2022 is a Sunday: the holiday runs to that Sunday, pupils start Mon 5 Sep.
    expect(defaultTermDates('2022-23').holidays[0]).toEqual({
      start: '2022-09-01',
      end: '2022-09-04',
      label: 'Summer holiday',
    });
  });

  it('the summer term ends on the Friday when 20 July falls at a weekend', () => {
    // 20 Jul 2024 is a Saturday: term ends Fri 19 Jul, the holiday starts Sat 20 Jul.
    expect(defaultTermDates('2023-24').holidays.at(-1)).toEqual({
      start: '2024-07-20',
      end: '2024-08-31',
      label: 'Summer holiday',
    });
    // 20 Jul 2025 is a Sunday: term ends Fri 18 Jul, the holiday starts Sat 19 Jul.
    expect(defaultTermDates('2024-25').holidays.at(-1)).toEqual({
      start: '2025-07-19',
      end: '2025-08-31',
      label: 'Summer holiday',
    });
    const cal = new SchoolCalendar(loadBankHolidays(), []);
    expect(cal.isSchoolDay('2025-07-18')).toBe(true);
    expect(cal.isSchoolDay('2025-07-21')).toBe(false);
  });
});
