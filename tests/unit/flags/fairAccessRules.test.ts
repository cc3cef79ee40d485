import { describe, expect, it } from 'vitest';
import {
  ruleF1NoAllocation,
  ruleF2NotStarted,
  ruleF5InvalidRefusal,
  ruleF6MaintainedDirection,
  ruleF7AcademyDirection,
  ruleF8DisproportionateShare,
} from '../../../src/domain/flags/fairAccessRules';
import type { FairShareSnapshot, RefusalGround } from '../../../src/domain/flags/snapshots';
import { LA, T, referral, response } from './fixtures';
import { cal } from './testCalendar';

describe('F1 no place allocated within 20 school days', () => {
  // Agreed Thu 16 Oct 2025: 17 Oct (1), 20–24 Oct (6), half-term skipped, 3–14 Nov (16), 17–20 Nov (20) → allocate by Thu 20 Nov.
  const r = referral({ agreedToConsiderOn: '2025-10-16' });
  it.each([
    ['2025-11-13', false], // would be late if half-term counted (13 Nov)
    ['2025-11-19', false],
    ['2025-11-20', false], // deadline
    ['2025-11-21', true],
  ])('as of %s → flag %s', (asOf, flagged) => {
    expect(ruleF1NoAllocation(r, asOf, cal, T).length > 0).toBe(flagged);
  });

  it('is CRIT, and resolves on allocation or closure', () => {
    expect(ruleF1NoAllocation(r, '2025-11-21', cal, T)[0]).toMatchObject({
      severity: 'CRIT',
      subjectType: 'REFERRAL',
      evidence: { allocateBy: '2025-11-20', schoolDaysOverdue: 1 },
    });
    expect(
      ruleF1NoAllocation({ ...r, allocatedOn: '2025-11-20', allocatedSchoolId: 'school-b' }, '2025-11-21', cal, T),
    ).toEqual([]);
    expect(ruleF1NoAllocation({ ...r, closedOn: '2025-11-18' }, '2025-11-21', cal, T)).toEqual([]);
    expect(ruleF1NoAllocation(referral(), '2026-01-05', cal, T)).toEqual([]); // never agreed: no clock
  });
});

describe('F2 allocated but not started', () => {
  // Allocated Mon 15 Dec 2025: 16–19 Dec (4), Christmas skipped, 5–9 Jan (9), Mon 12 Jan (10) → start by 12 Jan 2026.
  const r = referral({ agreedToConsiderOn: '2025-12-01', allocatedOn: '2025-12-15', allocatedSchoolId: 'school-b' });
  it.each([
    ['2026-01-09', false],
    ['2026-01-12', false],
    ['2026-01-13', true],
  ])('as of %s → flag %s', (asOf, flagged) => {
    expect(ruleF2NotStarted(r, asOf, cal, T).length > 0).toBe(flagged);
  });

  it('reports whether a start date was set, and resolves on admission', () => {
    expect(ruleF2NotStarted(r, '2026-01-13', cal, T)[0]).toMatchObject({
      severity: 'MED',
      schoolId: 'school-b',
      evidence: { startDateSet: false, startBy: '2026-01-12' },
    });
    expect(ruleF2NotStarted({ ...r, admittedOn: '2026-01-12' }, '2026-01-13', cal, T)).toEqual([]);
  });
});

describe('F5 invalid refusal ground', () => {
  const refused = (refusalGrounds: RefusalGround[], schoolHasHighProportionChallenging: boolean | null = null) =>
    referral({
      responses: [
        response({ respondedOn: '2025-11-05', outcome: 'REFUSED', refusalGrounds, schoolHasHighProportionChallenging }),
      ],
    });
  it.each([
    [['PREVIOUS_ATTENDANCE'], null, ['PREVIOUS_ATTENDANCE']],
    [['SUSPENSION_COUNT', 'SEN_OR_DISABILITY'], null, ['SUSPENSION_COUNT', 'SEN_OR_DISABILITY']],
    [['SCHOOL_FULL'], null, ['SCHOOL_FULL']],
    [['CHALLENGING_BEHAVIOUR'], null, ['CHALLENGING_BEHAVIOUR_WITHOUT_HIGH_PROPORTION']],
    [['CHALLENGING_BEHAVIOUR'], true, []],
    [['OTHER'], null, []],
    [[], null, ['NO_GROUND_GIVEN']],
  ] as [RefusalGround[], boolean | null, string[]][])(
    'grounds %j (high proportion %s) → %j',
    (grounds, high, invalid) => {
      const out = ruleF5InvalidRefusal(refused(grounds, high), '2025-11-05', cal, T);
      expect(out.map((f) => f.evidence.invalidBecause)).toEqual(invalid.length ? [invalid] : []);
    },
  );

  it('waits for the refusal, and drops it once the child is placed elsewhere', () => {
    expect(ruleF5InvalidRefusal(refused(['SCHOOL_FULL']), '2025-11-04', cal, T)).toEqual([]);
    expect(
      ruleF5InvalidRefusal(
        { ...refused(['SCHOOL_FULL']), allocatedSchoolId: 'school-c', allocatedOn: '2025-11-06' },
        '2025-11-07',
        cal,
        T,
      ),
    ).toEqual([]);
  });
});

describe('F6 maintained school: response and direction', () => {
  // Asked Mon 3 Nov 2025; 7 calendar days → respond by Mon 10 Nov.
  const keys = (r: ReturnType<typeof referral>, asOf: string) =>
    ruleF6MaintainedDirection(r, asOf, cal, T).map((f) => f.periodKey);
  it.each([
    ['2025-11-09', []],
    ['2025-11-10', []],
    ['2025-11-11', ['school-b:DIRECTION_DUE']],
  ])('no response, as of %s → %j', (asOf, expected) => {
    expect(keys(referral({ responses: [response()] }), asOf)).toEqual(expected);
  });

  it('prompts a direction straight after a refusal, not after an acceptance', () => {
    expect(
      keys(
        referral({
          responses: [response({ respondedOn: '2025-11-05', outcome: 'REFUSED', refusalGrounds: ['OTHER'] })],
        }),
        '2025-11-05',
      ),
    ).toEqual(['school-b:DIRECTION_DUE']);
    expect(
      keys(referral({ responses: [response({ respondedOn: '2025-11-05', outcome: 'ACCEPTED' })] }), '2025-11-20'),
    ).toEqual([]);
  });

  // Intention to direct Wed 12 Nov: the school may refer to the adjudicator for 15 calendar days → window closes Thu 27 Nov.
  it.each([
    ['2025-11-27', {}, []],
    ['2025-11-28', {}, ['school-b:ADJUDICATOR_WINDOW_CLOSED']],
    ['2025-11-28', { adjudicatorReferredOn: '2025-11-20' }, []],
    ['2025-11-28', { directionIssuedOn: '2025-11-28' }, []],
  ])('after notice of intention, as of %s with %j → %j', (asOf, over, expected) => {
    const r = referral({
      responses: [
        response({
          respondedOn: '2025-11-05',
          outcome: 'REFUSED',
          refusalGrounds: ['OTHER'],
          laDirectionIntentOn: '2025-11-12',
          ...over,
        }),
      ],
    });
    expect(keys(r, asOf)).toEqual(expected);
  });
});

describe('F7 academy: Secretary of State direction', () => {
  const keys = (r: ReturnType<typeof referral>, asOf: string) =>
    ruleF7AcademyDirection(r, asOf, cal, T).map((f) => f.periodKey);
  const academy = (over = {}) => referral({ responses: [response({ schoolType: 'ACADEMY', ...over })] });
  it.each([
    ['2025-11-10', []],
    ['2025-11-11', ['school-b:SOS_DIRECTION_DUE']],
  ])('no response to a 3 Nov request, as of %s → %j', (asOf, expected) => {
    expect(keys(academy(), asOf)).toEqual(expected);
  });

  // Direction requested Wed 12 Nov; the academy has 7 calendar days to answer DfE → 19 Nov.
  it.each([
    ['2025-11-19', {}, []],
    ['2025-11-20', {}, ['school-b:DFE_DECISION_AWAITED']],
    ['2025-11-20', { sosDecisionOn: '2025-11-20' }, []],
  ])('after the request, as of %s with %j → %j', (asOf, over, expected) => {
    expect(
      keys(
        academy({
          respondedOn: '2025-11-05',
          outcome: 'REFUSED',
          refusalGrounds: ['OTHER'],
          sosDirectionRequestedOn: '2025-11-12',
          ...over,
        }),
        asOf,
      ),
    ).toEqual(expected);
  });

  it('ignores maintained schools (F6 covers them)', () => {
    expect(keys(referral({ responses: [response()] }), '2025-11-20')).toEqual([]);
  });
});

describe('F8 disproportionate share of fair access admissions', () => {
  const share = (admissions: number[], rolls?: number[]): FairShareSnapshot => ({
    laId: LA,
    academicYear: '2025-26',
    phase: 'SECONDARY',
    schools: admissions.map((fapAdmissions, i) => ({
      schoolId: `s${i}`,
      fapAdmissions,
      pupilsOnRoll: rolls?.[i] ?? null,
    })),
  });
  const flagged = (s: FairShareSnapshot) =>
    ruleF8DisproportionateShare(s, '2026-07-01', cal, T).map((f) => f.subjectId);

  it.each([
    [[3, 3, 1, 1], []], // total 8, equal share 2, limit 1.5 × 2 = 3: 3 is not over
    [[4, 2, 1, 1], ['s0']], // 4 > 3
    [[2, 0, 0, 0], []], // over the ratio, but below the 3-admission minimum
  ])('equal shares %j → %j', (admissions, expected) => {
    expect(flagged(share(admissions))).toEqual(expected);
  });

  it('weights by roll when every roll is known', () => {
    // Total 6; rolls 1000/500/500 → shares 3, 1.5, 1.5; limits 4.5, 2.25, 2.25 → s1 with 3 is over. Equal shares (2, limit 3) would not flag it.
    expect(flagged(share([3, 3, 0], [1000, 500, 500]))).toEqual(['s1']);
    expect(flagged(share([3, 3, 0]))).toEqual([]);
    const [f] = ruleF8DisproportionateShare(share([3, 3, 0], [1000, 500, 500]), '2026-07-01', cal, T);
    expect(f).toMatchObject({
      subjectType: 'SCHOOL',
      periodKey: '2025-26:SECONDARY',
      evidence: { fairShare: 1.5, limit: 2.25, basis: 'ROLL' },
      evidenceScore: 2,
    });
  });
});
