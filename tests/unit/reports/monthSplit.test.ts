import { describe, expect, it } from 'vitest';
import { monthPeriod, monthsOfAcademicYear, splitByMonth } from '../../../src/reports/rollups/months';
import { addDays, toDayNumber } from '../../../src/domain/dates';

/** How a period is cut into whole calendar months (monthly cells) and the partial months at its ends (read live). */
describe('splitByMonth', () => {
  it('keeps whole months whole and leaves the partial ends to be read live', () => {
    expect(splitByMonth({ from: '2025-10-01', to: '2026-02-14' })).toEqual({
      months: ['2025-10-01', '2025-11-01', '2025-12-01', '2026-01-01'],
      edges: [{ from: '2026-02-01', to: '2026-02-14' }],
    });
    expect(splitByMonth({ from: '2024-09-02', to: '2025-08-29' })).toEqual({
      months: [
        '2024-10-01',
        '2024-11-01',
        '2024-12-01',
        '2025-01-01',
        '2025-02-01',
        '2025-03-01',
        '2025-04-01',
        '2025-05-01',
        '2025-06-01',
        '2025-07-01',
      ],
      edges: [
        { from: '2024-09-02', to: '2024-09-30' },
        { from: '2025-08-01', to: '2025-08-29' },
      ],
    });
    expect(splitByMonth({ from: '2024-02-01', to: '2024-02-29' })).toEqual({ months: ['2024-02-01'], edges: [] });
  });

  it('a period inside one month, or across two partial months, has no whole month', () => {
    expect(splitByMonth({ from: '2025-03-15', to: '2025-03-15' })).toEqual({
      months: [],
      edges: [{ from: '2025-03-15', to: '2025-03-15' }],
    });
    expect(splitByMonth({ from: '2025-03-02', to: '2025-04-29' })).toEqual({
      months: [],
      edges: [{ from: '2025-03-02', to: '2025-04-29' }],
    });
    expect(splitByMonth({ from: '2025-03-02', to: '2025-03-31' }).months).toEqual([]);
  });

  it('the parts tile the period exactly, whatever its ends (every day once)', () => {
    for (const [from, to] of [
      ['2023-12-31', '2024-03-01'],
      ['2020-09-01', '2026-08-31'],
      ['2024-02-29', '2024-02-29'],
      ['2019-01-31', '2019-02-01'],
    ] as const) {
      const { months, edges } = splitByMonth({ from, to });
      const parts = [...months.map(monthPeriod), ...edges].sort((a, b) => (a.from < b.from ? -1 : 1));
      expect(parts[0]!.from).toBe(from);
      expect(parts.at(-1)!.to).toBe(to);
      for (let i = 1; i < parts.length; i++) expect(parts[i]!.from).toBe(addDays(parts[i - 1]!.to, 1));
      const days = parts.reduce((n, p) => n + toDayNumber(p.to) - toDayNumber(p.from) + 1, 0);
      expect(days).toBe(toDayNumber(to) - toDayNumber(from) + 1);
    }
  });

  it('an academic year has twelve months, September to August', () => {
    expect(monthsOfAcademicYear(2025)).toEqual([
      '2025-09-01',
      '2025-10-01',
      '2025-11-01',
      '2025-12-01',
      '2026-01-01',
      '2026-02-01',
      '2026-03-01',
      '2026-04-01',
      '2026-05-01',
      '2026-06-01',
      '2026-07-01',
      '2026-08-01',
    ]);
    expect(monthPeriod('2024-02-01')).toMatchObject({ from: '2024-02-01', to: '2024-02-29' });
  });
});
