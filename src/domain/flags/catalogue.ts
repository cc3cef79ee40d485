/**
 * One entry per rule: what the API shows and what every candidate of that rule is stamped with, so
 * severity and outcome cannot drift between the catalogue and the flags. Outcome mapping: placement
 * oversight and time limits → REINTEGRATION (AP as "an intervention, not a destination"); part-time
 * timetables → ATTENDANCE; primary-age AP → OUTREACH; post-16 offers → POST16_TRANSITION; unlawful
 * or unchecked settings, EHE and CME → SAFEGUARDING; missed statutory deadlines for a child's
 * education (day 6, s19, exclusion reviews, off-site notice, fair access) → ACCESS_TO_EDUCATION.
 * No rule reads attainment data, so none maps to ATTAINMENT.
 */
import type { FlagSeverity } from '../enums';
import { DEFAULT_VALUES, type ThresholdKey } from './thresholds';
import type { FlagOutcome, FlagSubjectType } from './types';

export type RuleScope = 'PLACEMENT' | 'PROVIDER' | 'PUPIL' | 'REFERRAL' | 'FAIR_SHARE';

/** A rule's entry in the catalogue below. */
interface Entry {
  title: string;
  /** The condition, in a sentence. */
  description: string;
  severity: FlagSeverity;
  outcome: FlagOutcome;
  subjectType: FlagSubjectType;
  /** Which evaluate* function runs it. */
  scope: RuleScope;
  thresholds: ThresholdKey[];
  /** domain.md sections. */
  section: string;
  /** Derived from a proposal, not law: titles say "proposed limit — not yet law". */
  proposal?: boolean;
}

export interface RuleMeta extends Entry {
  ruleId: RuleId;
  proposal: boolean;
}

/**
 * The flag rules, one entry each. The keys are the rule IDs: `RuleId` is derived from them, so a new rule is
 * declared here once (with its function in an `<area>Rules.ts` file, registered in evaluate.ts).
 */
const ENTRIES = {
  P2: {
    title: 'Placement review overdue',
    severity: 'HIGH',
    outcome: 'REINTEGRATION',
    subjectType: 'PLACEMENT',
    scope: 'PLACEMENT',
    description: 'No review within the review interval (at most one half-term) of the start or the last review.',
    thresholds: ['reviewIntervalSchoolDays'],
    section: '§2.3, §9.3 P2',
  },
  P3: {
    title: 'Placement still open after its planned end date',
    severity: 'HIGH',
    outcome: 'REINTEGRATION',
    subjectType: 'PLACEMENT',
    scope: 'PLACEMENT',
    description: 'The placement is open on a day after its planned end date.',
    thresholds: [],
    section: '§9.3 P3',
  },
  P4: {
    title: 'Long stay in alternative provision',
    severity: 'HIGH',
    outcome: 'REINTEGRATION',
    subjectType: 'PLACEMENT',
    scope: 'PLACEMENT',
    description:
      'A Tier 2 placement open longer than the Tier 2 limit with no reintegration date, or any AP episode open longer than the long-stay limit.',
    thresholds: ['tier2LimitSchoolDays', 'longStaySchoolDays'],
    section: '§1.3, §9.3 P4',
  },
  P5: {
    title: 'Pupil removed from the home-school roll during a school-commissioned placement (possible off-rolling)',
    severity: 'CRIT',
    outcome: 'REINTEGRATION',
    subjectType: 'PLACEMENT',
    scope: 'PLACEMENT',
    description:
      'The commissioning school ended the enrolment during the placement, not for a permanent exclusion, home education or a move with a known destination.',
    thresholds: [],
    section: '§2.3, §5.4, §9.3 P5',
  },
  P7: {
    title: 'Primary-age pupil in alternative provision',
    severity: 'INFO',
    outcome: 'OUTREACH',
    subjectType: 'PLACEMENT',
    scope: 'PLACEMENT',
    description: 'A pupil in Reception to Year 6 has an open Tier 2 or Tier 3 placement.',
    thresholds: [],
    section: '§3.4, §9.3 P7',
  },
  A5: {
    title: 'Part-time arrangement with no end date, past its time limit, or used for behaviour',
    severity: 'HIGH',
    outcome: 'ATTENDANCE',
    subjectType: 'PLACEMENT',
    scope: 'PLACEMENT',
    description:
      "The pupil's timetabled hours are below full-time for a reason other than health, and the arrangement has no end date or review schedule, has run longer than the part-time limit, or is for behaviour.",
    thresholds: ['fullTimeHoursPerWeek', 'partTimeMaxWeeks'],
    section: '§2.5, §9.6 A5',
  },
  E9: {
    title: 'Section 19 provision is part-time without a health reason',
    severity: 'HIGH',
    outcome: 'ACCESS_TO_EDUCATION',
    subjectType: 'PLACEMENT',
    scope: 'PLACEMENT',
    description: 'LA provision under s19 (not for health needs) gives the pupil less than full-time education.',
    thresholds: ['fullTimeHoursPerWeek'],
    section: '§2.1, §9.4 E9',
  },
  O1: {
    title: 'Off-site direction notice late or incomplete',
    severity: 'HIGH',
    outcome: 'ACCESS_TO_EDUCATION',
    subjectType: 'PLACEMENT',
    scope: 'PLACEMENT',
    description:
      'The written notice is missing, was given less than the required school days before the first day, or lacks the address, person to report to, number of days, reasons and objectives, or session times.',
    thresholds: ['offSiteNoticeSchoolDays'],
    section: '§5.2, §9.5 O1',
  },
  O2: {
    title: 'Pupil with an EHC plan directed off-site without notice to the LA',
    severity: 'HIGH',
    outcome: 'ACCESS_TO_EDUCATION',
    subjectType: 'PLACEMENT',
    scope: 'PLACEMENT',
    description: 'The direction has started and the LA was not given written notice in time.',
    thresholds: ['offSiteNoticeSchoolDays'],
    section: '§5.2, §9.5 O2',
  },
  O3: {
    title: 'Off-site direction: requested review not held',
    severity: 'HIGH',
    outcome: 'ACCESS_TO_EDUCATION',
    subjectType: 'PLACEMENT',
    scope: 'PLACEMENT',
    description:
      'A parent or the LA asked in writing for a review of the direction and no review meeting was held within the review request limit, and none had been held in the weeks before the request.',
    thresholds: ['directionReviewRequestSchoolDays', 'directionReviewRecentWeeks'],
    section: '§5.2, §9.5 O3',
  },
  O3b: {
    title: 'Off-site direction review meeting without the headteacher, parents, a board nominee or the LA',
    severity: 'HIGH',
    outcome: 'ACCESS_TO_EDUCATION',
    subjectType: 'PLACEMENT',
    scope: 'PLACEMENT',
    description:
      'A review meeting of the direction was held without the headteacher, without inviting the parents, without a nominee of the governing board or management committee, or, for a pupil with an EHC plan, without inviting the LA.',
    thresholds: [],
    section: '§10.2 (review meetings)',
  },
  O4: {
    title: 'Off-site direction has no maximum period or review schedule',
    severity: 'HIGH',
    outcome: 'REINTEGRATION',
    subjectType: 'PLACEMENT',
    scope: 'PLACEMENT',
    description: 'An off-site direction without an agreed maximum period or a review interval.',
    thresholds: [],
    section: '§2.3, §5.2, §9.5 O4',
  },
  U1: {
    title: 'Possible unregistered independent school (s463 EA 1996 / s96 ESA 2008)',
    severity: 'CRIT',
    outcome: 'SAFEGUARDING',
    subjectType: 'PROVIDER',
    scope: 'PROVIDER',
    description:
      'On any day of the look-back window (the current and previous academic year by default), an unregistered provider gave full-time education (more than the hours limit) to at least the registration count of pupils of compulsory school age at once, counted across all commissioners. One flag per period, named in its title.',
    thresholds: ['unregisteredFullTimeHours', 'registrationPupilCount', 'registrationLookBackAcademicYears'],
    section: '§3.1, §9.2 U1',
  },
  U2: {
    title: 'Possible unregistered independent school: full-time looked-after child or child with an EHC plan',
    severity: 'CRIT',
    outcome: 'SAFEGUARDING',
    subjectType: 'PROVIDER',
    scope: 'PROVIDER',
    description:
      'On any day of the look-back window, an unregistered provider gave full-time education to at least one looked-after child or child with an EHC plan of compulsory school age. One flag per period, named in its title.',
    thresholds: ['unregisteredFullTimeHours', 'registrationLookBackAcademicYears'],
    section: '§3.1, §9.2 U2',
  },
  U2b: {
    title: 'Unregistered setting educating a child with SEN full-time (CWSA 2026 s43)',
    severity: 'CRIT',
    outcome: 'SAFEGUARDING',
    subjectType: 'PROVIDER',
    scope: 'PROVIDER',
    // Labelled a proposal until the national configuration records s43 as commenced.
    proposal: DEFAULT_VALUES.cwsaS43Commenced === 0,
    description:
      'Once s43 is in force: an unregistered provider gives full-time education to at least one child on SEN support.',
    thresholds: ['unregisteredFullTimeHours', 'cwsaS43Commenced'],
    section: '§3.2, §9.2 U2b',
  },
  U3: {
    title: 'Pupil full-time in unregistered settings, or part-time overall',
    severity: 'HIGH',
    outcome: 'SAFEGUARDING',
    subjectType: 'PUPIL',
    scope: 'PUPIL',
    description:
      "The pupil's hours across unregistered settings exceed the full-time test, or with them the pupil's total provision is below full-time with no health reason or agreed part-time timetable.",
    thresholds: ['unregisteredFullTimeHours', 'fullTimeHoursPerWeek'],
    section: '§2.3, §3.1, §9.2 U3',
  },
  U5: {
    title: 'Unregistered provider in use with no risk assessment recorded',
    severity: 'HIGH',
    outcome: 'SAFEGUARDING',
    subjectType: 'PROVIDER',
    scope: 'PROVIDER',
    description: 'An unregistered provider with open placements has no risk assessment date recorded.',
    thresholds: [],
    section: '§1.4, §2.2, §9.2 U5',
  },
  U6: {
    title: 'Unregistered provider in use is not on the approved list',
    severity: 'MED',
    outcome: 'SAFEGUARDING',
    subjectType: 'PROVIDER',
    scope: 'PROVIDER',
    description:
      'Where the LA runs an approved list, an unregistered provider with open placements is not on it or failed quality assurance.',
    thresholds: [],
    section: '§1.4, §9.2 U6',
  },
  U7: {
    title: 'School-commissioned placement not notified to the LA',
    severity: 'HIGH',
    outcome: 'SAFEGUARDING',
    subjectType: 'PLACEMENT',
    scope: 'PLACEMENT',
    description:
      'A school-commissioned placement is still not notified to the LA the tolerance of school days after it started.',
    thresholds: ['laNotificationToleranceSchoolDays'],
    section: '§2.3, §9.2 U7',
  },
  U9: {
    title: 'Full-time non-school AP placement longer than 12 weeks',
    severity: 'HIGH',
    outcome: 'REINTEGRATION',
    subjectType: 'PLACEMENT',
    scope: 'PLACEMENT',
    proposal: true,
    description:
      'A short-term placement in unregistered AP above the part-time limit has run longer than the proposed maximum.',
    thresholds: [
      'unregisteredShortTermWeeks',
      'unregisteredLongTermMaxDaysPerWeek',
      'unregisteredLongTermMaxSessionsPerWeek',
      'fullTimeHoursPerWeek',
    ],
    section: '§1.4, §9.2 U9',
  },
  U10: {
    title: 'Longer-term non-school AP placement above 2 days or 4 sessions a week',
    severity: 'HIGH',
    outcome: 'REINTEGRATION',
    subjectType: 'PLACEMENT',
    scope: 'PLACEMENT',
    proposal: true,
    description:
      'A placement in unregistered AP planned for longer than the short-term maximum (or open-ended) is above the proposed part-time limit.',
    thresholds: [
      'unregisteredShortTermWeeks',
      'unregisteredLongTermMaxDaysPerWeek',
      'unregisteredLongTermMaxSessionsPerWeek',
      'fullTimeHoursPerWeek',
    ],
    section: '§1.4, §9.2 U10',
  },
  U11: {
    title: 'Unregistered AP placement longer than the national average',
    severity: 'INFO',
    outcome: 'REINTEGRATION',
    subjectType: 'PLACEMENT',
    scope: 'PLACEMENT',
    description:
      'A placement in unregistered AP has been open longer than the national average length (a benchmark, not a limit).',
    thresholds: ['unregisteredAverageStayCalendarDays'],
    section: '§3.5, §9.2 U11',
  },
  E2: {
    title: 'No full-time provision from day 6 of a suspension',
    severity: 'CRIT',
    outcome: 'ACCESS_TO_EDUCATION',
    subjectType: 'EXCLUSION',
    scope: 'PUPIL',
    description:
      'During a suspension of more than five school days, from day 6 the pupil has no full-time provision in place.',
    thresholds: ['daySix', 'fullTimeHoursPerWeek'],
    section: '§2.1, §5.1, §9.4 E2',
  },
  E3: {
    title: 'No full-time LA provision from day 6 of a permanent exclusion',
    severity: 'CRIT',
    outcome: 'ACCESS_TO_EDUCATION',
    subjectType: 'EXCLUSION',
    scope: 'PUPIL',
    description:
      'From day 6 of a permanent exclusion, until the pupil is reinstated or on a new roll, there is no full-time (or health-based) provision in place.',
    thresholds: ['daySix', 'fullTimeHoursPerWeek'],
    section: '§2.1, §5.1, §9.4 E3',
  },
  E4: {
    title: 'Governors have not considered reinstatement in time',
    severity: 'HIGH',
    outcome: 'ACCESS_TO_EDUCATION',
    subjectType: 'EXCLUSION',
    scope: 'PUPIL',
    description:
      'No governing board decision within 15 school days (permanent exclusion, more than 15 days in a term, or a missed public exam) or 50 school days (6–15 days in a term with representations).',
    thresholds: ['governorReinstatementSchoolDays', 'governorRepresentationsSchoolDays'],
    section: '§5.1, §9.4 E4',
  },
  E8: {
    title: 'Health absence reached the threshold with no LA section 19 decision',
    severity: 'HIGH',
    outcome: 'ACCESS_TO_EDUCATION',
    subjectType: 'PUPIL',
    scope: 'PUPIL',
    description:
      'School days missed through ill health this school year (consecutive or cumulative, including an expected continuation) reach the threshold and no LA decision is recorded.',
    thresholds: ['healthAbsenceSchoolDays'],
    section: '§2.1, §5.4, §9.4 E8',
  },
  SEP1: {
    title: 'Safeguarding separation with no education arranged (LA s19 duty)',
    severity: 'CRIT',
    outcome: 'ACCESS_TO_EDUCATION',
    subjectType: 'PUPIL',
    scope: 'PUPIL',
    description:
      "A pupil separated from school for safeguarding reasons (not a suspension) still has no education recorded on or after the separation day threshold (the sixth school day), while the separation lasts. Part-time s19 provision is rule E9's.",
    thresholds: ['separationProvisionSchoolDay'],
    section: '§10.2 (safeguarding separation)',
  },
  O7: {
    title: 'Managed move recorded as a trial (managed moves are permanent)',
    severity: 'HIGH',
    outcome: 'REINTEGRATION',
    subjectType: 'PUPIL',
    scope: 'PUPIL',
    description:
      'A managed move agreed under the 2026 guidance is recorded as a trial, with a trial end date, or with an automatic return to the first school.',
    thresholds: [],
    section: '§5.3, §9.5 O7, §10.2',
  },
  O7b: {
    title: 'Managed move given admission priority by an oversubscribed school',
    severity: 'MED',
    outcome: 'ACCESS_TO_EDUCATION',
    subjectType: 'PUPIL',
    scope: 'PUPIL',
    description:
      'The receiving school was oversubscribed and gave the managed move priority in its admissions, which the 2026 guidance does not allow.',
    thresholds: [],
    section: '§10.2 (managed moves and admissions)',
  },
  R1: {
    title: 'Reintegration failing within the sustain window',
    severity: 'HIGH',
    outcome: 'REINTEGRATION',
    subjectType: 'REINTEGRATION',
    scope: 'PUPIL',
    description:
      'Within the sustain window after returning to school the pupil re-entered AP, was permanently excluded, had suspensions over the limit, went on a part-time timetable, left the roll for home education or an unknown destination, or a follow-up was reported broken down.',
    thresholds: ['reintegrationSustainSchoolDays', 'reintegrationSuspensionSchoolDays'],
    section: '§1.2, §8.5, §9.8 R1',
  },
  'R1-CHECKPOINT': {
    title: 'Reintegration follow-up not reported',
    severity: 'MED',
    outcome: 'REINTEGRATION',
    subjectType: 'REINTEGRATION',
    scope: 'PUPIL',
    description:
      'A reintegration follow-up (6 weeks, 1 term, 2 terms) is past its due date plus the grace period with no report.',
    thresholds: [
      'checkpointReportGraceSchoolDays',
      'reintegrationCheckpointSixWeeksSchoolDays',
      'reintegrationCheckpointOneTermSchoolDays',
      'reintegrationSustainSchoolDays',
    ],
    section: '§9.8 R1/R2',
  },
  R4: {
    title: 'Year 11 AP leaver without a September Guarantee offer, or NEET / not known in Dec–Feb',
    severity: 'HIGH',
    outcome: 'POST16_TRANSITION',
    subjectType: 'PUPIL',
    scope: 'PUPIL',
    description:
      'A pupil in AP during Year 11 has no post-16 offer recorded after the September deadline, or is NEET or not known between December and February.',
    thresholds: ['septemberGuaranteeDay'],
    section: '§8.4, §9.8 R4',
  },
  F1: {
    title: 'Fair access case: no school place allocated in time',
    severity: 'CRIT',
    outcome: 'ACCESS_TO_EDUCATION',
    subjectType: 'REFERRAL',
    scope: 'REFERRAL',
    description:
      'A case agreed to be considered has no school place allocated within the allocation target (fairAccessAllocationSchoolDays).',
    thresholds: ['fairAccessAllocationSchoolDays'],
    section: '§4.1, §9.7 F1',
  },
  F2: {
    title: 'Fair access pupil allocated a place but not started',
    severity: 'MED',
    outcome: 'ACCESS_TO_EDUCATION',
    subjectType: 'REFERRAL',
    scope: 'REFERRAL',
    description: 'A place was allocated but the pupil has not started within the start limit.',
    thresholds: ['fairAccessStartSchoolDays'],
    section: '§4.1, §9.7 F2',
  },
  F5: {
    title: 'School refused on a ground the Admissions Code does not allow',
    severity: 'HIGH',
    outcome: 'ACCESS_TO_EDUCATION',
    subjectType: 'REFERRAL',
    scope: 'REFERRAL',
    description:
      'A refusal cites previous attendance, a count of suspensions, SEN or disability, or being full; or cites challenging behaviour without evidence of a particularly high proportion; or gives no ground.',
    thresholds: [],
    section: '§4.1, §4.3, §9.7 F5',
  },
  F6: {
    title: 'Maintained school: admission response or direction step overdue',
    severity: 'MED',
    outcome: 'ACCESS_TO_EDUCATION',
    subjectType: 'REFERRAL',
    scope: 'REFERRAL',
    description:
      'A maintained school has not responded within the response window or has refused, and the LA has not started a direction; or the adjudicator referral window has closed and no direction is issued.',
    thresholds: ['maintainedResponseCalendarDays', 'adjudicatorReferralCalendarDays'],
    section: '§4.5, §9.7 F6',
  },
  F7: {
    title: 'Academy: Secretary of State direction step overdue',
    severity: 'MED',
    outcome: 'ACCESS_TO_EDUCATION',
    subjectType: 'REFERRAL',
    scope: 'REFERRAL',
    description:
      "An academy has refused or not responded and no direction has been requested from DfE; or the academy's window to answer DfE has passed with no decision recorded.",
    thresholds: ['academyResponseCalendarDays'],
    section: '§4.5, §9.7 F7',
  },
  F8: {
    title: "School's share of fair access admissions is disproportionate",
    severity: 'MED',
    outcome: 'ACCESS_TO_EDUCATION',
    subjectType: 'SCHOOL',
    scope: 'FAIR_SHARE',
    description:
      'In a school year and phase, a school admitted more than the ratio times its fair share (by roll, else equal shares) of fair access pupils.',
    thresholds: ['fairShareRatio', 'fairShareMinimumAdmissions'],
    section: '§4.1, §9.7 F8',
  },
  M3: {
    title: 'Vulnerable pupil left for elective home education',
    severity: 'HIGH',
    outcome: 'SAFEGUARDING',
    subjectType: 'PUPIL',
    scope: 'PUPIL',
    description:
      'A pupil left for home education while in (or recently in) AP, with a social worker or looked after, from a special school, or after recent suspensions or a part-time timetable.',
    thresholds: ['eheRecentConcernCalendarDays'],
    section: '§5.4, §9.9 M3',
  },
  M5: {
    title: 'Possible child missing education',
    severity: 'CRIT',
    outcome: 'SAFEGUARDING',
    subjectType: 'PUPIL',
    scope: 'PUPIL',
    description:
      'A pupil of compulsory school age is on no school roll, has no open provision, no home education record and no recorded move away.',
    thresholds: [],
    section: '§5.4, §9.9 M5',
  },
} satisfies Record<string, Entry>;

/** Every flag rule's ID: the keys of the catalogue. */
export type RuleId = keyof typeof ENTRIES;

export const RULES: Readonly<Record<RuleId, RuleMeta>> = Object.fromEntries(
  Object.entries(ENTRIES as Record<RuleId, Entry>).map(([id, e]) => [
    id,
    { ruleId: id as RuleId, ...e, proposal: e.proposal ?? false },
  ]),
) as Record<RuleId, RuleMeta>;

/** Every rule, for the API. */
export const ruleCatalogue: readonly RuleMeta[] = Object.values(RULES);
