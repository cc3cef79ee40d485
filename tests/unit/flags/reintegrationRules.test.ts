import { describe, expect, it } from 'vitest';
import { ruleR1CheckpointOverdue, ruleR1FailedReintegration, ruleR4SeptemberGuarantee, yearElevenStartYear } from '../../../src/domain/flags/reintegrationRules';
import type { PlacementFacts, PupilSnapshot } from '../../../src/domain/flags/snapshots';
import { HOME_SCHOOL, T, exclusion, placement, pupilSnapshot, reintegration } from './fixtures';
import { cal } from './testCalendar';

const apPlacement = (startDate: string, over: Partial<PlacementFacts> = {}): PlacementFacts => {
  const { pupil: _p, ...p } = placement({ id: `ap-${startDate}`, startDate, plannedEndDate: null, ...over });
  return p;
};

/*
 * Return to school Mon 3 Nov 2025; the 2-term window is 130 school days counting 3 Nov as day 1:
 * 3 Nov–19 Dec 35, 5 Jan–13 Feb 30 (65), 23 Feb–27 Mar 25 (90), 13 Apr–22 May 30 less 4 May (119),
 * 1–12 Jun 10 (129), Mon 15 Jun 2026 (130). Follow-ups: day 30 Fri 12 Dec, day 65 Fri 13 Feb.
 */
describe('R1 failed reintegration', () => {
  const withEvents = (over: Partial<PupilSnapshot>) => pupilSnapshot({ reintegrations: [reintegration()], ...over });
  const kinds = (s: PupilSnapshot, asOf: string) =>
    ruleR1FailedReintegration(s, asOf, cal, T).flatMap((f) => (f.evidence.failures as { kind: string }[]).map((x) => x.kind));

  it.each([
    ['2026-06-12', ['RE_ENTERED_AP']], // day 129
    ['2026-06-15', ['RE_ENTERED_AP']], // day 130: last day of the window
    ['2026-06-16', []], // day after: sustained by then
  ])('re-entry to AP on %s → %j', (startDate, expected) => {
    expect(kinds(withEvents({ placements: [apPlacement(startDate)] }), '2026-07-01')).toEqual(expected);
  });

  it('fires on the day of the event, not before', () => {
    const s = withEvents({ placements: [apPlacement('2025-12-01')] });
    expect(kinds(s, '2025-11-30')).toEqual([]);
    expect(kinds(s, '2025-12-01')).toEqual(['RE_ENTERED_AP']);
  });

  it.each([
    [{ exclusions: [exclusion({ kind: 'PERMANENT', startDate: '2026-06-15', schoolDays: null })] }, ['PERMANENTLY_EXCLUDED']],
    [{ exclusions: [exclusion({ id: 'a', startDate: '2025-11-10', schoolDays: 3 }), exclusion({ id: 'b', startDate: '2026-01-12', schoolDays: 3 })] }, ['SUSPENSIONS_OVER_LIMIT']], // 3 + 3 = 6 > 5
    [{ exclusions: [exclusion({ id: 'a', startDate: '2025-11-10', schoolDays: 3 }), exclusion({ id: 'b', startDate: '2026-01-12', schoolDays: 2 })] }, []], // 5 is not over 5
    [{ partTimeTimetables: [{ startDate: '2026-01-05', endDate: '2026-02-13' }] }, ['PART_TIME_TIMETABLE']],
    [{ enrolments: [{ id: 'e', schoolId: HOME_SCHOOL, registration: 'SINGLE' as const, startDate: '2022-09-01', endDate: '2026-03-06', endReason: 'EHE letter', endReasonKind: 'ELECTIVE_HOME_EDUCATION' as const }] }, ['LEFT_FOR_HOME_EDUCATION']],
    [{ enrolments: [{ id: 'e', schoolId: HOME_SCHOOL, registration: 'SINGLE' as const, startDate: '2022-09-01', endDate: '2026-03-06', endReason: '?', endReasonKind: 'CME_OR_UNKNOWN' as const }] }, ['LEFT_ROLL_DESTINATION_UNKNOWN']],
    [{ placements: [apPlacement('2026-01-05', { tier: 'TIER_1_TARGETED_SUPPORT' })] }, []], // outreach is not re-entry
    [{ placements: [apPlacement('2026-01-05', { id: 'placement-1' })] }, []], // the placement returned from
  ])('%j → %j', (over, expected) => {
    expect(kinds(withEvents(over), '2026-07-01')).toEqual(expected);
  });

  it('fires on a follow-up reported broken down', () => {
    const r = reintegration();
    r.checkpoints[0] = { ...r.checkpoints[0]!, outcome: 'BROKEN_DOWN', reportedOn: '2025-12-12' };
    const [f] = ruleR1FailedReintegration(pupilSnapshot({ reintegrations: [r] }), '2025-12-12', cal, T);
    expect(f).toMatchObject({ ruleId: 'R1', severity: 'HIGH', outcome: 'REINTEGRATION', subjectType: 'REINTEGRATION', subjectId: 'reint-1', evidence: { sustainWindowEnds: '2026-06-15', firstFailureOn: '2025-12-12' } });
  });
});

describe('R1-CHECKPOINT follow-up not reported', () => {
  const keys = (asOf: string, r = reintegration()) => ruleR1CheckpointOverdue(pupilSnapshot({ reintegrations: [r] }), asOf, cal, T).map((f) => f.periodKey);

  // SIX_WEEKS due Fri 12 Dec; grace 5 school days: 15–19 Dec → report by Fri 19 Dec.
  it.each([
    ['2025-12-18', []],
    ['2025-12-19', []],
    ['2025-12-20', ['SIX_WEEKS']],
  ])('as of %s → %j', (asOf, expected) => {
    expect(keys(asOf)).toEqual(expected);
  });

  // ONE_TERM due Fri 13 Feb; grace skips the 16–20 Feb half-term: 23–27 Feb → report by Fri 27 Feb.
  it.each([
    ['2026-02-21', ['SIX_WEEKS']], // would be overdue if half-term counted
    ['2026-02-27', ['SIX_WEEKS']],
    ['2026-02-28', ['SIX_WEEKS', 'ONE_TERM']],
  ])('across the February half-term, as of %s → %j', (asOf, expected) => {
    expect(keys(asOf)).toEqual(expected);
  });

  it('stops once reported, or once the reintegration is closed', () => {
    const r = reintegration();
    r.checkpoints[0] = { ...r.checkpoints[0]!, outcome: 'SUSTAINED', reportedOn: '2025-12-15' };
    expect(keys('2026-01-05', r)).toEqual([]);
    expect(keys('2026-01-05', { ...reintegration(), status: 'BROKEN_DOWN' })).toEqual([]);
    const [f] = ruleR1CheckpointOverdue(pupilSnapshot({ reintegrations: [reintegration()] }), '2026-01-05', cal, T);
    expect(f).toMatchObject({ ruleId: 'R1-CHECKPOINT', severity: 'MED', evidence: { reportBy: '2025-12-19', schoolDaysOverdue: 1 } }); // only Mon 5 Jan after Christmas
  });
});

describe('R4 September Guarantee and NEET in December–February', () => {
  // Born 15 Mar 2010: 15 on 31 Aug 2025, so Year 11 is 2025-26; offer due by 30 Sep 2026.
  const leaver = (over: Partial<PupilSnapshot> = {}) =>
    pupilSnapshot({ pupil: { dateOfBirth: '2010-03-15' }, placements: [apPlacement('2025-09-03', { endDate: '2026-05-22', status: 'ENDED' })], ...over });
  const keys = (s: PupilSnapshot, asOf: string) => ruleR4SeptemberGuarantee(s, asOf, cal, T).map((f) => f.periodKey);

  it('works out the Year 11 year from the date of birth', () => {
    expect(yearElevenStartYear('2010-03-15')).toBe(2025);
    expect(yearElevenStartYear('2010-08-31')).toBe(2025);
    expect(yearElevenStartYear('2010-09-01')).toBe(2026);
  });

  it.each([
    ['2026-09-29', []],
    ['2026-09-30', []], // the deadline
    ['2026-10-01', ['SEPTEMBER_GUARANTEE:2026']],
  ])('no offer, as of %s → %j', (asOf, expected) => {
    expect(keys(leaver(), asOf)).toEqual(expected);
  });

  it('is satisfied by an offer, and ignores pupils not in AP in Year 11', () => {
    expect(keys(leaver({ post16: { septemberGuaranteeOfferOn: '2026-09-25', activity: [] } }), '2026-10-01')).toEqual([]);
    const earlier = leaver({ placements: [apPlacement('2024-09-04', { endDate: '2025-07-18', status: 'ENDED' })] });
    expect(keys(earlier, '2026-10-01')).toEqual([]);
  });

  it.each([
    ['2026-11-30', 'NEET', []],
    ['2026-12-01', 'NEET', ['NEET_DEC_FEB:2026-27']],
    ['2027-02-28', 'NOT_KNOWN', ['NEET_DEC_FEB:2026-27']], // 2027 is not a leap year: last day of February
    ['2027-03-01', 'NEET', []],
    ['2026-12-01', 'EET', []],
  ] as const)('as of %s with status %s → %j', (asOf, status, expected) => {
    const s = leaver({ post16: { septemberGuaranteeOfferOn: '2026-09-10', activity: [{ status, recordedOn: '2026-11-15' }] } });
    expect(keys(s, asOf)).toEqual(expected);
  });
});
