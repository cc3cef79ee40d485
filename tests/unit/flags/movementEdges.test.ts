/**
 * The edges of M3 and M5 (domain.md §5.4, §9.9) that movementRules.test.ts leaves open, found by Stryker's
 * survivors (docs/testing.md): M3's look-back window at each end (a placement or suspension on the day of
 * the exit, one ending exactly 365 days before, one starting after), which placements and exclusions are
 * vulnerabilities, several exits in date order; M5's last exit when exits are recorded out of order, an
 * earlier explained exit, a place starting after the day, and an AP placement ending with a move out.
 */
import { describe, expect, it } from 'vitest';
import { ruleM3VulnerableToHomeEducation, ruleM5ChildMissingEducation } from '../../../src/domain/flags/movementRules';
import type { EndReasonKind, EnrolmentFacts, PlacementFacts, PupilSnapshot } from '../../../src/domain/flags/snapshots';
import { HOME_SCHOOL, T, exclusion, placement, pupilSnapshot } from './fixtures';
import { cal } from './testCalendar';

const enrolment = (
  id: string,
  startDate: string,
  endDate: string | null,
  endReasonKind: EndReasonKind | null,
): EnrolmentFacts => ({
  id,
  schoolId: `school-${id}`,
  registration: 'SINGLE',
  startDate,
  endDate,
  endReason: endDate ? 'deleted' : null,
  endReasonKind,
});
const ap = (
  id: string,
  startDate: string,
  endDate: string | null,
  over: Partial<PlacementFacts> = {},
): PlacementFacts => {
  const { pupil: _p, ...p } = placement({
    id,
    startDate,
    endDate,
    status: endDate ? 'ENDED' : 'OPEN',
    plannedEndDate: null,
    ...over,
  });
  return p;
};

describe('M3 vulnerable pupil leaves for home education (§5.4, §9.9): the 365-day look-back', () => {
  // Left for home education on Fri 14 Nov 2025; 365 days before is Fri 14 Nov 2024.
  const eheExit = {
    ...enrolment('home', '2022-09-01', '2025-11-14', 'ELECTIVE_HOME_EDUCATION'),
    schoolId: HOME_SCHOOL,
  };
  const reasons = (over: Parameters<typeof pupilSnapshot>[0]) =>
    ruleM3VulnerableToHomeEducation(pupilSnapshot({ enrolments: [eheExit], ...over }), '2025-11-20', cal, T).map(
      (f) => f.evidence.reasons,
    );

  it.each([
    ['an AP place starting on the day of the exit', ap('a', '2025-11-14', null), [['IN_OR_RECENTLY_IN_AP']]],
    ['an AP place starting after the exit', ap('a', '2025-11-17', null), []],
    ['an AP place still open at the exit', ap('a', '2025-06-02', null), [['IN_OR_RECENTLY_IN_AP']]],
    ['an AP place ending exactly 365 days before', ap('a', '2024-09-04', '2024-11-14'), [['IN_OR_RECENTLY_IN_AP']]],
    ['an AP place ending 366 days before', ap('a', '2024-09-04', '2024-11-13'), []],
    [
      'Tier 1 outreach in the pupil’s own school (not a stay in AP)',
      ap('a', '2025-09-03', null, { tier: 'TIER_1_TARGETED_SUPPORT' }),
      [],
    ],
  ])('%s → %j', (_label, p, expected) => {
    expect(reasons({ placements: [p] })).toEqual(expected);
  });

  it.each([
    ['a suspension on the day of the exit', exclusion({ startDate: '2025-11-14' }), [['RECENT_SUSPENSION']]],
    ['a suspension after the exit', exclusion({ startDate: '2025-11-17' }), []],
    [
      'a permanent exclusion in the year (not a suspension)',
      exclusion({ kind: 'PERMANENT', startDate: '2025-10-01', schoolDays: null }),
      [],
    ],
  ])('%s → %j', (_label, e, expected) => {
    expect(reasons({ exclusions: [e] })).toEqual(expected);
  });

  it('a child leaving a school roll for another reason is no home education exit', () => {
    const transferred = enrolment('home', '2022-09-01', '2025-11-14', 'TRANSFERRED_TO_SCHOOL');
    const s = pupilSnapshot({ enrolments: [transferred], pupil: { lookedAfter: true } });
    expect(ruleM3VulnerableToHomeEducation(s, '2025-11-20', cal, T)).toEqual([]);
  });

  it('several exits to home education: one flag each, in date order, whatever order they were recorded in', () => {
    const s = pupilSnapshot({
      pupil: { lookedAfter: true },
      enrolments: [
        enrolment('c', '2025-04-21', '2025-11-14', 'ELECTIVE_HOME_EDUCATION'),
        enrolment('a', '2022-09-01', '2024-12-13', 'ELECTIVE_HOME_EDUCATION'),
      ],
      placements: [ap('p', '2025-01-06', '2025-03-28', { destination: 'ELECTIVE_HOME_EDUCATION' })],
    });
    expect(ruleM3VulnerableToHomeEducation(s, '2025-11-20', cal, T).map((f) => f.periodKey)).toEqual([
      'EHE:2024-12-13',
      'EHE:2025-03-28',
      'EHE:2025-11-14',
    ]);
  });
});

describe('M5 child missing education (§5.4, §9.9): which exit was the last', () => {
  const m5 = (s: PupilSnapshot, asOf = '2025-11-20') => ruleM5ChildMissingEducation(s, asOf, cal, T);

  it('the latest exit counts even when recorded before an earlier one', () => {
    const s = pupilSnapshot({
      enrolments: [enrolment('home', '2022-09-01', '2025-11-14', 'CME_OR_UNKNOWN')],
      placements: [ap('p', '2025-09-03', '2025-10-17')],
    });
    const [f] = m5(s);
    expect(f?.evidence).toEqual({
      lastOnRollOrInProvision: '2025-11-14',
      notInEducationSince: '2025-11-15',
      calendarDays: 6,
    });
    expect(f?.evidenceScore).toBe(6);
  });

  it('the last exit explained (an AP placement ending with a move out of the LA): no flag, whatever came before', () => {
    const s = pupilSnapshot({
      enrolments: [enrolment('home', '2022-09-01', '2025-09-30', 'PERMANENT_EXCLUSION')],
      placements: [ap('p', '2025-10-01', '2025-11-14', { destination: 'MOVED_OUT_OF_LA' })],
    });
    expect(m5(s)).toEqual([]);
  });

  it('an earlier explained exit does not explain a later unexplained one', () => {
    const s = pupilSnapshot({
      enrolments: [enrolment('home', '2022-09-01', '2025-09-30', 'TRANSFERRED_TO_SCHOOL')],
      placements: [ap('p', '2025-10-01', '2025-11-14', { destination: 'CHILDREN_MISSING_EDUCATION' })],
    });
    expect(m5(s)[0]?.evidence).toMatchObject({ lastOnRollOrInProvision: '2025-11-14' });
  });

  it('on a school roll today: no flag, even with an old unexplained exit', () => {
    const s = pupilSnapshot({
      enrolments: [
        enrolment('old', '2022-09-01', '2024-07-19', 'CME_OR_UNKNOWN'),
        enrolment('now', '2024-09-04', null, null),
      ],
    });
    expect(m5(s)).toEqual([]);
  });

  it('a school place starting next week does not stop the flag today', () => {
    const s = pupilSnapshot({
      enrolments: [
        enrolment('next', '2025-11-24', null, null),
        enrolment('home', '2022-09-01', '2025-11-14', 'CME_OR_UNKNOWN'),
      ],
    });
    expect(m5(s)[0]?.evidence).toEqual({
      lastOnRollOrInProvision: '2025-11-14',
      notInEducationSince: '2025-11-15',
      calendarDays: 6,
    });
  });

  it('with no school roll, an AP placement ending unexplained starts the count; the next one starting later does not stop it', () => {
    const s = pupilSnapshot({
      enrolments: [],
      placements: [ap('next', '2025-11-24', null), ap('p', '2025-09-03', '2025-11-14')],
    });
    expect(m5(s)[0]?.evidence).toEqual({
      lastOnRollOrInProvision: '2025-11-14',
      notInEducationSince: '2025-11-15',
      calendarDays: 6,
    });
  });
});
