import { describe, expect, it } from 'vitest';
import { ruleE1SuspensionCap, suspensionDaysByAcademicYear } from '../../../src/domain/movements/exclusions';
import { sheffield } from '../../support/sheffieldCalendar';

/**
 * Rule E1 counts each suspension day in the academic year it falls in. Hand-counted from Sheffield's
 * published term dates (/work/shared/data/sheffield_la_term_dates_2025_2028.json): the 2025-26 year's
 * last school day is Mon 20 Jul 2026 (summer holiday 21 Jul – 31 Aug); 2026-27 starts Tue 1 Sep 2026.
 * School days in July 2026: 13 (Mon), 14, 15, 16, 17, 20. In September 2026: 1 (Tue), 2, 3, 4, 7, 8.
 */
describe('suspension days by the academic year they fall in (E1)', () => {
  it.each([
    // start, days, [2025-26, 2026-27]
    ['2026-07-13', 10, [6, 4]], // 13,14,15,16,17,20 Jul | 1,2,3,4 Sep
    ['2026-07-14', 10, [5, 5]], // 14,15,16,17,20 Jul | 1,2,3,4,7 Sep
    ['2026-07-20', 1, [1, 0]], // the last day of the year only
    ['2026-07-20', 2, [1, 1]], // 20 Jul | 1 Sep
    ['2026-07-21', 3, [0, 3]], // starts in the holiday: 1,2,3 Sep
    ['2026-07-13', 6.5, [6, 0.5]], // the half day is the last: 1 Sep morning
    ['2026-07-17', 2.5, [2, 0.5]], // 17, 20 Jul | half of 1 Sep
    ['2026-06-01', 10, [10, 0]],
  ] as const)('from %s for %s school days → %j', (start, days, [older, newer]) => {
    const split = suspensionDaysByAcademicYear(sheffield, start, days);
    const get = (y: string) => split.find((s) => s.academicYear === y)?.schoolDays ?? 0;
    expect([get('2025-26'), get('2026-27')]).toEqual([older, newer]);
    expect(split.every((s) => s.schoolDays > 0)).toBe(true);
  });
});

describe('rule E1 cap, either side of 45, across the summer', () => {
  const cap = 45;
  const in2526 = [{ academicYear: '2025-26', schoolDays: 40 }];
  const in2627 = [{ academicYear: '2026-27', schoolDays: 40 }];
  const split = (start: string, days: number) => suspensionDaysByAcademicYear(sheffield, start, days);

  it('40 days already in 2025-26: 10 days from Tue 14 Jul adds 5 to it (45, allowed); from Mon 13 Jul adds 6 (46, refused)', () => {
    expect(ruleE1SuspensionCap(in2526, split('2026-07-14', 10), cap)).toEqual({
      ok: true,
      totals: [
        { academicYear: '2025-26', schoolDays: 45 },
        { academicYear: '2026-27', schoolDays: 5 },
      ],
    });
    const refused = ruleE1SuspensionCap(in2526, split('2026-07-13', 10), cap);
    expect(refused).toMatchObject({ ok: false, academicYear: '2025-26', total: 46, existing: 40, adding: 6 });
    expect(refused.ok ? '' : refused.message).toMatch(
      /in 2025-26 to 46 school days \(6 of its school days fall in 2025-26\)/,
    );
  });

  it('40 days already in 2026-27: 11 days from Mon 13 Jul puts 5 in it (45, allowed); 12 days puts 6 (46, refused)', () => {
    expect(ruleE1SuspensionCap(in2627, split('2026-07-13', 11), cap)).toMatchObject({
      ok: true,
      totals: [
        { academicYear: '2025-26', schoolDays: 6 },
        { academicYear: '2026-27', schoolDays: 45 },
      ],
    });
    expect(ruleE1SuspensionCap(in2627, split('2026-07-13', 12), cap)).toMatchObject({
      ok: false,
      academicYear: '2026-27',
      total: 46,
    });
  });

  it('counts half days: 44.5 plus a lunchtime is 45, plus a day is 45.5', () => {
    const prior = [{ academicYear: '2025-26', schoolDays: 44.5 }];
    expect(ruleE1SuspensionCap(prior, split('2026-07-20', 0.5), cap).ok).toBe(true);
    expect(ruleE1SuspensionCap(prior, split('2026-07-20', 1), cap).ok).toBe(false);
    expect(ruleE1SuspensionCap(prior, split('2026-07-20', 1.5), cap)).toMatchObject({ ok: false, total: 45.5 });
  });
});
