import { describe, expect, it } from 'vitest';
import { calendarMonths } from '../../../src/domain/reports/months';

/** The months of the movement trend report: clipped to the period and to today, the latest `max` of them. */
describe('calendar months of a period', () => {
  it('clips the first and last month to the period, and crosses the new year', () => {
    expect(calendarMonths('2025-09-15', '2026-01-10', '2026-06-01')).toEqual([
      { label: 'Sept 2025', from: '2025-09-15', to: '2025-09-30' },
      { label: 'Oct 2025', from: '2025-10-01', to: '2025-10-31' },
      { label: 'Nov 2025', from: '2025-11-01', to: '2025-11-30' },
      { label: 'Dec 2025', from: '2025-12-01', to: '2025-12-31' },
      { label: 'Jan 2026', from: '2026-01-01', to: '2026-01-10' },
    ]);
  });

  it('stops at today: nothing has happened after it', () => {
    expect(calendarMonths('2026-01-01', '2026-12-31', '2026-02-14')).toEqual([
      { label: 'Jan 2026', from: '2026-01-01', to: '2026-01-31' },
      { label: 'Feb 2026', from: '2026-02-01', to: '2026-02-14' },
    ]);
    // Today on the 1st of a month: that month has one day.
    expect(calendarMonths('2026-01-20', '2026-12-31', '2026-03-01').map((m) => [m.from, m.to])).toEqual([
      ['2026-01-20', '2026-01-31'],
      ['2026-02-01', '2026-02-28'],
      ['2026-03-01', '2026-03-01'],
    ]);
    // A period ending before today ends at its own end.
    expect(calendarMonths('2027-12-05', '2028-02-29', '2030-01-01').map((m) => m.to)).toEqual([
      '2027-12-31',
      '2028-01-31',
      '2028-02-29',
    ]);
  });

  it('keeps the latest `max` months (24 unless told)', () => {
    const months = calendarMonths('2023-01-01', '2025-12-31', '2026-01-01');
    expect(months).toHaveLength(24);
    expect(months[0]).toEqual({ label: 'Jan 2024', from: '2024-01-01', to: '2024-01-31' });
    expect(months[23]!.label).toBe('Dec 2025');
    expect(calendarMonths('2025-01-01', '2025-12-31', '2026-01-01', 2).map((m) => m.label)).toEqual([
      'Nov 2025',
      'Dec 2025',
    ]);
  });

  it('a period not begun is measured at its first day (asOfFor), so it has that one day', () => {
    expect(calendarMonths('2026-03-02', '2026-06-30', '2026-03-02')).toEqual([
      { label: 'Mar 2026', from: '2026-03-02', to: '2026-03-02' },
    ]);
  });
});
