import type { ThresholdKey } from './flags/thresholds';

/**
 * The rules of domain.md §9 applied when the record is written (a refusal, not a flag): one row each, naming
 * the domain functions that implement it. docs/rules.md is generated from this table and the flag catalogue
 * (`npm run docs:rules`); tests/unit/docs/rulesIndex.test.ts fails when a rule has no row or a row points to a
 * function, test or domain.md row that does not exist.
 */
export interface WriteRule {
  rule: string;
  title: string;
  /** The domain.md section whose table has the rule's row. */
  section: string;
  /** The exported domain functions (or constants) that implement it, found by name in src/domain. */
  implementedBy: string[];
  thresholds: ThresholdKey[];
}

export const WRITE_RULES: readonly WriteRule[] = [
  {
    rule: 'V1',
    title: 'UPN format and check letter',
    section: '9.1',
    implementedBy: ['validateUpn', 'upnCheckLetter'],
    thresholds: [],
  },
  {
    rule: 'V3',
    title: 'UPN characters 2–4 are a recognised LA code',
    section: '9.1',
    implementedBy: ['validateUpn'],
    thresholds: [],
  },
  {
    rule: 'V5',
    title: 'A placement names exactly one of URN, UKPRN or AP setting type',
    section: '9.1',
    implementedBy: ['ruleV5PlacementIdentifier', 'validateApPlacementIdentifier'],
    thresholds: [],
  },
  {
    rule: 'U4',
    title: 'No start without written confirmation of safeguarding checks',
    section: '9.2',
    implementedBy: ['ruleU4SafeguardingProblem'],
    thresholds: [],
  },
  {
    rule: 'P1',
    title: 'Placement plan complete; all AP at once within a full-time week',
    section: '9.3',
    implementedBy: ['ruleP1PlanProblems', 'ruleP1FullTimeWeekProblem', 'fullTimeWeekExceeded'],
    thresholds: ['fullTimeHoursPerWeek'],
  },
  {
    rule: 'P2',
    title: 'Reviews at least half-termly: the next review date',
    section: '9.3',
    implementedBy: ['ruleP2NextReviewDue'],
    thresholds: ['reviewIntervalSchoolDays'],
  },
  {
    rule: 'E1',
    title: 'Suspensions capped at 45 school days a year across schools',
    section: '9.4',
    implementedBy: ['ruleE1SuspensionCap'],
    thresholds: ['suspensionCapSchoolDays'],
  },
  {
    rule: 'E7',
    title: 'Suspensions counted in half days',
    section: '9.4',
    implementedBy: ['ruleE7HalfDaySteps'],
    thresholds: [],
  },
  {
    rule: 'O1',
    title: 'Off-site direction: written notice 2 school days before the first day',
    section: '9.5',
    implementedBy: ['ruleO1NoticeProblems'],
    thresholds: ['offSiteNoticeSchoolDays'],
  },
  {
    rule: 'F3',
    title: 'Fair access referrals for the para 3.17 categories only',
    section: '9.7',
    implementedBy: ['ruleF3EligibleCategories'],
    thresholds: [],
  },
  {
    rule: 'F4',
    title: 'A looked-after child is placed by LA direction, not the panel',
    section: '9.7',
    implementedBy: ['ruleF4RouteFor'],
    thresholds: [],
  },
  {
    rule: 'F5',
    title: 'Refusal grounds the Code forbids',
    section: '9.7',
    implementedBy: ['ruleF5ForbiddenRefusalGround'],
    thresholds: [],
  },
  {
    rule: 'F6',
    title: 'Maintained school: 7 days to respond, then LA direction; adjudicator deadline',
    section: '9.7',
    implementedBy: ['ruleF6F7RespondBy', 'ruleF6AdjudicatorDeadline'],
    thresholds: ['maintainedResponseCalendarDays', 'adjudicatorReferralCalendarDays'],
  },
  {
    rule: 'F7',
    title: 'Academy: 7 days to respond, then Secretary of State direction',
    section: '9.7',
    implementedBy: ['ruleF6F7RespondBy', 'ruleF7AcademyAnswerBy'],
    thresholds: ['academyResponseCalendarDays'],
  },
  {
    rule: 'F9',
    title: 'Annual return to the adjudicator by 31 October',
    section: '9.7',
    implementedBy: ['ruleF9AdjudicatorDueBy'],
    thresholds: [],
  },
  {
    rule: 'R2',
    title: 'Sustained reintegration from the checkpoints',
    section: '9.8',
    implementedBy: ['ruleR2ReintegrationStatus', 'checkpointReportProblem'],
    thresholds: [],
  },
  {
    rule: 'M6',
    title: 'Every movement records its legal basis',
    section: '9.9',
    implementedBy: ['legalBasisFor'],
    thresholds: [],
  },
];
