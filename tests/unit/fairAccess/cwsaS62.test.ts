import { describe, expect, it } from 'vitest';
import { escalationRouteFor, flagSchoolType } from '../../../src/domain/fairAccess/escalation';

/** CWSA 2026 s62 (domain.md §10.3): once commenced, the LA directs a refusing academy (not a special academy). */
describe('escalation route either side of a configured s62 commencement (4 Jan 2027)', () => {
  const commencements = { CWSA_S62: '2027-01-04' };
  it.each([
    ['ACADEMY', '2027-01-03', 'SECRETARY_OF_STATE_DIRECTION'],
    ['ACADEMY', '2027-01-04', 'LA_DIRECTION'],
    ['AP_ACADEMY', '2027-01-03', 'SECRETARY_OF_STATE_DIRECTION'],
    ['AP_ACADEMY', '2027-01-04', 'LA_DIRECTION'],
    ['AP_FREE_SCHOOL', '2027-01-04', 'LA_DIRECTION'],
    ['MAINTAINED', '2027-01-03', 'LA_DIRECTION'],
    ['MAINTAINED', '2027-01-04', 'LA_DIRECTION'],
  ] as const)('%s on %s → %s', (type, on, route) => {
    expect(escalationRouteFor(type, false, { on, commencements })?.route).toBe(route);
  });

  it('gives an s62 direction the own-admission-authority adjudicator window, and F6', () => {
    expect(escalationRouteFor('ACADEMY', false, { on: '2027-01-04', commencements })).toEqual({
      route: 'LA_DIRECTION',
      laIsAdmissionAuthority: false,
      adjudicatorWindow: true,
      rule: 'F6',
      s62: true,
    });
    expect(flagSchoolType('ACADEMY', { on: '2027-01-03', commencements })).toBe('ACADEMY');
    expect(flagSchoolType('ACADEMY', { on: '2027-01-04', commencements })).toBe('MAINTAINED');
  });

  it('leaves special academies outside the protocol, and everything unchanged while s62 is off', () => {
    expect(escalationRouteFor('SPECIAL', false, { on: '2027-01-04', commencements })).toBeNull();
    expect(escalationRouteFor('ACADEMY', false, { on: '2099-01-01', commencements: {} })?.route).toBe(
      'SECRETARY_OF_STATE_DIRECTION',
    );
    expect(escalationRouteFor('ACADEMY')?.route).toBe('SECRETARY_OF_STATE_DIRECTION');
  });
});
