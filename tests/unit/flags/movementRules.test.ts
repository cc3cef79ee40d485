import { describe, expect, it } from 'vitest';
import { ruleM3VulnerableToHomeEducation, ruleM5ChildMissingEducation } from '../../../src/domain/flags/movementRules';
import type { EndReasonKind, EnrolmentFacts, PlacementFacts, PupilSnapshot } from '../../../src/domain/flags/snapshots';
import { HOME_SCHOOL, T, exclusion, placement, pupilSnapshot } from './fixtures';
import { cal } from './testCalendar';

type SnapshotOver = Parameters<typeof pupilSnapshot>[0];

const left = (endDate: string, endReasonKind: EndReasonKind, over: Partial<EnrolmentFacts> = {}): EnrolmentFacts => ({
  id: 'enrol-1',
  schoolId: HOME_SCHOOL,
  registration: 'SINGLE',
  startDate: '2022-09-01',
  endDate,
  endReason: 'deleted',
  endReasonKind,
  ...over,
});
const ap = (startDate: string, endDate: string | null, over: Partial<PlacementFacts> = {}): PlacementFacts => {
  const { pupil: _p, ...p } = placement({
    id: `ap-${startDate}`,
    startDate,
    endDate,
    status: endDate ? 'ENDED' : 'OPEN',
    plannedEndDate: null,
    ...over,
  });
  return p;
};

describe('M3 vulnerable pupil leaves for home education', () => {
  const reasons = (s: PupilSnapshot, asOf = '2025-11-20') =>
    ruleM3VulnerableToHomeEducation(s, asOf, cal, T).map((f) => f.evidence.reasons);
  const ehe = (over: SnapshotOver = {}, enrol: Partial<EnrolmentFacts> = {}) =>
    pupilSnapshot({ enrolments: [left('2025-11-14', 'ELECTIVE_HOME_EDUCATION', enrol)], ...over });

  it.each([
    [ehe(), []], // no vulnerability recorded
    [ehe({ pupil: { socialCareStatus: 'CHILD_PROTECTION' } }), [['SOCIAL_CARE_INVOLVEMENT']]],
    [ehe({}, { schoolIsSpecial: true }), [['SPECIAL_SCHOOL']]],
    [ehe({ placements: [ap('2025-01-06', '2025-06-30')] }), [['IN_OR_RECENTLY_IN_AP']]],
    [
      ehe({ partTimeTimetables: [{ startDate: '2025-09-08', endDate: '2025-10-17' }] }),
      [['RECENT_PART_TIME_TIMETABLE']],
    ],
  ])('case %# → %j', (s, expected) => {
    expect(reasons(s)).toEqual(expected);
  });

  // 365 days before Fri 14 Nov 2025 is Fri 14 Nov 2024.
  it.each([
    ['2024-11-14', [['RECENT_SUSPENSION']]],
    ['2024-11-13', []],
  ])('suspension on %s → %j', (startDate, expected) => {
    expect(reasons(ehe({ exclusions: [exclusion({ startDate, academicYear: '2024-25' })] }))).toEqual(expected);
  });

  it('fires from the day of the exit, keyed by it, and notes when LA consent is needed', () => {
    const s = ehe({ pupil: { lookedAfter: true } }, { schoolIsSpecial: true });
    expect(reasons(s, '2025-11-13')).toEqual([]);
    expect(ruleM3VulnerableToHomeEducation(s, '2025-11-14', cal, T)[0]).toMatchObject({
      ruleId: 'M3',
      severity: 'HIGH',
      periodKey: 'EHE:2025-11-14',
      schoolId: HOME_SCHOOL,
      evidence: { laConsentNeeded: true },
    });
  });

  it('a child with a child protection plan needs LA consent only once the CWSA consent provisions commence (switch CWSA_EHE_CONSENT), judged on the exit day', () => {
    const s = ehe({ pupil: { socialCareStatus: 'CHILD_PROTECTION' } });
    const consent = (t: typeof T) => ruleM3VulnerableToHomeEducation(s, '2025-11-20', cal, t)[0]?.evidence;
    expect(consent(T)).toMatchObject({ laConsentNeeded: false, cwsaConsentInForce: false });
    const on = (date: string) => ({ ...T, commencements: { CWSA_EHE_CONSENT: date } });
    expect(consent(on('2025-11-14'))).toMatchObject({ laConsentNeeded: true, cwsaConsentInForce: true });
    expect(consent(on('2025-11-15'))).toMatchObject({ laConsentNeeded: false, cwsaConsentInForce: false });
    // A child in need (no protection plan) is not one of the groups.
    const cin = ehe({ pupil: { socialCareStatus: 'CHILD_IN_NEED' } });
    expect(ruleM3VulnerableToHomeEducation(cin, '2025-11-20', cal, on('2025-11-14'))[0]?.evidence).toMatchObject({
      laConsentNeeded: false,
    });
  });

  it('also reads an AP placement that ended with home education as its destination', () => {
    const s = pupilSnapshot({
      placements: [ap('2025-09-03', '2025-10-17', { destination: 'ELECTIVE_HOME_EDUCATION' })],
    });
    expect(reasons(s)).toEqual([['IN_OR_RECENTLY_IN_AP']]);
  });
});

describe('M5 child missing education', () => {
  const gone = (kind: EndReasonKind, over: SnapshotOver = {}) =>
    pupilSnapshot({ enrolments: [left('2025-11-14', kind)], ...over });
  it.each([
    ['2025-11-13', false], // on roll
    ['2025-11-14', false], // last day on roll
    ['2025-11-15', true], // no roll, no provision, no EHE record
  ])('deleted on 14 Nov with destination unknown, as of %s → flag %s', (asOf, flagged) => {
    expect(ruleM5ChildMissingEducation(gone('CME_OR_UNKNOWN'), asOf, cal, T).length > 0).toBe(flagged);
  });

  it('is CRIT and keyed by the first day missing', () => {
    expect(ruleM5ChildMissingEducation(gone('OTHER'), '2025-11-20', cal, T)[0]).toMatchObject({
      severity: 'CRIT',
      periodKey: '2025-11-15',
      evidence: { calendarDays: 6 },
    });
  });

  it.each([
    ['a transfer to a named school', gone('TRANSFERRED_TO_SCHOOL')],
    ['a move away', gone('MOVED_AWAY')],
    ['an EHE record', gone('ELECTIVE_HOME_EDUCATION', { pupil: { electiveHomeEducationFrom: '2025-11-15' } })],
    ['an open AP placement', gone('PERMANENT_EXCLUSION', { placements: [ap('2025-11-17', null)] })],
    ['a pupil past compulsory school age', gone('CME_OR_UNKNOWN', { pupil: { dateOfBirth: '2009-06-01' } })],
    ['a recorded move out of the LA', gone('CME_OR_UNKNOWN', { pupil: { movedOutOfLaOn: '2025-11-14' } })],
    ['no history at all', pupilSnapshot({ enrolments: [] })],
  ])('does not fire for %s', (_label, s) => {
    expect(ruleM5ChildMissingEducation(s, '2025-11-20', cal, T)).toEqual([]);
  });

  it('fires when an AP placement ends with nowhere to go', () => {
    const s = pupilSnapshot({
      enrolments: [left('2025-09-30', 'PERMANENT_EXCLUSION')],
      placements: [ap('2025-10-01', '2025-12-19', { destination: 'CHILDREN_MISSING_EDUCATION' })],
    });
    expect(ruleM5ChildMissingEducation(s, '2025-12-19', cal, T)).toEqual([]);
    expect(ruleM5ChildMissingEducation(s, '2025-12-20', cal, T)[0]?.periodKey).toBe('2025-12-20');
  });
});
