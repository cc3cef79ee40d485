import { describe, expect, it } from 'vitest';
import {
  EHC_PLAN_ROUTE,
  FAP_CATEGORIES,
  NORMAL_IN_YEAR_ROUTE,
  phaseForYearGroup,
  ruleF3EligibleCategories,
  ruleF4RouteFor,
} from '../../../src/domain/fairAccess/eligibility';

describe('rule F3: eligible categories (Code para 3.17)', () => {
  it('lists the 13 categories of para 3.17, once each', () => {
    expect(FAP_CATEGORIES).toHaveLength(13);
    expect(new Set(FAP_CATEGORIES.map((c) => c.category)).size).toBe(13);
  });

  it('refuses a referral in no category, naming the normal in-year route', () => {
    const r = ruleF3EligibleCategories({ categories: [], senStatus: 'NONE', inYearAttempts: 'Applied to two schools' });
    expect(r).toMatchObject({ ok: false, rule: 'F3', field: 'categories', normalRoute: NORMAL_IN_YEAR_ROUTE });
    if (!r.ok) expect(r.message).toMatch(/normal in-year admissions route/);
  });

  it('accepts one category or several', () => {
    expect(
      ruleF3EligibleCategories({
        categories: ['HOMELESS'],
        senStatus: 'NONE',
        inYearAttempts: 'Two in-year applications refused',
      }).ok,
    ).toBe(true);
    expect(
      ruleF3EligibleCategories({
        categories: ['CARER', 'CIN_OR_CP_PLAN'],
        senStatus: 'SEN_SUPPORT',
        inYearAttempts: 'Applied',
      }).ok,
    ).toBe(true);
  });

  it('sends a child with an EHC plan to the EHC plan process', () => {
    const r = ruleF3EligibleCategories({
      categories: ['SEN_NO_EHCP_DISABILITY_MEDICAL'],
      senStatus: 'EHCP',
      inYearAttempts: 'Applied',
    });
    expect(r).toMatchObject({ ok: false, field: 'senStatus' });
    if (!r.ok) expect(r.message).toMatch(/EHC plan process/);
  });

  it('needs evidence of in-year attempts, except where no place was sought for exceptional reasons', () => {
    expect(
      ruleF3EligibleCategories({ categories: ['HOMELESS'], senStatus: 'NONE', inYearAttempts: '  ' }),
    ).toMatchObject({ ok: false, field: 'inYearAttempts' });
    expect(
      ruleF3EligibleCategories({
        categories: ['PLACE_NOT_SOUGHT_EXCEPTIONAL'],
        senStatus: 'NONE',
        inYearAttempts: null,
      }).ok,
    ).toBe(true);
  });
});

describe('rule F4: a currently looked-after child goes to an LA direction, not the panel', () => {
  it('routes by looked-after status', () => {
    expect(ruleF4RouteFor(true)).toBe('LA_DIRECTION_LOOKED_AFTER');
    expect(ruleF4RouteFor(false)).toBe('PANEL');
  });
});

describe('phase of a year group', () => {
  it.each([
    [0, 'PRIMARY'],
    [6, 'PRIMARY'],
    [7, 'SECONDARY'],
    [11, 'SECONDARY'],
  ] as const)('Year %i is %s', (y, phase) => {
    expect(phaseForYearGroup(y)).toBe(phase);
  });
});

describe('rule F3: the refusals, word for word', () => {
  it('a child with an EHC plan is placed through the plan, not the protocol', () => {
    expect(
      ruleF3EligibleCategories({ categories: ['HOMELESS'], senStatus: 'EHCP', inYearAttempts: 'Applied' }),
    ).toEqual({
      ok: false,
      rule: 'F3',
      field: 'senStatus',
      message: `A child with an EHC plan is placed through ${EHC_PLAN_ROUTE}`,
      normalRoute: EHC_PLAN_ROUTE,
    });
  });

  it('the protocol is a safety net: the in-year attempts come first', () => {
    expect(ruleF3EligibleCategories({ categories: ['HOMELESS'], senStatus: 'NONE', inYearAttempts: '' })).toEqual({
      ok: false,
      rule: 'F3',
      field: 'inYearAttempts',
      message: `The protocol is a safety net, not a substitute for in-year admissions: record the reasonable in-year attempts made first, or use ${NORMAL_IN_YEAR_ROUTE}`,
      normalRoute: NORMAL_IN_YEAR_ROUTE,
    });
  });
});

describe('rule F3: the 13 categories as the Code lists them (domain.md §4.2)', () => {
  it('in the order of para 3.17, each labelled with what the Code says', () => {
    // [category, the words of domain.md §4.2's item that the label must carry]
    const code: [string, string][] = [
      ['CIN_OR_CP_PLAN', 'Child in Need or Child Protection plan'],
      ['REFUGE', 'refuge'],
      ['CRIMINAL_JUSTICE', 'criminal justice system'],
      ['AP_REINTEGRATION_OR_PEX', 'permanently excluded'],
      ['SEN_NO_EHCP_DISABILITY_MEDICAL', 'without an EHC plan'],
      ['CARER', 'carer'],
      ['HOMELESS', 'Homeless'],
      ['KINSHIP_CARE', 'kinship care'],
      ['GRT_REFUGEE_ASYLUM', 'Gypsy, Roma, Traveller, refugee or asylum seeker'],
      ['REFUSED_CHALLENGING_BEHAVIOUR', 'challenging behaviour'],
      ['PLACE_NOT_SOUGHT_EXCEPTIONAL', 'exceptional circumstances'],
      ['OUT_OF_EDUCATION_4_WEEKS', 'four weeks'],
      ['PREVIOUSLY_LOOKED_AFTER', 'Previously looked after'],
    ];
    expect(FAP_CATEGORIES.map((c) => c.category)).toEqual(code.map(([category]) => category));
    for (const [category, words] of code)
      expect(FAP_CATEGORIES.find((c) => c.category === category)?.label, category).toContain(words);
  });
});
