import { describe, expect, it } from 'vitest';
import { reviewTimeliness } from '../../../src/domain/reports/reviewTimeliness';
import { sheffield } from './sheffield';

// Sheffield autumn 2025: from Mon 1 Sep the 30th school day after is Mon 13 Oct (6 full weeks + 1).
describe('reviews on time: within 30 school days of the start or the last review', () => {
  const autumn = ['2025-09-01', '2025-12-19'] as const;

  it('a review on or before the due day is on time, and restarts the clock', () => {
    expect(sheffield.addSchoolDays('2025-09-01', 30)).toBe('2025-10-13');
    // Due 13 Oct (reviewed 13 Oct, on the day); next due 30 school days after 13 Oct = 1 Dec (half-term skipped), reviewed 28 Nov.
    expect(reviewTimeliness(sheffield, { startDate: '2025-09-01', endDate: null, reviewDates: ['2025-10-13', '2025-11-28'] }, ...autumn)).toEqual({ due: 2, onTime: 2 });
  });

  it('a late review counts late and becomes the anchor; no review at all accrues a late review every 30 days', () => {
    // Due 13 Oct, reviewed 15 Oct (late); next due from 15 Oct: 3 Dec, not reviewed (late).
    expect(reviewTimeliness(sheffield, { startDate: '2025-09-01', endDate: null, reviewDates: ['2025-10-15'] }, ...autumn)).toEqual({ due: 2, onTime: 0 });
    // Never reviewed: due 13 Oct, then 30 school days after that (1 Dec): 2 late.
    expect(reviewTimeliness(sheffield, { startDate: '2025-09-01', endDate: null, reviewDates: [] }, ...autumn)).toEqual({ due: 2, onTime: 0 });
  });

  it('a placement ending before its due day owes no review; only dues inside the window count', () => {
    expect(reviewTimeliness(sheffield, { startDate: '2025-09-01', endDate: '2025-10-10', reviewDates: [] }, ...autumn)).toEqual({ due: 0, onTime: 0 });
    // Window from 1 Nov: the 13 Oct due falls before it; the 1 Dec one (after the 13 Oct review) is inside.
    expect(reviewTimeliness(sheffield, { startDate: '2025-09-01', endDate: null, reviewDates: ['2025-10-13'] }, '2025-11-01', '2025-12-19')).toEqual({ due: 1, onTime: 0 });
  });
});
