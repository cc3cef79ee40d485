/**
 * What a RULE_BLOCKED refusal means, in plain English, and where the rule comes from
 * (../shared/domain.md §9). Shown under the error summary; the rule ID comes from the API's
 * `extensions.rule`, the figures from its message.
 */
export interface RuleExplanation {
  id: string;
  title: string;
  explanation: string;
  source: string;
}

const RULES: Record<string, Omit<RuleExplanation, 'id'>> = {
  E1: {
    title: 'Suspensions are capped at 45 school days a year',
    explanation:
      'A pupil may not be suspended for more than 45 school days in one academic year, counted across every school they attend.',
    source: 'Suspension and permanent exclusion guidance (statutory); DfE statistics definition',
  },
  F3: {
    title: 'Fair access is for the para 3.17 categories only',
    explanation:
      'A child can be referred to the fair access panel only if they are in one of the 13 categories of para 3.17 and reasonable attempts through normal in-year admissions have failed.',
    source: 'School Admissions Code 2021, para 3.17',
  },
  F4: {
    title: 'A looked-after child is placed by LA direction, not the panel',
    explanation:
      'A currently looked-after child should be admitted through a direction by the local authority (with the virtual school head), not through the fair access panel.',
    source: 'School Admissions Code 2021; virtual school head guidance',
  },
  F6: {
    title: 'A maintained school has 7 days to respond before a direction',
    explanation:
      'The LA can direct a maintained school only after it has refused, or once its 7-calendar-day window to respond has passed.',
    source: 'School Admissions Code 2021 and the LA’s fair access protocol',
  },
  F7: {
    title: 'An academy has 7 days to respond before a Secretary of State direction',
    explanation:
      'A request to the Secretary of State to direct an academy can be made only after it has refused, or once its 7-calendar-day window has passed.',
    source: 'School Admissions Code 2021; DfE direction request template',
  },
  O1: {
    title: 'An off-site direction needs written notice 2 school days ahead',
    explanation:
      'Parents must be given written notice at least 2 school days before an off-site direction starts, giving the address, who to report to, the number of days, the reasons and objectives, and session times.',
    source: 'Education (Educational Provision for Improving Behaviour) Regulations 2010, regulation 3',
  },
  P1: {
    title: 'A placement needs a plan',
    explanation:
      'Every placement needs its objectives, tier, reintegration plan and readiness criteria, and a planned end date or maximum period.',
    source: 'Alternative provision guidance 2025',
  },
  R2: {
    title: 'A reintegration is sustained only at its final checkpoint',
    explanation:
      'A return to school counts as sustained only when the pupil has stayed on a mainstream or special school roll for the whole window, with no re-entry to AP or permanent exclusion.',
    source: 'AP performance framework (reintegration measure)',
  },
  U4: {
    title: 'Staff safeguarding checks must be confirmed before a placement starts',
    explanation:
      'Before a pupil starts at an unregistered provider, written confirmation of staff safeguarding checks (enhanced DBS, single central record) and a named safeguarding lead must be recorded.',
    source: 'Alternative provision guidance 2025; AP standards 2025',
  },
};

export function ruleExplanation(id: string): RuleExplanation {
  const known = RULES[id];
  return {
    id,
    ...(known ?? { title: `Rule ${id}`, explanation: 'A statutory rule refuses this.', source: 'domain.md §9' }),
  };
}
