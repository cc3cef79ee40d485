import { describe, expect, it } from 'vitest';
import { classifyStay, splitDistribution } from '../../../src/domain/reports/stayLengths';
import { sheffield } from '../../support/sheffieldCalendar';

// Autumn term 2025 on Sheffield's calendar: 1 Sep – 19 Dec, half-term 27–31 Oct (75 school days).
const FROM = '2025-09-01';
const TO = '2026-01-04';

describe('stay lengths: closed and open, in school days', () => {
  it('a stay ending in the period is closed, measured start to end inclusive', () => {
    // Mon 1 Sep – Fri 17 Oct: seven full weeks.
    expect(classifyStay(sheffield, { startDate: '2025-09-01', endDate: '2025-10-17' }, FROM, TO, TO)).toEqual({
      kind: 'CLOSED',
      schoolDays: 35,
    });
    // Ending on the period's last day (a Sunday in the holiday) still counts as closed in it.
    expect(classifyStay(sheffield, { startDate: '2025-12-15', endDate: '2026-01-04' }, FROM, TO, TO)).toEqual({
      kind: 'CLOSED',
      schoolDays: 5,
    });
  });

  it('a stay running at the period end is open, measured to then (a lower bound)', () => {
    // From Mon 20 Oct: 20–24 Oct (5), half-term, 3 Nov – 19 Dec (35) → 40.
    expect(classifyStay(sheffield, { startDate: '2025-10-20', endDate: null }, FROM, TO, TO)).toEqual({
      kind: 'OPEN',
      schoolDays: 40,
    });
    // Ends after the period: open as at its end.
    expect(classifyStay(sheffield, { startDate: '2025-10-20', endDate: '2026-02-13' }, FROM, TO, TO)).toEqual({
      kind: 'OPEN',
      schoolDays: 40,
    });
    // A period not over yet: measured to today.
    expect(classifyStay(sheffield, { startDate: '2025-10-20', endDate: null }, FROM, TO, '2025-10-24')).toEqual({
      kind: 'OPEN',
      schoolDays: 5,
    });
  });

  it('a stay ended before the period, or started after it, does not count', () => {
    expect(classifyStay(sheffield, { startDate: '2025-06-02', endDate: '2025-08-31' }, FROM, TO, TO)).toBeNull();
    expect(classifyStay(sheffield, { startDate: '2026-01-05', endDate: null }, FROM, TO, TO)).toBeNull();
    // Asked on 20 Aug 2025 about the autumn term (as of today, before the period): a stay that ended that day
    // ended before the period.
    expect(
      classifyStay(sheffield, { startDate: '2025-06-02', endDate: '2025-08-20' }, FROM, TO, '2025-08-20'),
    ).toBeNull();
  });

  it('summarises closed and open separately', () => {
    const s = splitDistribution([
      { kind: 'CLOSED', schoolDays: 10 },
      { kind: 'CLOSED', schoolDays: 30 },
      { kind: 'OPEN', schoolDays: 300 },
    ]);
    expect(s.closed).toEqual({ n: 2, median: 10, p75: 30, p90: 30, max: 30 });
    expect(s.open).toEqual({ n: 1, median: 300, p75: 300, p90: 300, max: 300 });
  });

  it('both ends of the period and of asOf are inclusive', () => {
    // Ending on the period's first day (Mon 1 Sep, a school day): closed, 1 school day.
    expect(classifyStay(sheffield, { startDate: '2025-09-01', endDate: '2025-09-01' }, FROM, TO, TO)).toEqual({
      kind: 'CLOSED',
      schoolDays: 1,
    });
    // Starting on asOf (Fri 24 Oct, a school day) and still running: open, 1 school day.
    expect(classifyStay(sheffield, { startDate: '2025-10-24', endDate: null }, FROM, TO, '2025-10-24')).toEqual({
      kind: 'OPEN',
      schoolDays: 1,
    });
  });
  // Equivalent mutants left in classifyStay (asOf is never after the period end, see the comment there):
  // - dropping `s.endDate !== null` in the CLOSED test: `null >= '2025-09-01'` is already false in JS;
  // - `s.endDate > asOf` → `>=`: an end date equal to asOf lies in [from, to], so it was CLOSED already.
});
