import { describe, expect, it } from 'vitest';
import { legalBasisFor } from '../../../src/domain/movements/legalBasis';

/** domain.md §2.1, §5.1, §5.2, rule M6: the legal basis follows from the reason and who commissions. */
describe('legal basis (rule M6)', () => {
  const cases = [
    // reason, commissioner, SEN, expected basis or the refusal's gist
    ['PERMANENT_EXCLUSION', 'LA', 'NONE', 'S19_LA_DAY_SIX_PERMANENT_EXCLUSION'],
    ['PERMANENT_EXCLUSION', 'SCHOOL', 'NONE', /local authority arranges provision from day 6/],
    ['SUSPENSION_OVER_FIVE_DAYS', 'SCHOOL', 'NONE', 'SCHOOL_DAY_SIX_SUSPENSION'],
    ['SUSPENSION_OVER_FIVE_DAYS', 'LA', 'NONE', /school’s duty, so the commissioner must be the school/],
    ['OFF_SITE_DIRECTION', 'SCHOOL', 'NONE', 'S29A_OFF_SITE_DIRECTION'],
    ['OFF_SITE_DIRECTION', 'LA', 'NONE', /governing board can direct.*\(s29A\)/],
    ['EHCP_NAMED', 'LA', 'EHCP', 'S42_EHC_PLAN'],
    ['EHCP_NAMED', 'SCHOOL', 'EHCP', /secured by the local authority \(s42\)/],
    ['EHCP_NAMED', 'LA', 'SEN_SUPPORT', /needs a pupil with an EHC plan/],
    ['EHCP_NAMED', 'LA', 'NONE', /needs a pupil with an EHC plan/],
    ['HEALTH_NEEDS', 'LA', 'NONE', 'S19_HEALTH'],
    ['HEALTH_NEEDS', 'SCHOOL', 'NONE', 'SCHOOL_COMMISSIONED'],
    ['AWAITING_SCHOOL_PLACE', 'LA', 'NONE', 'S19_OTHER'],
    ['AWAITING_SCHOOL_PLACE', 'SCHOOL', 'NONE', /no school to commission/],
    ['BEHAVIOUR_EARLY_INTERVENTION', 'LA', 'NONE', 'S19_OTHER'],
    ['BEHAVIOUR_EARLY_INTERVENTION', 'SCHOOL', 'NONE', 'SCHOOL_COMMISSIONED'],
    ['OTHER', 'LA', 'EHCP', 'S19_OTHER'],
    ['OTHER', 'SCHOOL', 'NONE', 'SCHOOL_COMMISSIONED'],
  ] as const;

  it.each(cases)('%s commissioned by %s (SEN %s) → %s', (reason, commissioner, sen, expected) => {
    const r = legalBasisFor(reason, commissioner, sen);
    if (typeof expected === 'string') expect(r).toEqual({ ok: true, legalBasis: expected });
    else expect(r).toEqual({ ok: false, message: expect.stringMatching(expected) });
  });
});
