import { describe, expect, it } from 'vitest';
import { reviewTimeliness } from '../../../src/domain/reports/reviewTimeliness';
import { sheffield } from '../../support/sheffieldCalendar';

// Sheffield autumn 2025: from Mon 1 Sep the 30th school day after is Mon 13 Oct (6 full weeks + 1).
describe('reviews on time: within 30 school days of the start or the last review', () => {
  const autumn = ['2025-09-01', '2025-12-19'] as const;

  it('a review on or before the due day is on time, and restarts the clock', () => {
    expect(sheffield.addSchoolDays('2025-09-01', 30)).toBe('2025-10-13');
    // Due 13 Oct (reviewed 13 Oct, on the day); next due 30 school days after 13 Oct = 1 Dec (half-term skipped), reviewed 28 Nov.
    expect(
      reviewTimeliness(
        sheffield,
        { startDate: '2025-09-01', endDate: null, reviewDates: ['2025-10-13', '2025-11-28'] },
        ...autumn,
      ),
    ).toEqual({ due: 2, onTime: 2 });
  });

  it('a late review counts late and becomes the anchor; no review at all accrues a late review every 30 days', () => {
    // Due 13 Oct, reviewed 15 Oct (late); next due from 15 Oct: 3 Dec, not reviewed (late).
    expect(
      reviewTimeliness(sheffield, { startDate: '2025-09-01', endDate: null, reviewDates: ['2025-10-15'] }, ...autumn),
    ).toEqual({ due: 2, onTime: 0 });
    // Never reviewed: due 13 Oct, then 30 school days after that (1 Dec): 2 late.
    expect(reviewTimeliness(sheffield, { startDate: '2025-09-01', endDate: null, reviewDates: [] }, ...autumn)).toEqual(
      { due: 2, onTime: 0 },
    );
  });

  it('a placement ending before its due day owes no review; only dues inside the window count', () => {
    expect(
      reviewTimeliness(sheffield, { startDate: '2025-09-01', endDate: '2025-10-10', reviewDates: [] }, ...autumn),
    ).toEqual({ due: 0, onTime: 0 });
    // Window from 1 Nov: the 13 Oct due falls before it; the 1 Dec one (after the 13 Oct review) is inside.
    expect(
      reviewTimeliness(
        sheffield,
        { startDate: '2025-09-01', endDate: null, reviewDates: ['2025-10-13'] },
        '2025-11-01',
        '2025-12-19',
      ),
    ).toEqual({ due: 1, onTime: 0 });
  });
});

/** The walk itself, on a plain counter (every day a school day), so each step is countable by hand. */
describe('reviews on time: the walk, step by step (every 10 days on a plain counter)', () => {
  const days = { addSchoolDays: (d: number, n: number) => d + n };
  const walk = (reviewDates: number[], opts: { endDate?: number | null; from?: number; to?: number } = {}) =>
    reviewTimeliness(
      days,
      { startDate: 0, endDate: opts.endDate ?? null, reviewDates },
      opts.from ?? 0,
      opts.to ?? 40,
      10,
    );

  it('on time, then late: a late review before the following due day becomes the anchor', () => {
    // Due 10: reviewed 5 (on time, anchor 5). Due 15: next review 25 is late, but by 25 (15 + 10) so it anchors. Due 35: none (late). Due 45 > 40.
    expect(walk([5, 25])).toEqual({ due: 3, onTime: 1 });
    // Given out of order: the same.
    expect(walk([25, 5])).toEqual({ due: 3, onTime: 1 });
  });

  it('a review on the due day is on time; one a day later is late', () => {
    // Due 10 (reviewed 10), 20 (reviewed 20), 30 (reviewed 30), 40 (reviewed 40): all on time.
    expect(walk([10, 20, 30, 40])).toEqual({ due: 4, onTime: 4 });
    // Due 10: reviewed 11 (late; anchor 11). Due 21: reviewed 21 (on time). Due 31: reviewed 31 (on time). Due 41 > 40.
    expect(walk([11, 21, 31])).toEqual({ due: 3, onTime: 2 });
  });

  it('a review after the following due day does not anchor: the missed due day does', () => {
    // Due 10: next 27 is past 20, so the anchor is 10. Due 20: 27 is late but by 30: anchor 27. Due 37: none. Due 47 > 40.
    expect(walk([27])).toEqual({ due: 3, onTime: 0 });
    // A late review exactly on the following due day still anchors: due 10 (late), anchor 20, due 30 (late), anchor 30, due 40 (late).
    expect(walk([20])).toEqual({ due: 3, onTime: 0 });
    expect(walk([20], { to: 39 })).toEqual({ due: 2, onTime: 0 });
  });

  it('a review on the start day is not the first review', () => {
    expect(walk([0, 8])).toEqual({ due: 4, onTime: 1 });
  });

  it('the end of the placement or of the window stops the walk; dues before the window are not counted', () => {
    expect(walk([], { endDate: 25 })).toEqual({ due: 2, onTime: 0 });
    expect(walk([], { endDate: 30 })).toEqual({ due: 3, onTime: 0 });
    expect(walk([], { endDate: 45 })).toEqual({ due: 4, onTime: 0 });
    // Window from 20: due 20, 30, 40 counted; due 10 (reviewed on time) not.
    expect(walk([10], { from: 20 })).toEqual({ due: 3, onTime: 0 });
    expect(walk([10, 20], { from: 21 })).toEqual({ due: 2, onTime: 0 });
  });

  it('the default interval is 30 school days (rule P2)', () => {
    expect(reviewTimeliness(days, { startDate: 0, endDate: null, reviewDates: [] }, 0, 90)).toEqual({
      due: 3,
      onTime: 0,
    });
  });

  it('reads the reviews in date order, whatever order they are recorded in', () => {
    expect(
      reviewTimeliness(
        sheffield,
        { startDate: '2025-09-01', endDate: null, reviewDates: ['2025-11-28', '2025-10-13'] },
        '2025-09-01',
        '2025-12-19',
      ),
    ).toEqual({ due: 2, onTime: 2 });
  });
  it('a placement that ends after the window owes no review for dues after the window', () => {
    // Window 1 Sep – 31 Oct, placement ends 19 Dec, never reviewed: due 13 Oct counts; the next due (1 Dec) is
    // after the window, though before the placement ended.
    expect(
      reviewTimeliness(
        sheffield,
        { startDate: '2025-09-01', endDate: '2025-12-19', reviewDates: [] },
        '2025-09-01',
        '2025-10-31',
      ),
    ).toEqual({ due: 1, onTime: 0 });
  });
  // Equivalent mutants left in reviewTimeliness (measured 5 Dec 2026, all nine survivors):
  // - the sort comparator `a < b ? -1 : a > b ? 1 : 0` mutated to `a <= b`, `a >= b`, `… ? 1 : 0` → `0` or `1`:
  //   review dates are distinct or identical strings, and V8's sort only asks whether the result is < 0, so
  //   every variant sorts the same;
  // - dropping `p.endDate !== null`, `next !== undefined` (twice): `null < '2025-…'` and `undefined <= '2025-…'`
  //   are false in JS, so the guard only serves the type checker; `p.endDate < windowTo` → `<=` picks an equal date.
});
