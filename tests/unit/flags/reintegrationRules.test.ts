import { describe, expect, it } from 'vitest';
import {
  ruleR1CheckpointOverdue,
  ruleR1FailedReintegration,
  ruleR4SeptemberGuarantee,
  yearElevenStartYear,
} from '../../../src/domain/flags/reintegrationRules';
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
    ruleR1FailedReintegration(s, asOf, cal, T).flatMap((f) =>
      (f.evidence.failures as { kind: string }[]).map((x) => x.kind),
    );

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
    [
      { exclusions: [exclusion({ kind: 'PERMANENT', startDate: '2026-06-15', schoolDays: null })] },
      ['PERMANENTLY_EXCLUDED'],
    ],
    [
      {
        exclusions: [
          exclusion({ id: 'a', startDate: '2025-11-10', schoolDays: 3 }),
          exclusion({ id: 'b', startDate: '2026-01-12', schoolDays: 3 }),
        ],
      },
      ['SUSPENSIONS_OVER_LIMIT'],
    ], // 3 + 3 = 6 > 5
    [
      {
        exclusions: [
          exclusion({ id: 'a', startDate: '2025-11-10', schoolDays: 3 }),
          exclusion({ id: 'b', startDate: '2026-01-12', schoolDays: 2 }),
        ],
      },
      [],
    ], // 5 is not over 5
    [{ partTimeTimetables: [{ startDate: '2026-01-05', endDate: '2026-02-13' }] }, ['PART_TIME_TIMETABLE']],
    [
      {
        enrolments: [
          {
            id: 'e',
            schoolId: HOME_SCHOOL,
            registration: 'SINGLE' as const,
            startDate: '2022-09-01',
            endDate: '2026-03-06',
            endReason: 'EHE letter',
            endReasonKind: 'ELECTIVE_HOME_EDUCATION' as const,
          },
        ],
      },
      ['LEFT_FOR_HOME_EDUCATION'],
    ],
    [
      {
        enrolments: [
          {
            id: 'e',
            schoolId: HOME_SCHOOL,
            registration: 'SINGLE' as const,
            startDate: '2022-09-01',
            endDate: '2026-03-06',
            endReason: '?',
            endReasonKind: 'CME_OR_UNKNOWN' as const,
          },
        ],
      },
      ['LEFT_ROLL_DESTINATION_UNKNOWN'],
    ],
    [{ placements: [apPlacement('2026-01-05', { tier: 'TIER_1_TARGETED_SUPPORT' })] }, []], // outreach is not re-entry
    [{ placements: [apPlacement('2026-01-05', { id: 'placement-1' })] }, []], // the placement returned from
  ])('%j → %j', (over, expected) => {
    expect(kinds(withEvents(over), '2026-07-01')).toEqual(expected);
  });

  it('fires on a follow-up reported broken down', () => {
    const r = reintegration();
    r.checkpoints[0] = { ...r.checkpoints[0]!, outcome: 'BROKEN_DOWN', reportedOn: '2025-12-12' };
    const [f] = ruleR1FailedReintegration(pupilSnapshot({ reintegrations: [r] }), '2025-12-12', cal, T);
    expect(f).toMatchObject({
      ruleId: 'R1',
      severity: 'HIGH',
      outcome: 'REINTEGRATION',
      subjectType: 'REINTEGRATION',
      subjectId: 'reint-1',
      evidence: { sustainWindowEnds: '2026-06-15', firstFailureOn: '2025-12-12' },
    });
  });
});

describe('R1-CHECKPOINT follow-up not reported', () => {
  const keys = (asOf: string, r = reintegration()) =>
    ruleR1CheckpointOverdue(pupilSnapshot({ reintegrations: [r] }), asOf, cal, T).map((f) => f.periodKey);

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
    expect(f).toMatchObject({
      ruleId: 'R1-CHECKPOINT',
      severity: 'MED',
      evidence: { reportBy: '2025-12-19', schoolDaysOverdue: 1 },
    }); // only Mon 5 Jan after Christmas
  });
});

describe('R4 September Guarantee and NEET in December–February', () => {
  // Born 15 Mar 2010: 15 on 31 Aug 2025, so Year 11 is 2025-26; offer due by 30 Sep 2026.
  const leaver = (over: Partial<PupilSnapshot> = {}) =>
    pupilSnapshot({
      pupil: { dateOfBirth: '2010-03-15' },
      placements: [apPlacement('2025-09-03', { endDate: '2026-05-22', status: 'ENDED' })],
      ...over,
    });
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
    expect(keys(leaver({ post16: { septemberGuaranteeOfferOn: '2026-09-25', activity: [] } }), '2026-10-01')).toEqual(
      [],
    );
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
    const s = leaver({
      post16: { septemberGuaranteeOfferOn: '2026-09-10', activity: [{ status, recordedOn: '2026-11-15' }] },
    });
    expect(keys(s, asOf)).toEqual(expected);
  });
});

describe('R1 evidence: every failure in the window, in date order', () => {
  const r1 = (over: Partial<PupilSnapshot>, asOf: string, r = reintegration()) =>
    ruleR1FailedReintegration(pupilSnapshot({ reintegrations: [r], ...over }), asOf, cal, T);

  it('suspensions are summed in date order and counted once when they cross the limit; a closed reintegration with no broken follow-up comes last, undated', () => {
    const exclusions = [
      exclusion({ id: 'b', startDate: '2026-01-12', schoolDays: 3 }),
      exclusion({ id: 'a', startDate: '2025-11-10', schoolDays: 3 }),
      exclusion({ id: 'c', startDate: '2026-02-02', schoolDays: 2 }),
      exclusion({ id: 'd', startDate: '2026-02-09', schoolDays: null }),
      exclusion({ id: 'p', kind: 'PERMANENT', startDate: '2026-03-02', schoolDays: null }),
    ];
    const [f, ...rest] = r1({ exclusions }, '2026-07-01', reintegration({ status: 'BROKEN_DOWN' }));
    expect(rest).toEqual([]);
    expect(f).toMatchObject({
      subjectId: 'reint-1',
      pupilId: 'pupil-1',
      placementId: 'placement-1',
      schoolId: HOME_SCHOOL,
      laId: 'la-1',
      evidenceScore: 3,
      evidence: {
        returnedOn: '2025-11-03',
        sustainWindowEnds: '2026-06-15',
        firstFailureOn: '2026-01-12',
        failures: [
          { kind: 'SUSPENSIONS_OVER_LIMIT', date: '2026-01-12', detail: 6 },
          { kind: 'PERMANENTLY_EXCLUDED', date: '2026-03-02', detail: null },
          { kind: 'MARKED_BROKEN_DOWN', date: null, detail: null },
        ],
      },
    });
  });

  it('the window ends on the day asked about until the sustain window is over', () => {
    const exclusions = [
      exclusion({ id: 'a', startDate: '2025-11-10', schoolDays: 6 }),
      exclusion({ id: 'p', kind: 'PERMANENT', startDate: '2026-03-02', schoolDays: null }),
    ];
    const [f] = r1({ exclusions }, '2026-01-20');
    expect((f!.evidence.failures as { kind: string }[]).map((x) => x.kind)).toEqual(['SUSPENSIONS_OVER_LIMIT']);
    expect(f!.evidence.sustainWindowEnds).toBe('2026-06-15');
    // Nothing before the return counts.
    expect(r1({ exclusions: [exclusion({ startDate: '2025-10-20', schoolDays: 10 })] }, '2026-07-01')).toEqual([]);
  });

  it('a return still in the future is not judged', () => {
    expect(r1({ placements: [apPlacement('2025-11-10')] }, '2025-11-02', reintegration())).toEqual([]);
    expect(r1({ placements: [apPlacement('2025-11-10')] }, '2025-11-10').map((f) => f.ruleId)).toEqual(['R1']);
  });

  it('home education from the pupil record counts once, also when the roll says so too', () => {
    const kinds = (over: Partial<PupilSnapshot>) =>
      (r1(over, '2026-07-01')[0]?.evidence.failures as { kind: string; date: string }[] | undefined) ?? [];
    expect(kinds({ pupil: { electiveHomeEducationFrom: '2026-03-02' } } as never)).toEqual([
      { kind: 'LEFT_FOR_HOME_EDUCATION', date: '2026-03-02', detail: null },
    ]);
    const both = {
      pupil: { electiveHomeEducationFrom: '2026-03-09' },
      enrolments: [
        {
          id: 'e',
          schoolId: HOME_SCHOOL,
          registration: 'SINGLE' as const,
          startDate: '2022-09-01',
          endDate: '2026-03-06',
          endReason: 'EHE letter',
          endReasonKind: 'ELECTIVE_HOME_EDUCATION' as const,
        },
      ],
    };
    expect(kinds(both as never)).toEqual([{ kind: 'LEFT_FOR_HOME_EDUCATION', date: '2026-03-06', detail: null }]);
    // Left the roll for another reason: not a failure.
    const moved = {
      enrolments: [
        {
          id: 'e',
          schoolId: HOME_SCHOOL,
          registration: 'SINGLE' as const,
          startDate: '2022-09-01',
          endDate: '2026-03-06',
          endReason: 'Moved',
          endReasonKind: 'MOVED_AWAY' as const,
        },
      ],
    };
    expect(kinds(moved as never)).toEqual([]);
  });

  it('a follow-up broken down with no report date counts from its due date', () => {
    const r = reintegration();
    r.checkpoints[0] = { ...r.checkpoints[0]!, outcome: 'BROKEN_DOWN', reportedOn: null };
    expect(r1({}, '2025-12-11', r)).toEqual([]);
    expect(r1({}, '2025-12-12', r)[0]!.evidence.failures).toEqual([
      { kind: 'FOLLOW_UP_BROKEN_DOWN', date: '2025-12-12', detail: 'SIX_WEEKS' },
    ]);
  });
});

describe('R1-CHECKPOINT details', () => {
  it('a report dated after the day asked about does not count yet; the evidence says how late', () => {
    const r = reintegration();
    r.checkpoints[0] = { ...r.checkpoints[0]!, outcome: 'SUSTAINED', reportedOn: '2026-01-06' };
    const [f, ...rest] = ruleR1CheckpointOverdue(pupilSnapshot({ reintegrations: [r] }), '2026-01-05', cal, T);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({
      periodKey: 'SIX_WEEKS',
      subjectId: 'reint-1',
      pupilId: 'pupil-1',
      schoolId: HOME_SCHOOL,
      evidenceScore: 1,
      title: 'Reintegration follow-up not reported (SIX_WEEKS, due 2025-12-12)',
      evidence: {
        checkpoint: 'SIX_WEEKS',
        dueDate: '2025-12-12',
        reportBy: '2025-12-19',
        graceSchoolDays: 5,
        schoolDaysOverdue: 1,
      },
    });
    expect(ruleR1CheckpointOverdue(pupilSnapshot({ reintegrations: [r] }), '2026-01-06', cal, T)).toEqual([]);
  });

  it('once any follow-up broke down, none is chased', () => {
    const r = reintegration();
    r.checkpoints[1] = { ...r.checkpoints[1]!, outcome: 'BROKEN_DOWN', reportedOn: '2026-01-20' };
    expect(ruleR1CheckpointOverdue(pupilSnapshot({ reintegrations: [r] }), '2026-03-02', cal, T)).toEqual([]);
  });
});

describe('R4 details', () => {
  const leaver = (over: Partial<PupilSnapshot> = {}) =>
    pupilSnapshot({
      pupil: { dateOfBirth: '2010-03-15' },
      placements: [apPlacement('2025-09-03', { endDate: '2026-05-22', status: 'ENDED' })],
      ...over,
    });
  const r4 = (s: PupilSnapshot, asOf: string) => ruleR4SeptemberGuarantee(s, asOf, cal, T);

  it('the September Guarantee flag: how overdue, until the end of the following August; an offer dated later does not count yet', () => {
    expect(r4(leaver(), '2026-10-01')).toMatchObject([
      {
        ruleId: 'R4',
        subjectId: 'pupil-1',
        pupilId: 'pupil-1',
        evidenceScore: 1,
        title: 'Year 11 AP leaver has no September Guarantee offer (due by 2026-09-30)',
        evidence: { yearElevenEnded: '2026-08-31', offerDueBy: '2026-09-30', calendarDaysOverdue: 1 },
      },
    ]);
    expect(r4(leaver(), '2027-08-31').map((f) => f.periodKey)).toEqual(['SEPTEMBER_GUARANTEE:2026']);
    expect(r4(leaver(), '2027-09-01')).toEqual([]);
    expect(
      r4(leaver({ post16: { septemberGuaranteeOfferOn: '2026-10-05', activity: [] } }), '2026-10-01').map(
        (f) => f.periodKey,
      ),
    ).toEqual(['SEPTEMBER_GUARANTEE:2026']);
    expect(r4(leaver({ post16: { septemberGuaranteeOfferOn: '2026-10-05', activity: [] } }), '2026-10-05')).toEqual([]);
  });

  it('in AP at any time in Year 11 counts, also a placement still open; one that ended before Year 11 does not', () => {
    expect(r4(leaver({ placements: [apPlacement('2026-06-01', { endDate: null })] }), '2026-10-01').length).toBe(1);
    expect(
      r4(leaver({ placements: [apPlacement('2024-09-04', { endDate: '2025-08-31', status: 'ENDED' })] }), '2026-10-01'),
    ).toEqual([]);
    expect(
      r4(leaver({ placements: [apPlacement('2024-09-04', { endDate: '2025-09-01', status: 'ENDED' })] }), '2026-10-01')
        .length,
    ).toBe(1);
    expect(r4(leaver({ placements: [apPlacement('2026-09-01', { endDate: null })] }), '2026-10-01')).toEqual([]);
  });

  it('December–February: the latest status recorded by then; NEET weighs more than not known', () => {
    const offer = '2026-09-10';
    const s = leaver({
      post16: {
        septemberGuaranteeOfferOn: offer,
        activity: [
          { status: 'NEET', recordedOn: '2026-12-15' },
          { status: 'EET', recordedOn: '2026-11-01' },
        ],
      },
    });
    expect(r4(s, '2026-12-10')).toEqual([]);
    expect(r4(s, '2026-12-20')).toMatchObject([
      {
        periodKey: 'NEET_DEC_FEB:2026-27',
        evidenceScore: 2,
        title: 'Year 11 AP leaver is NEET in the December–February count',
        evidence: { academicYear: '2026-27', status: 'NEET', recordedOn: '2026-12-15' },
      },
    ]);
    expect(r4(leaver({ post16: { septemberGuaranteeOfferOn: offer, activity: [] } }), '2026-12-01')).toMatchObject([
      {
        evidenceScore: 1,
        title: 'Year 11 AP leaver is not known in the December–February count',
        evidence: { status: 'NOT_KNOWN', recordedOn: null },
      },
    ]);
  });

  it('the count runs to the last day of February, 29th in a leap year', () => {
    // Born 15 Mar 2011: Year 11 is 2026-27; the count is Dec 2027 – Feb 2028 (a leap year).
    const s = pupilSnapshot({
      pupil: { dateOfBirth: '2011-03-15' },
      placements: [apPlacement('2026-09-03', { endDate: '2027-05-21', status: 'ENDED' })],
      post16: { septemberGuaranteeOfferOn: '2027-09-01', activity: [] },
    });
    expect(r4(s, '2028-02-29').map((f) => f.periodKey)).toEqual(['NEET_DEC_FEB:2027-28']);
    expect(r4(s, '2028-03-01')).toEqual([]);
  });
});
