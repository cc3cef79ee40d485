import { describe, expect, it } from 'vitest';
import { parseSheffieldTermDatesJson } from '../../../src/domain/calendar/sheffieldTermDates';

/**
 * The term_dates.json reader (docs/calendar.md): what it refuses, with the reason, and what it reads besides
 * the holidays (INSET days, the source line, holidays in date order). The Sheffield 2025–2028 file itself is
 * read in termDates.test.ts.
 */
const refusal = (json: unknown) => () => parseSheffieldTermDatesJson(json);
const year = (name: string, school_holidays: unknown[], over: object = {}) => ({ name, school_holidays, ...over });

describe('term_dates.json: refusals name what is wrong', () => {
  it('refuses a file with no academic_years, a bad year name or a year with no holidays list', () => {
    expect(refusal(null)).toThrow('Not a term_dates.json file: no academic_years array');
    expect(refusal({ academic_years: [null] })).toThrow(
      'Not a term_dates.json file: academic_years[0].name is not like 2025-26',
    );
    expect(refusal({ academic_years: [year('2025-26', []), year('2026/27', [])] })).toThrow(
      'Not a term_dates.json file: academic_years[1].name is not like 2025-26',
    );
    expect(refusal({ academic_years: [{ name: '2025-26' }] })).toThrow(
      'Not a term_dates.json file: academic_years[0] has no school_holidays',
    );
  });

  it('refuses a holiday with a missing or impossible date, or one that ends before it starts', () => {
    const bad = 'Not a term_dates.json file: bad holiday in 2025-26';
    expect(refusal({ academic_years: [year('2025-26', [null])] })).toThrow(bad);
    expect(refusal({ academic_years: [year('2025-26', [{ start: '2025-10-32', end: '2025-10-31' }])] })).toThrow(bad);
    expect(refusal({ academic_years: [year('2025-26', [{ start: '2025-10-27', end: '2025-11-31' }])] })).toThrow(bad);
    expect(refusal({ academic_years: [year('2025-26', [{ start: '2025-10-27', end: '2025-10-26' }])] })).toThrow(bad);
    // A one-day holiday (start = end) is fine.
    expect(
      parseSheffieldTermDatesJson({
        academic_years: [year('2025-26', [{ start: '2026-05-04', end: '2026-05-04', label: 'Bank holiday' }])],
      })[0]!.holidays,
    ).toEqual([{ start: '2026-05-04', end: '2026-05-04', label: 'Bank holiday' }]);
  });
});

describe('term_dates.json: INSET days, source and order', () => {
  it('reads INSET days given as dates or { date } objects, drops the rest, and files each in its year', () => {
    const parsed = parseSheffieldTermDatesJson({
      pd_days: ['2025-09-01', { date: '2026-01-05' }, 'nonsense', { date: '2026-02-30' }, null, '2026-09-01'],
      academic_years: [year('2025-26', []), year('2026-27', [])],
    });
    expect(parsed.map((t) => t.insetDays)).toEqual([['2025-09-01', '2026-01-05'], ['2026-09-01']]);
    expect(
      parseSheffieldTermDatesJson({ pd_days: 'none', academic_years: [year('2025-26', [])] })[0]!.insetDays,
    ).toEqual([]);
  });

  it('names the school and source, marking a provisional year', () => {
    const parsed = parseSheffieldTermDatesJson({
      school: 'Sheffield LA',
      source: 'https://example.org/term-dates',
      academic_years: [year('2025-26', []), year('2026-27', [], { provisional: true })],
    });
    expect(parsed.map((t) => t.source)).toEqual([
      'Sheffield LA, https://example.org/term-dates',
      'Sheffield LA, https://example.org/term-dates (provisional)',
    ]);
  });

  it('lists a year’s holidays in date order whatever the file’s order', () => {
    const parsed = parseSheffieldTermDatesJson({
      academic_years: [
        year('2025-26', [
          { start: '2025-12-22', end: '2026-01-02', label: 'Christmas' },
          { start: '2025-10-27', end: '2025-10-31', label: 'October half-term' },
        ]),
      ],
    });
    expect(parsed[0]!.holidays.map((h) => h.label)).toEqual(['October half-term', 'Christmas']);
  });
});

describe('term_dates.json: holidays filed by 1 September – 31 August academic year', () => {
  // The file files by August-to-July year; each holiday goes to every academic year it touches, clipped to it.
  const parsed = () =>
    parseSheffieldTermDatesJson({
      source: 'https://example.org/term-dates',
      academic_years: [
        year('2030-31', [
          { start: '2030-10-26', end: '2030-11-03', label: 'October half-term' },
          { start: '2030-07-24', end: '2030-09-01', label: 'Summer holiday' }, // ends on 1 Sep itself
        ]),
        year('2031-32', [
          { start: '2032-07-22', end: '2032-07-31', label: 'Summer holiday' },
          { start: '2031-10-25', end: '2031-11-02', label: 'October half-term' },
          { start: '2031-08-31', end: '2031-09-02', label: 'Summer holiday' }, // starts on 31 Aug itself
        ]),
      ],
    });

  it('keeps a holiday ending on 1 September or starting on 31 August, clipped to the year', () => {
    expect(parsed()[0]!.holidays).toEqual([
      { start: '2030-09-01', end: '2030-09-01', label: 'Summer holiday' },
      { start: '2030-10-26', end: '2030-11-03', label: 'October half-term' },
      { start: '2031-08-31', end: '2031-08-31', label: 'Summer holiday' },
    ]);
  });

  it('clips a holiday spanning 1 September to the new year, and carries the last summer holiday to 31 August', () => {
    expect(parsed()[1]!.holidays).toEqual([
      { start: '2031-09-01', end: '2031-09-02', label: 'Summer holiday' },
      { start: '2031-10-25', end: '2031-11-02', label: 'October half-term' },
      // Ends 31 July in the file and no 2032-33 follows: carried to 31 August.
      { start: '2032-07-22', end: '2032-08-31', label: 'Summer holiday' },
    ]);
  });

  it('a file naming no school gives its source alone', () => {
    expect(parsed().map((t) => t.source)).toEqual(['https://example.org/term-dates', 'https://example.org/term-dates']);
  });

  it('a summer holiday listed to a day in August is carried to 31 August; an autumn one never is', () => {
    const august = parseSheffieldTermDatesJson({
      academic_years: [year('2030-31', [{ start: '2031-07-23', end: '2031-08-20', label: 'Summer holiday' }])],
    });
    expect(august[0]!.holidays).toEqual([{ start: '2031-07-23', end: '2031-08-31', label: 'Summer holiday' }]);
    // A year whose file lists only the October half-term (month 10, before the summer): left as it is.
    const october = parseSheffieldTermDatesJson({
      academic_years: [year('2030-31', [{ start: '2030-10-28', end: '2030-11-01', label: 'Half-term' }])],
    });
    expect(october[0]!.holidays).toEqual([{ start: '2030-10-28', end: '2030-11-01', label: 'Half-term' }]);
  });

  it('a last holiday ending in June is not carried to 31 August', () => {
    const june = parseSheffieldTermDatesJson({
      academic_years: [year('2030-31', [{ start: '2031-06-02', end: '2031-06-06', label: 'Half-term' }])],
    });
    expect(june[0]!.holidays).toEqual([{ start: '2031-06-02', end: '2031-06-06', label: 'Half-term' }]);
  });
});
