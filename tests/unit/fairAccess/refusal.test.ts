import { describe, expect, it } from 'vitest';
import { FORBIDDEN_REASON_TEXT, ruleF5ForbiddenRefusalGround } from '../../../src/domain/fairAccess/refusal';
import { ruleF5InvalidRefusal } from '../../../src/domain/flags/fairAccessRules';
import { resolveThresholds } from '../../../src/domain/flags/thresholds';
import type { RefusalGround } from '../../../src/domain/flags/snapshots';
import { sheffield } from '../../support/sheffieldCalendar';

describe('rule F5: grounds the Code forbids', () => {
  it.each([
    [['PREVIOUS_ATTENDANCE'], ['PREVIOUS_ATTENDANCE']],
    [['SUSPENSION_COUNT'], ['SUSPENSION_COUNT']],
    [['SEN_OR_DISABILITY'], ['SEN_OR_DISABILITY']],
    [['SCHOOL_FULL'], ['SCHOOL_FULL']],
    [['OTHER'], []],
    [['OTHER', 'SEN_OR_DISABILITY'], ['SEN_OR_DISABILITY']],
  ] as const)('%j → %j', (grounds, expected) => {
    expect(ruleF5ForbiddenRefusalGround(grounds, null)).toEqual(expected);
  });

  it('allows challenging behaviour only for a school with a particularly high proportion (para 3.10)', () => {
    expect(ruleF5ForbiddenRefusalGround(['CHALLENGING_BEHAVIOUR'], true)).toEqual([]);
    expect(ruleF5ForbiddenRefusalGround(['CHALLENGING_BEHAVIOUR'], false)).toEqual([
      'CHALLENGING_BEHAVIOUR_WITHOUT_HIGH_PROPORTION',
    ]);
    expect(ruleF5ForbiddenRefusalGround(['CHALLENGING_BEHAVIOUR'], null)).toEqual([
      'CHALLENGING_BEHAVIOUR_WITHOUT_HIGH_PROPORTION',
    ]);
  });

  it('agrees with the flag rule on every single ground', () => {
    const grounds: RefusalGround[] = [
      'CHALLENGING_BEHAVIOUR',
      'PREVIOUS_ATTENDANCE',
      'SUSPENSION_COUNT',
      'SEN_OR_DISABILITY',
      'SCHOOL_FULL',
      'OTHER',
    ];
    for (const g of grounds) {
      for (const high of [true, false]) {
        const flags = ruleF5InvalidRefusal(
          {
            id: 'r',
            laId: 'la',
            pupilId: 'p',
            category: 'HOMELESS',
            referredOn: '2025-10-01',
            agreedToConsiderOn: '2025-10-01',
            decision: 'ALLOCATE_SCHOOL',
            allocatedOn: '2025-10-06',
            allocatedSchoolId: 's',
            plannedStartDate: null,
            admittedOn: null,
            closedOn: null,
            responses: [
              {
                schoolId: 's',
                schoolType: 'MAINTAINED',
                requestedOn: '2025-10-06',
                respondedOn: '2025-10-08',
                outcome: 'REFUSED',
                refusalGrounds: [g],
                schoolHasHighProportionChallenging: high,
              },
            ],
          },
          '2025-10-10',
          sheffield,
          resolveThresholds(),
        );
        expect(flags.length > 0, `${g} high=${high}`).toBe(ruleF5ForbiddenRefusalGround([g], high).length > 0);
      }
    }
  });
});

describe('rule F5: a refusal must give its ground', () => {
  it('a refusal with no ground is flagged as such, whatever the school', () => {
    expect(ruleF5ForbiddenRefusalGround([], true)).toEqual(['NO_GROUND_GIVEN']);
    expect(ruleF5ForbiddenRefusalGround([], null)).toEqual(['NO_GROUND_GIVEN']);
  });
});

describe('rule F5: what each forbidden ground is told (Code para 3.10, domain.md §4.1)', () => {
  it('names the paragraph that forbids it', () => {
    expect(FORBIDDEN_REASON_TEXT).toEqual({
      PREVIOUS_ATTENDANCE: 'poor attendance at a previous school is not a valid ground (para 3.10)',
      SUSPENSION_COUNT: 'a number of suspensions, without considering their grounds, is not a valid ground (para 3.10)',
      SEN_OR_DISABILITY: 'SEN or disability is not a valid ground (para 3.10)',
      SCHOOL_FULL: 'a school may be asked to admit above its published admission number under the protocol (§4.1)',
      CHALLENGING_BEHAVIOUR_WITHOUT_HIGH_PROPORTION:
        'challenging behaviour is a ground only for a school with a particularly high proportion of challenging or excluded pupils (para 3.10)',
      NO_GROUND_GIVEN: 'a refusal must give its ground',
    });
  });
});
