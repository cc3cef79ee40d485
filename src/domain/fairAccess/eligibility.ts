/**
 * Who may be referred to the fair access panel (domain.md §4.1, §4.2; rules F3, F4).
 * Pure: the use case turns a refusal into a typed RULE_BLOCKED error.
 */
import type { FapCategory, SenStatus } from '../enums';

/** School Admissions Code 2021 para 3.17, in the Code's order. */
export const FAP_CATEGORIES: readonly { category: FapCategory; label: string }[] = [
  { category: 'CIN_OR_CP_PLAN', label: 'Child in Need or Child Protection plan now or within the last 12 months' },
  { category: 'REFUGE', label: 'Living in a refuge or other relevant accommodation' },
  { category: 'CRIMINAL_JUSTICE', label: 'From the criminal justice system' },
  {
    category: 'AP_REINTEGRATION_OR_PEX',
    label: 'In AP and needing reintegration, or permanently excluded but suitable for mainstream',
  },
  { category: 'SEN_NO_EHCP_DISABILITY_MEDICAL', label: 'SEN (without an EHC plan), disability or medical condition' },
  { category: 'CARER', label: 'A carer' },
  { category: 'HOMELESS', label: 'Homeless' },
  { category: 'KINSHIP_CARE', label: 'In formal kinship care' },
  { category: 'GRT_REFUGEE_ASYLUM', label: 'Gypsy, Roma, Traveller, refugee or asylum seeker' },
  {
    category: 'REFUSED_CHALLENGING_BEHAVIOUR',
    label: 'Refused a place for challenging behaviour and referred under para 3.10',
  },
  { category: 'PLACE_NOT_SOUGHT_EXCEPTIONAL', label: 'No place sought because of exceptional circumstances' },
  {
    category: 'OUT_OF_EDUCATION_4_WEEKS',
    label: 'Out of education for four weeks or more with no place within reasonable distance',
  },
  {
    category: 'PREVIOUSLY_LOOKED_AFTER',
    label: 'Previously looked after, and the LA could not promptly secure a place',
  },
];

/** The route a child outside the protocol takes instead (named in every F3 refusal). */
export const NORMAL_IN_YEAR_ROUTE =
  "the normal in-year admissions route: the parent applies to the school (or through the LA's in-year coordination) and may appeal a refusal";
export const EHC_PLAN_ROUTE =
  'the EHC plan process: the LA names a school in the plan (Children and Families Act 2014 s39/s40), not the fair access protocol';

export interface EligibilityFacts {
  categories: readonly FapCategory[];
  senStatus: SenStatus;
  /** Evidence that reasonable measures were taken through normal in-year admissions (§4.1). */
  inYearAttempts: string | null | undefined;
}

export type Eligibility = { ok: true } | { ok: false; rule: 'F3'; message: string; normalRoute: string; field: string };

/**
 * Rule F3: at least one para 3.17 category, no EHC plan (§4.2), and evidence of in-year attempts —
 * except where no place was sought because of exceptional circumstances, which is the category itself.
 */
export function ruleF3EligibleCategories(f: EligibilityFacts): Eligibility {
  if (f.categories.length === 0)
    return {
      ok: false,
      rule: 'F3',
      field: 'categories',
      message: `This child matches none of the 13 fair access categories of School Admissions Code para 3.17, so the panel cannot consider the case. Use ${NORMAL_IN_YEAR_ROUTE}`,
      normalRoute: NORMAL_IN_YEAR_ROUTE,
    };
  if (f.senStatus === 'EHCP')
    return {
      ok: false,
      rule: 'F3',
      field: 'senStatus',
      message: `A child with an EHC plan is placed through ${EHC_PLAN_ROUTE}`,
      normalRoute: EHC_PLAN_ROUTE,
    };
  if (!f.inYearAttempts?.trim() && !f.categories.includes('PLACE_NOT_SOUGHT_EXCEPTIONAL'))
    return {
      ok: false,
      rule: 'F3',
      field: 'inYearAttempts',
      message: `The protocol is a safety net, not a substitute for in-year admissions: record the reasonable in-year attempts made first, or use ${NORMAL_IN_YEAR_ROUTE}`,
      normalRoute: NORMAL_IN_YEAR_ROUTE,
    };
  return { ok: true };
}

export type FapRouteName = 'PANEL' | 'LA_DIRECTION_LOOKED_AFTER';

/** Rule F4: a currently looked-after child is placed by the LA's own direction powers, never the panel. */
export function ruleF4RouteFor(currentlyLookedAfter: boolean): FapRouteName {
  return currentlyLookedAfter ? 'LA_DIRECTION_LOOKED_AFTER' : 'PANEL';
}

/** The phase a year group is sought in: Reception–Year 6 primary, Years 7–11 secondary. */
export function phaseForYearGroup(yearGroup: number): 'PRIMARY' | 'SECONDARY' {
  return yearGroup <= 6 ? 'PRIMARY' : 'SECONDARY';
}
