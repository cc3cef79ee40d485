import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { applySuppression, type SuppressibleCell } from '../../../src/domain/reports/suppression';
import { Presenter, suppressionThreshold } from '../../../src/reports/suppression';

const cells = (...ns: number[]): SuppressibleCell[] => ns.map((exact) => ({ exact, suppressed: false }));
const hidden = (cs: SuppressibleCell[]) => cs.map((c) => (c.suppressed ? 'c' : c.exact));

describe('small-number suppression', () => {
  it('primary: 1 to threshold − 1 is hidden; 0 and the threshold itself are shown', () => {
    const cs = cells(0, 1, 4, 5, 12);
    applySuppression(cs, [], 5);
    expect(hidden(cs)).toEqual([0, 'c', 'c', 5, 12]);
  });

  it('secondary: one hidden cell in a row with a shown total hides the next smallest non-zero cell', () => {
    const [total, ...parts] = cells(30, 3, 0, 12, 15);
    applySuppression([total!, ...parts], [{ total: total!, parts }], 5);
    // 3 is hidden; 30 − 0 − 12 − 15 would give it away, so 12 (the smallest non-zero shown) is hidden too.
    expect(hidden(parts)).toEqual(['c', 0, 'c', 15]);
    expect(total!.suppressed).toBe(false);
  });

  it('secondary: the smallest non-zero part is hidden, wherever it sits in the row', () => {
    const [total, ...parts] = cells(20, 2, 9, 5, 4);
    applySuppression([total!, ...parts], [{ total: total!, parts }], 3);
    // 2 is hidden; of 9, 5 and 4 the smallest, 4, goes with it (not the first listed).
    expect(hidden(parts)).toEqual(['c', 9, 5, 'c']);
    expect(total!.suppressed).toBe(false);
  });
  // Equivalent mutant left in applySuppression: `if (pick)` → `if (true)`. No pick means the one hidden member
  // is the total and every part is 0, so the total is 0 too, and a 0 is never hidden (neither primary nor,
  // since it would need a hidden non-zero part, secondary): with additive counts the branch is never taken.

  it('secondary: when the other parts are all zero, the total is hidden instead', () => {
    // 7 is hidden by the column constraint below; in its own row only zeros remain, so the row total goes.
    const [rowTotal, a, z] = cells(7, 7, 0);
    const [colTotal, b] = cells(9, 2);
    applySuppression(
      [rowTotal!, a!, z!, colTotal!, b!],
      [
        { total: rowTotal!, parts: [a!, z!] },
        { total: colTotal!, parts: [a!, b!] },
      ],
      5,
    );
    expect([a!.suppressed, b!.suppressed, rowTotal!.suppressed, z!.suppressed]).toEqual([true, true, true, false]);
  });

  it('rows and columns: a cell hidden for its row is protected in its column too', () => {
    // 2×2 table with margins:        col1 col2 | row
    //                          row1:   2   10   |  12
    //                          row2:   8   20   |  28
    //                          col:   10   30   |  40
    const [a, b, c, d, r1, r2, c1, c2, t] = cells(2, 10, 8, 20, 12, 28, 10, 30, 40);
    const all = [a!, b!, c!, d!, r1!, r2!, c1!, c2!, t!];
    applySuppression(
      all,
      [
        { total: r1!, parts: [a!, b!] },
        { total: r2!, parts: [c!, d!] },
        { total: c1!, parts: [a!, c!] },
        { total: c2!, parts: [b!, d!] },
        { total: t!, parts: [r1!, r2!] },
        { total: t!, parts: [c1!, c2!] },
      ],
      5,
    );
    // The classic rectangle: 2, 10, 8, 20 all hidden; the margins stay visible; no line has one unknown.
    expect(hidden([a!, b!, c!, d!])).toEqual(['c', 'c', 'c', 'c']);
    expect(hidden([r1!, r2!, c1!, c2!, t!])).toEqual([12, 28, 10, 30, 40]);
  });

  it('property: after suppression no constraint has exactly one hidden member, and nothing small is shown', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 2, max: 10 }),
        (ns, threshold) => {
          const parts = cells(...ns);
          const total = { exact: ns.reduce((a, b) => a + b, 0), suppressed: false };
          applySuppression([total, ...parts], [{ total, parts }], threshold);
          const members = [total, ...parts];
          expect(members.filter((m) => m.suppressed).length).not.toBe(1);
          for (const m of members) if (m.exact > 0 && m.exact < threshold) expect(m.suppressed).toBe(true);
          for (const m of members) if (m.exact === 0 && m !== total) expect(m.suppressed).toBe(false);
        },
      ),
    );
  });
});

describe('Presenter: publishing a report', () => {
  it('exact for an LA officer: nothing hidden, values kept', () => {
    const pr = new Presenter(false, 5);
    const n = pr.count(2);
    const r = pr.derived(0.5, n);
    pr.finish();
    expect([n, r]).toEqual([
      { value: 2, suppressed: false },
      { value: 0.5, suppressed: false },
    ]);
  });

  it('suppressed: value null with a marker, and every figure built from a hidden count hidden too', () => {
    const pr = new Presenter(true, 5);
    const sustained = pr.count(3);
    const broken = pr.count(9);
    const rate = pr.derived(0.25, sustained, broken);
    const other = pr.derived(0.9, broken);
    pr.finish();
    expect(sustained).toEqual({ value: null, suppressed: true });
    expect(broken).toEqual({ value: 9, suppressed: false });
    expect(rate).toEqual({ value: null, suppressed: true });
    expect(other).toEqual({ value: 0.9, suppressed: false });
  });

  it('a complement the reader can work out (total − part) is protected like a printed cell', () => {
    const pr = new Presenter(true, 5);
    const moved = pr.count(9);
    const withEhcp = pr.count(8);
    pr.complement(moved, withEhcp);
    pr.finish();
    // 9 − 8 = 1 pupil without an EHCP: the 8 is hidden so that 1 cannot be derived.
    expect(withEhcp).toEqual({ value: null, suppressed: true });
    expect(moved).toEqual({ value: 9, suppressed: false });
  });

  it('linked counts are hidden together', () => {
    const pr = new Presenter(true, 5);
    const placements = pr.count(6);
    const pupils = pr.count(4);
    pr.linked(placements, pupils);
    pr.finish();
    expect([placements.suppressed, pupils.suppressed]).toEqual([true, true]);
  });

  it('the threshold is configurable, 5 by default, and a bad value fails loudly', () => {
    expect(suppressionThreshold({})).toBe(5);
    expect(suppressionThreshold({ REPORT_SUPPRESSION_THRESHOLD: '10' })).toBe(10);
    expect(() => suppressionThreshold({ REPORT_SUPPRESSION_THRESHOLD: '1' })).toThrow(RangeError);
    expect(() => suppressionThreshold({ REPORT_SUPPRESSION_THRESHOLD: 'five' })).toThrow(RangeError);
  });
});
