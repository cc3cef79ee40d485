import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { distribution, nearestRank } from '../../../src/domain/reports/percentiles';

describe('percentiles by nearest rank', () => {
  it('takes the value at rank ceil(p × n): an observed value, the lower middle for an even count', () => {
    const s = [20, 30, 55, 115];
    expect([0.5, 0.75, 0.9, 1].map((p) => nearestRank(s, p))).toEqual([30, 55, 115, 115]);
    expect(nearestRank([7], 0.5)).toBe(7);
    expect(nearestRank([], 0.5)).toBeNull();
    // Ten values 1..10: P50 rank 5, P75 rank 8 (7.5 up), P90 rank 9.
    const ten = Array.from({ length: 10 }, (_, i) => i + 1);
    expect([0.5, 0.75, 0.9].map((p) => nearestRank(ten, p))).toEqual([5, 8, 9]);
    expect(() => nearestRank(ten, 0)).toThrow(RangeError);
    expect(() => nearestRank(ten, 1.5)).toThrow('percentile must be in (0, 1], got 1.5');
  });

  it('summarises an unsorted list; an empty one has n = 0 and no statistics (not zero)', () => {
    expect(distribution([115, 20, 55, 30])).toEqual({ n: 4, median: 30, p75: 55, p90: 115, max: 115 });
    expect(distribution([])).toEqual({ n: 0, median: null, p75: null, p90: null, max: null });
  });

  it('property: every percentile is a member, and median ≤ P75 ≤ P90 ≤ max', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 500 }), { minLength: 1, maxLength: 60 }), (xs) => {
        const d = distribution(xs);
        for (const v of [d.median, d.p75, d.p90, d.max]) expect(xs).toContain(v);
        expect(d.median! <= d.p75! && d.p75! <= d.p90! && d.p90! <= d.max!).toBe(true);
        expect(d.max).toBe(Math.max(...xs));
        // At least half the values are at or below the median.
        expect(xs.filter((x) => x <= d.median!).length * 2).toBeGreaterThanOrEqual(xs.length);
      }),
    );
  });
});
