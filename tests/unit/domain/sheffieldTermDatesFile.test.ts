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
