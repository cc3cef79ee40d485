import { describe, expect, it } from 'vitest';
import { offsetStepper, schoolDayIndex } from '../../../src/reports/schoolDaysSql';
import { addDays, daysBetween } from '../../../src/domain/dates';
import { sheffield } from '../../support/sheffieldCalendar';

// The arithmetic the SQL does with the index array, done here in JS against the calendar itself.
describe('school-day index used inside SQL', () => {
  const idx = schoolDayIndex(sheffield, '2025-09-01', '2026-08-31');
  const between = (s: string, e: string) => {
    const c = (k: number) => idx.counts[k]!; // SQL arrays are 1-based: c[k + 1] there is counts[k] here
    return c(daysBetween(idx.base, e) + 1) - c(Math.max(0, daysBetween(idx.base, s)));
  };

  it('reproduces schoolDaysBetween (both ends inclusive) for every pair tried', () => {
    for (let i = 0; i < 400; i += 7)
      for (const len of [0, 1, 4, 30, 200]) {
        const s = addDays('2025-06-01', i);
        const e = addDays(s, len);
        if (e > '2026-08-31') continue;
        expect(between(s, e), `${s}..${e}`).toBe(sheffield.schoolDaysBetween(s, e));
      }
  });

  it('steps school days on offsets exactly as addSchoolDays does', () => {
    const step = offsetStepper(idx);
    for (let i = 0; i < 300; i += 3) {
      const d = addDays('2025-09-01', i);
      for (const n of [1, 5, 30]) {
        const expected = sheffield.addSchoolDays(d, n);
        const got = step.addSchoolDays(daysBetween(idx.base, d), n);
        if (expected > '2026-08-31') expect(got).toBe(Infinity);
        else expect(addDays(idx.base, got)).toBe(expected);
      }
    }
  });
});
