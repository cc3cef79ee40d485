import { describe, expect, it } from 'vitest';
import {
  escalationBasis,
  escalationRouteFor,
  flagSchoolType,
  ruleF6AdjudicatorDeadline,
  ruleF6F7RespondBy,
  ruleF7AcademyAnswerBy,
} from '../../../src/domain/fairAccess/escalation';

describe('escalation route by school type (§4.5)', () => {
  it.each([
    ['MAINTAINED', 'LA_DIRECTION', 'F6', true],
    ['PRU', 'LA_DIRECTION', 'F6', false],
    ['ACADEMY', 'SECRETARY_OF_STATE_DIRECTION', 'F7', false],
    ['AP_ACADEMY', 'SECRETARY_OF_STATE_DIRECTION', 'F7', false],
    ['AP_FREE_SCHOOL', 'SECRETARY_OF_STATE_DIRECTION', 'F7', false],
  ] as const)('%s → %s (rule %s), adjudicator window %s', (type, route, rule, window) => {
    expect(escalationRouteFor(type)).toMatchObject({ route, rule, adjudicatorWindow: window });
  });

  it('a community or VC school: the LA is the admission authority, so no adjudicator window', () => {
    expect(escalationRouteFor('MAINTAINED', true)).toMatchObject({
      route: 'LA_DIRECTION',
      laIsAdmissionAuthority: true,
      adjudicatorWindow: false,
    });
  });

  it('special and independent schools are outside the protocol', () => {
    expect(escalationRouteFor('SPECIAL')).toBeNull();
    expect(escalationRouteFor('INDEPENDENT')).toBeNull();
    expect(flagSchoolType('INDEPENDENT')).toBeNull();
    expect(flagSchoolType('AP_FREE_SCHOOL')).toBe('ACADEMY');
  });
});

describe('response windows are calendar days (rules F6, F7)', () => {
  it('7 days to respond, across a weekend and a half-term alike', () => {
    expect(ruleF6F7RespondBy('LA_DIRECTION', '2025-10-24')).toBe('2025-10-31');
    expect(ruleF6F7RespondBy('SECRETARY_OF_STATE_DIRECTION', '2025-12-19')).toBe('2025-12-26');
  });

  it('15 days to refer to the adjudicator; 7 for an academy to answer DfE', () => {
    expect(ruleF6AdjudicatorDeadline({ adjudicatorWindow: true }, '2025-11-03')).toBe('2025-11-18');
    expect(ruleF6AdjudicatorDeadline({ adjudicatorWindow: false }, '2025-11-03')).toBeNull();
    expect(ruleF7AcademyAnswerBy('2026-01-30')).toBe('2026-02-06');
  });

  it('a direction may be sought after a refusal, or after the window passes in silence', () => {
    expect(escalationBasis('LA_DIRECTION', '2025-11-03', { outcome: 'REFUSED' }, '2025-11-04')).toEqual({
      ok: true,
      basis: 'REFUSAL',
    });
    expect(escalationBasis('LA_DIRECTION', '2025-11-03', null, '2025-11-10')).toEqual({
      ok: false,
      reason: 'WINDOW_OPEN',
      respondBy: '2025-11-10',
    });
    expect(escalationBasis('LA_DIRECTION', '2025-11-03', null, '2025-11-11')).toEqual({
      ok: true,
      basis: 'NO_RESPONSE',
    });
    expect(
      escalationBasis('SECRETARY_OF_STATE_DIRECTION', '2025-11-03', { outcome: 'ACCEPTED' }, '2025-11-20'),
    ).toMatchObject({ ok: false, reason: 'ACCEPTED' });
  });
});

describe('who decides, by school type (rules F6, F7)', () => {
  it('a PRU is run by the LA: the LA decides, with no adjudicator window', () => {
    expect(escalationRouteFor('PRU')).toEqual({
      route: 'LA_DIRECTION',
      laIsAdmissionAuthority: true,
      adjudicatorWindow: false,
      rule: 'F6',
    });
  });

  it('an academy is its own admission authority: a request to the Secretary of State', () => {
    expect(escalationRouteFor('ACADEMY')).toEqual({
      route: 'SECRETARY_OF_STATE_DIRECTION',
      laIsAdmissionAuthority: false,
      adjudicatorWindow: false,
      rule: 'F7',
    });
  });

  it('each route answers within its own window when an LA sets them apart', () => {
    const w = {
      maintainedResponseCalendarDays: 10,
      academyResponseCalendarDays: 5,
      adjudicatorReferralCalendarDays: 15,
    };
    // Fri 24 Oct 2025 + 10 calendar days = Mon 3 Nov; + 5 = Wed 29 Oct.
    expect(ruleF6F7RespondBy('LA_DIRECTION', '2025-10-24', w)).toBe('2025-11-03');
    expect(ruleF6F7RespondBy('SECRETARY_OF_STATE_DIRECTION', '2025-10-24', w)).toBe('2025-10-29');
  });
});
