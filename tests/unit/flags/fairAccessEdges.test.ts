/**
 * What the fair access flags say and when they stop mattering (domain.md §4.5, §9.7 F2, F5–F8), beyond
 * fairAccessRules.test.ts, found by Stryker's survivors (docs/testing.md): the exact titles and evidence of
 * F6's and F7's stages (an officer acts on them), each rule reading only its own kind of school, responses
 * that no longer matter once the referral is closed or the child admitted, and F8's shares when no school
 * admitted anyone or only some rolls are known.
 */
import { describe, expect, it } from 'vitest';
import {
  ruleF2NotStarted,
  ruleF5InvalidRefusal,
  ruleF6MaintainedDirection,
  ruleF7AcademyDirection,
  ruleF8DisproportionateShare,
} from '../../../src/domain/flags/fairAccessRules';
import type { FairShareSnapshot, SchoolResponseFacts } from '../../../src/domain/flags/snapshots';
import { LA, T, referral, response } from './fixtures';
import { cal } from './testCalendar';

// Asked Mon 3 Nov 2025: 7 calendar days to answer → respond by Mon 10 Nov.
const refusedOn5Nov: Partial<SchoolResponseFacts> = {
  respondedOn: '2025-11-05',
  outcome: 'REFUSED',
  refusalGrounds: ['OTHER'],
};

describe('F6 maintained school (§4.5, §9.7): the officer’s next step, word for word', () => {
  const f6 = (over: Partial<SchoolResponseFacts>, asOf: string) =>
    ruleF6MaintainedDirection(referral({ responses: [response(over)] }), asOf, cal, T);

  it('a refusal: consider an LA direction, scored in days since the refusal', () => {
    const [f, ...rest] = f6(refusedOn5Nov, '2025-11-07');
    expect(rest).toEqual([]);
    expect(f?.title).toBe('Maintained school refused a fair access admission: consider an LA direction');
    expect(f?.evidence).toEqual({
      schoolId: 'school-b',
      stage: 'DIRECTION_DUE',
      reason: 'REFUSED',
      requestedOn: '2025-11-03',
      respondBy: '2025-11-10',
      respondedOn: '2025-11-05',
    });
    expect(f?.evidenceScore).toBe(2);
  });

  it('no answer by the 7th day: the title names the days, scored from the deadline', () => {
    const [f] = f6({}, '2025-11-12');
    expect(f?.title).toBe('Maintained school has not responded within 7 days: consider an LA direction');
    expect(f?.evidence).toEqual({
      schoolId: 'school-b',
      stage: 'DIRECTION_DUE',
      reason: 'NO_RESPONSE',
      requestedOn: '2025-11-03',
      respondBy: '2025-11-10',
      respondedOn: null,
    });
    expect(f?.evidenceScore).toBe(2);
  });

  it('the adjudicator window closed (15 days after the intention of 12 Nov): issue the direction', () => {
    const [f] = f6({ ...refusedOn5Nov, laDirectionIntentOn: '2025-11-12' }, '2025-11-29');
    expect(f?.title).toBe('Adjudicator referral window has closed: the LA can issue its direction');
    expect(f?.periodKey).toBe('school-b:ADJUDICATOR_WINDOW_CLOSED');
    expect(f?.evidence).toEqual({
      schoolId: 'school-b',
      stage: 'ADJUDICATOR_WINDOW_CLOSED',
      directionIntentOn: '2025-11-12',
      referralWindowClosed: '2025-11-27',
    });
    expect(f?.evidenceScore).toBe(2);
  });

  it('an academy’s silence or refusal is not F6’s (F7 covers academies)', () => {
    const academy = referral({
      responses: [
        response({ schoolType: 'ACADEMY' }),
        response({ schoolId: 'school-c', schoolType: 'ACADEMY', ...refusedOn5Nov }),
      ],
    });
    expect(ruleF6MaintainedDirection(academy, '2025-11-20', cal, T)).toEqual([]);
  });

  it('stops mattering once the referral is closed, or the child admitted', () => {
    const silent = [response()];
    expect(
      ruleF6MaintainedDirection(referral({ responses: silent, closedOn: '2025-11-11' }), '2025-11-12', cal, T),
    ).toEqual([]);
    expect(
      ruleF6MaintainedDirection(
        referral({ responses: silent, admittedOn: '2025-11-11', allocatedSchoolId: null }),
        '2025-11-12',
        cal,
        T,
      ),
    ).toEqual([]);
    // Closed or admitted later than the day: still live.
    expect(
      ruleF6MaintainedDirection(referral({ responses: silent, closedOn: '2025-11-13' }), '2025-11-12', cal, T),
    ).toHaveLength(1);
  });
});

describe('F7 academy (§4.5, §9.7): the officer’s next step, word for word', () => {
  const f7 = (over: Partial<SchoolResponseFacts>, asOf: string) =>
    ruleF7AcademyDirection(referral({ responses: [response({ schoolType: 'ACADEMY', ...over })] }), asOf, cal, T);

  it('a refusal: request a Secretary of State direction', () => {
    const [f] = f7(refusedOn5Nov, '2025-11-06');
    expect(f?.title).toBe('Academy refused a fair access admission: request a Secretary of State direction');
    expect(f?.evidence).toEqual({
      schoolId: 'school-b',
      stage: 'SOS_DIRECTION_DUE',
      reason: 'REFUSED',
      requestedOn: '2025-11-03',
      respondBy: '2025-11-10',
      respondedOn: '2025-11-05',
    });
    expect(f?.evidenceScore).toBe(1);
  });

  it('no answer by the 7th day: the title names the days', () => {
    const [f] = f7({}, '2025-11-11');
    expect(f?.title).toBe('Academy has not responded within 7 days: request a Secretary of State direction');
    expect(f?.evidence).toEqual({
      schoolId: 'school-b',
      stage: 'SOS_DIRECTION_DUE',
      reason: 'NO_RESPONSE',
      requestedOn: '2025-11-03',
      respondBy: '2025-11-10',
      respondedOn: null,
    });
  });

  it('the academy’s 7 days to answer DfE passed (requested 12 Nov): chase the decision', () => {
    const [f] = f7({ ...refusedOn5Nov, sosDirectionRequestedOn: '2025-11-12' }, '2025-11-22');
    expect(f?.title).toBe("Academy's time to answer DfE has passed with no direction decision recorded");
    expect(f?.evidence).toEqual({
      schoolId: 'school-b',
      stage: 'DFE_DECISION_AWAITED',
      directionRequestedOn: '2025-11-12',
      academyAnswerBy: '2025-11-19',
    });
    expect(f?.evidenceScore).toBe(3);
  });
});

describe('F2 and F5 (§9.7): what the evidence records and which answers count', () => {
  it('F2 records that a start date was set', () => {
    const r = referral({
      agreedToConsiderOn: '2025-12-01',
      allocatedOn: '2025-12-15',
      allocatedSchoolId: 'school-b',
      plannedStartDate: '2026-01-19',
    });
    expect(ruleF2NotStarted(r, '2026-01-13', cal, T)[0]?.evidence).toMatchObject({
      plannedStartDate: '2026-01-19',
      startDateSet: true,
    });
  });

  it('F5 reads refusals only: an acceptance with no grounds given is not an invalid refusal', () => {
    const accepted = referral({ responses: [response({ respondedOn: '2025-11-05', outcome: 'ACCEPTED' })] });
    expect(ruleF5InvalidRefusal(accepted, '2025-11-06', cal, T)).toEqual([]);
  });
});

describe('F8 (§4.6, §9.7) shares', () => {
  const share = (admissions: number[], rolls: (number | null)[] = []): FairShareSnapshot => ({
    laId: LA,
    academicYear: '2025-26',
    phase: 'SECONDARY',
    schools: admissions.map((fapAdmissions, i) => ({
      schoolId: `s${i}`,
      fapAdmissions,
      pupilsOnRoll: rolls[i] ?? null,
    })),
  });

  it('no fair access admissions in the year: nothing to compare', () => {
    expect(ruleF8DisproportionateShare(share([0, 0, 0]), '2026-07-01', cal, T)).toEqual([]);
  });

  it('only some rolls known: equal shares, and the evidence says so', () => {
    // Total 8 over 4 schools: share 2, limit 3; s0 with 4 is over. By s0's roll alone it would not be.
    const [f, ...rest] = ruleF8DisproportionateShare(share([4, 2, 1, 1], [1000]), '2026-07-01', cal, T);
    expect(rest).toEqual([]);
    expect(f?.subjectId).toBe('s0');
    expect(f?.evidence).toEqual({
      academicYear: '2025-26',
      phase: 'SECONDARY',
      admissions: 4,
      totalAdmissions: 8,
      fairShare: 2,
      limit: 3,
      basis: 'EQUAL_SHARES',
    });
    expect(f?.evidenceScore).toBe(2);
  });
});
