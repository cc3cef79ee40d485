import { describe, expect, it } from 'vitest';
import { ruleSep1SeparationNoEducation } from '../../../src/domain/flags/separationRules';
import { resolveThresholds } from '../../../src/domain/flags/thresholds';
import type { SeparationFacts } from '../../../src/domain/flags/snapshots';
import { T, placement, pupilSnapshot } from './fixtures';
import { cal } from './testCalendar';

/**
 * SEP1: a safeguarding separation with no education recorded by its sixth school day (domain.md §10.2).
 * Hand-counted on the test calendar: autumn half-term 2026 is Mon 26 – Fri 30 Oct. A separation from
 * Wed 21 Oct 2026: Wed 21 (1), Thu 22 (2), Fri 23 (3), Mon 2 Nov (4), Tue 3 Nov (5), Wed 4 Nov (6).
 */
const sep = (over: Partial<SeparationFacts> = {}): SeparationFacts => ({
  id: 'sep-1',
  schoolId: 'school-h',
  startDate: '2026-10-21',
  endDate: null,
  reasonCategory: 'RISK_OF_HARM_TO_PUPIL',
  ...over,
});
const snap = (s: SeparationFacts[], over: Parameters<typeof pupilSnapshot>[0] = {}) =>
  pupilSnapshot({ pupil: { dateOfBirth: '2012-02-01' }, separations: s, ...over });

describe('SEP1 safeguarding separation with no education by its sixth school day', () => {
  it.each([
    ['2026-11-03', false], // day 5
    ['2026-11-04', true], // day 6
    ['2026-11-10', true],
  ])('separated Wed 21 Oct 2026, on %s → flag %s', (asOf, flagged) => {
    expect(ruleSep1SeparationNoEducation(snap([sep()]), asOf, cal, T).length > 0).toBe(flagged);
  });

  it('counts from the first school day when it starts in the half-term: Sat 24 Oct → day 6 is Mon 9 Nov', () => {
    // Mon 2 (1), Tue 3 (2), Wed 4 (3), Thu 5 (4), Fri 6 (5), Mon 9 Nov (6).
    expect(ruleSep1SeparationNoEducation(snap([sep({ startDate: '2026-10-24' })]), '2026-11-06', cal, T)).toEqual([]);
    const [f] = ruleSep1SeparationNoEducation(snap([sep({ startDate: '2026-10-24' })]), '2026-11-09', cal, T);
    expect(f).toMatchObject({
      ruleId: 'SEP1',
      severity: 'CRIT',
      subjectType: 'PUPIL',
      periodKey: 'SEPARATION:sep-1',
      evidence: { educationDueBy: '2026-11-09', schoolDaysWithoutEducation: 1 },
    });
  });

  it('is resolved by any provision running, or by the separation ending', () => {
    const running = placement({ startDate: '2026-11-04', plannedEndDate: null, hoursPerWeek: 10 });
    expect(ruleSep1SeparationNoEducation(snap([sep()], { placements: [running] }), '2026-11-04', cal, T)).toEqual([]);
    expect(ruleSep1SeparationNoEducation(snap([sep({ endDate: '2026-11-05' })]), '2026-11-05', cal, T)).toHaveLength(1);
    expect(ruleSep1SeparationNoEducation(snap([sep({ endDate: '2026-11-05' })]), '2026-11-06', cal, T)).toEqual([]);
  });

  it('judges separations from 26 July 2026 only (the 2026 guidance)', () => {
    // Sat 25 and Sun 26 Jul 2026 fall in the summer holiday; day 6 of either is Wed 9 Sep (2, 3, 4, 7, 8, 9 Sep).
    expect(ruleSep1SeparationNoEducation(snap([sep({ startDate: '2026-07-25' })]), '2026-09-09', cal, T)).toEqual([]);
    expect(ruleSep1SeparationNoEducation(snap([sep({ startDate: '2026-07-26' })]), '2026-09-08', cal, T)).toEqual([]);
    expect(ruleSep1SeparationNoEducation(snap([sep({ startDate: '2026-07-26' })]), '2026-09-09', cal, T)).toHaveLength(
      1,
    );
  });

  it("follows an LA's tightened day", () => {
    const t = resolveThresholds([{ key: 'separationProvisionSchoolDay', value: 3 }]);
    expect(ruleSep1SeparationNoEducation(snap([sep()]), '2026-10-22', cal, t)).toEqual([]);
    expect(ruleSep1SeparationNoEducation(snap([sep()]), '2026-10-23', cal, t)).toHaveLength(1);
  });
});
