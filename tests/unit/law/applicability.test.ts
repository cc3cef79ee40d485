import { describe, expect, it } from 'vitest';
import { commenced, validateCommencement } from '../../../src/domain/law/commencement';
import { ruleApplies, type ApplicabilityPeriod } from '../../../src/domain/law/applicability';

/**
 * Which rules judge an event (domain.md §10.2, §10.3): the school types a period covers, a period that has
 * ended, and the commencement switches. The real table's off-site rows (O1–O4) are checked on both sides
 * of 26 July 2026, when directions by academies and PRUs came under the regulations.
 */
describe('rule applicability: school types and ended periods', () => {
  const source = { citation: 'c', url: 'https://c' };
  const table: Record<string, ApplicabilityPeriod[]> = {
    ENDED: [{ appliesTo: 'gone', effectiveFrom: '2020-01-01', effectiveTo: '2024-08-31', status: 'LAW', source }],
    TYPED: [
      {
        appliesTo: 'academies',
        schoolTypes: ['ACADEMY'],
        effectiveFrom: '2026-07-26',
        effectiveTo: null,
        status: 'LAW',
        source,
      },
    ],
    NONE: [],
  };

  it('an event after a period ended is "no longer in force"; the last day is still in', () => {
    expect(ruleApplies('ENDED', '2024-08-31', {}, {}, table)).toMatchObject({ applies: true });
    expect(ruleApplies('ENDED', '2024-09-01', {}, {}, table)).toEqual({ applies: false, reason: 'NO_LONGER_IN_FORCE' });
    expect(ruleApplies('ENDED', '2019-12-31', {}, {}, table)).toEqual({ applies: false, reason: 'NOT_YET_IN_FORCE' });
    // The first day of a period is in force (not "not yet").
    expect(ruleApplies('ENDED', '2020-01-01', {}, {}, table)).toMatchObject({ applies: true });
  });

  it('a period limited to school types does not cover another type, nor an act with no school type', () => {
    expect(ruleApplies('TYPED', '2026-08-01', { schoolType: 'MAINTAINED' }, {}, table)).toEqual({
      applies: false,
      reason: 'SCHOOL_TYPE_NOT_COVERED',
    });
    expect(ruleApplies('TYPED', '2026-08-01', {}, {}, table)).toEqual({
      applies: false,
      reason: 'SCHOOL_TYPE_NOT_COVERED',
    });
    expect(ruleApplies('TYPED', '2026-08-01', { schoolType: 'ACADEMY' }, {}, table)).toMatchObject({
      applies: true,
      period: { appliesTo: 'academies' },
    });
    // The school-type reason wins over the date: the rule never covers a maintained school.
    expect(ruleApplies('TYPED', '2020-01-01', { schoolType: 'MAINTAINED' }, {}, table)).toMatchObject({
      reason: 'SCHOOL_TYPE_NOT_COVERED',
    });
  });

  it('an event between two periods is "not yet in force": a later period is still to come', () => {
    const gap: Record<string, ApplicabilityPeriod[]> = {
      GAP: [
        { appliesTo: 'first', effectiveFrom: '2020-01-01', effectiveTo: '2021-12-31', status: 'LAW', source },
        { appliesTo: 'again', effectiveFrom: '2023-01-01', effectiveTo: null, status: 'LAW', source },
      ],
    };
    expect(ruleApplies('GAP', '2022-06-01', {}, {}, gap)).toEqual({ applies: false, reason: 'NOT_YET_IN_FORCE' });
    expect(ruleApplies('GAP', '2023-01-01', {}, {}, gap)).toMatchObject({
      applies: true,
      period: { appliesTo: 'again' },
    });
  });

  it('a rule listed with no periods applies throughout', () => {
    expect(ruleApplies('NONE', '1990-01-01', { schoolType: 'PRU' }, {}, table)).toEqual({
      applies: true,
      period: null,
    });
  });

  it('O1 (off-site direction): maintained schools since 2013, academies and PRUs from 26 July 2026', () => {
    expect(ruleApplies('O1', '2026-07-25', { schoolType: 'MAINTAINED' }, {})).toMatchObject({ applies: true });
    expect(ruleApplies('O1', '2026-07-25', { schoolType: 'ACADEMY' }, {})).toEqual({
      applies: false,
      reason: 'NOT_YET_IN_FORCE',
    });
    expect(ruleApplies('O1', '2026-07-26', { schoolType: 'PRU' }, {})).toMatchObject({ applies: true });
    expect(ruleApplies('O1', '2026-07-26', { schoolType: 'INDEPENDENT' }, {})).toEqual({
      applies: false,
      reason: 'SCHOOL_TYPE_NOT_COVERED',
    });
  });
});

describe('commencement switches (domain.md §10.3)', () => {
  it('a switch set to null is off, whatever the date', () => {
    expect(commenced({ CWSA_S43: null }, 'CWSA_S43', '2099-01-01')).toBe(false);
    expect(commenced({ CWSA_S43: '2026-09-01' }, 'CWSA_S43', '2026-08-31')).toBe(false);
    expect(commenced({ CWSA_S43: '2026-09-01' }, 'CWSA_S43', '2026-09-01')).toBe(true);
  });

  it('refusals say what is wrong in plain words', () => {
    expect(validateCommencement('CWSA_S99', '2027-01-04')).toEqual({
      ok: false,
      message:
        'There is no commencement switch called "CWSA_S99"; the switches are CWSA_S38, CWSA_S43, CWSA_S62, CWSA_EHE_CONSENT.',
    });
    expect(validateCommencement('CWSA_S62', '2027-02-30')).toEqual({
      ok: false,
      message: '2027-02-30 is not a date (YYYY-MM-DD).',
    });
    expect(validateCommencement('CWSA_S62', '2026-04-28')).toEqual({
      ok: false,
      message:
        "Children's Wellbeing and Schools Act 2026 s62 received Royal Assent on 2026-04-29; it cannot commence before that.",
    });
    expect(validateCommencement('CWSA_S62', null)).toEqual({ ok: true, provision: 'CWSA_S62', commencesOn: null });
    expect(validateCommencement('CWSA_S62', '2026-04-29')).toEqual({
      ok: true,
      provision: 'CWSA_S62',
      commencesOn: '2026-04-29',
    });
  });
});
