/**
 * Versioned rule configuration (domain.md §9.10). Every figure a rule compares against lives here
 * with its status, source and direction, so an LA override can be checked: an LA may TIGHTEN any
 * threshold, may never loosen one from LAW, STATUTORY_GUIDANCE or a PROPOSAL (a loosened proposal
 * would no longer be the proposal the flag is labelled with), and may loosen DESIGN_DEFAULT and
 * LOCAL_PRACTICE values, which are this tracker's or a local authority's own choices.
 */
import type { IsoDate } from '../dates';
import { NOT_COMMENCED, PROVISIONS, type Commencements } from '../law/commencement';

export const CONFIG_VERSION = '2026-11-22.1';

export type ThresholdStatus = 'LAW' | 'STATUTORY_GUIDANCE' | 'PROPOSAL' | 'LOCAL_PRACTICE' | 'DESIGN_DEFAULT';

/** 'weeks' are calendar weeks; 'flag' is 0 (off) or 1 (on); 'dayOfSeptember' is a date in September. */
export type ThresholdUnit =
  | 'schoolDays'
  | 'calendarDays'
  | 'hours'
  | 'count'
  | 'weeks'
  | 'ratio'
  | 'daysPerWeek'
  | 'sessionsPerWeek'
  | 'dayOfSeptember'
  | 'years'
  | 'flag';

/** 'max': a limit the LA may only lower. 'min': a floor the LA may only raise. */
export type ThresholdDirection = 'max' | 'min';

export interface ThresholdDefinition {
  key: ThresholdKey;
  label: string;
  value: number;
  unit: ThresholdUnit;
  status: ThresholdStatus;
  direction: ThresholdDirection;
  source: { citation: string; url: string };
  /** First day this value is in force; an event dated earlier is judged by an earlier version, if any. */
  effectiveFrom: IsoDate;
  /** Last day in force (inclusive); null while in force. */
  effectiveTo: IsoDate | null;
  /** Earlier values of the same figure, newest first, for events dated before effectiveFrom. */
  supersedes?: readonly ThresholdVersion[];
  /** Sane bounds for any value, tightened or not. */
  range: [number, number];
  integer: boolean;
  note?: string;
}

/** One dated value of a threshold. */
export interface ThresholdVersion {
  value: number;
  status: ThresholdStatus;
  source: { citation: string; url: string };
  effectiveFrom: IsoDate;
  effectiveTo: IsoDate | null;
}

type Def = Omit<ThresholdDefinition, 'key' | 'effectiveTo'> & { effectiveTo?: IsoDate | null };

const CONFIG_DATE = '2026-11-22';
const BRADFORD = 'https://bso.bradford.gov.uk/content/behaviour/alternative-provision-quality-assurance-checklist';
const SCHOOLS_WEEK_AP = 'https://schoolsweek.co.uk/dfe-pushes-ahead-with-unregistered-ap-time-limits';
const EXCLUSION_GB = 'https://southampton.gov.uk/schools-learning/support-inclusion-education/exclusion';
const BUCKS_FAP =
  'https://buckinghamshire.gov.uk/schools-and-learning/schools-index/school-admissions/school-admissions-guides-policies-and-statistics/fair-access-protocol-2024';
const DESTINATIONS =
  'https://explore-education-statistics.service.gov.uk/find-statistics/key-stage-4-destination-measures/2017-18';

const schoolDays = (min = 1, max = 400) => ({
  unit: 'schoolDays' as const,
  range: [min, max] as [number, number],
  integer: true,
});
const calendarDays = (min = 1, max = 1000) => ({
  unit: 'calendarDays' as const,
  range: [min, max] as [number, number],
  integer: true,
});

const DEFINITIONS = {
  fullTimeHoursPerWeek: {
    label: 'Hours a week that count as full-time education',
    value: 32.5,
    unit: 'hours',
    range: [15, 40],
    integer: false,
    status: 'STATUTORY_GUIDANCE',
    direction: 'min',
    source: {
      citation: 'DfE expectation of a 32.5-hour mainstream week (domain.md §2.3)',
      url: 'https://lbhflearningpartnership.com/?p=5206',
    },
    effectiveFrom: '2023-09-01',
    note: 'A DfE expectation rather than statute; treated as guidance so an LA cannot count less as full-time.',
  },
  unregisteredFullTimeHours: {
    label: 'Hours a week above which a setting gives a child full-time education (registration test)',
    value: 18,
    unit: 'hours',
    range: [1, 40],
    integer: false,
    status: 'STATUTORY_GUIDANCE',
    direction: 'max',
    source: {
      citation: 'DfE: "more than 18 hours per week" is full-time (PQ HL5450; s463 EA 1996)',
      url: 'https://parallelparliament.co.uk/question/HL5450/out-of-school-education',
    },
    effectiveFrom: '2023-02-01',
    note: 'DfE working reading of "full-time" in s463 until regulations under CWSA 2026 s43 define it.',
  },
  directionReviewRecentWeeks: {
    label:
      'Weeks before a written request for a review of an off-site direction in which a review meeting means none need be held',
    value: 10,
    unit: 'weeks',
    range: [1, 52],
    integer: true,
    status: 'LAW',
    // A longer window excuses more requests: the LA may only shorten it.
    direction: 'max',
    source: {
      citation: 'SI 2010/1156 reg 4A, inserted by SI 2012/2532 (domain.md §5.2, §9.5 O3)',
      url: 'https://legislation.gov.uk/uksi/2012/2532/body/made/data.htm?view=plain',
    },
    effectiveFrom: '2013-01-01',
  },
  directionReviewRequestSchoolDays: {
    label:
      'School days after a written request by which a review meeting of an off-site direction must be held ("as soon as reasonably practicable")',
    value: 10,
    ...schoolDays(1, 60),
    status: 'DESIGN_DEFAULT',
    direction: 'max',
    source: {
      citation:
        'SI 2010/1156 reg 4A (SI 2012/2532): "as soon as reasonably practicable"; the day count is the tracker\'s',
      url: 'https://legislation.gov.uk/uksi/2012/2532/body/made/data.htm?view=plain',
    },
    effectiveFrom: CONFIG_DATE,
    note: 'The regulations set no number of days; an LA may flag sooner.',
  },
  registrationLookBackAcademicYears: {
    label:
      'Academic years the registration test (rules U1, U2) looks back over, counting the current one: every day in them is judged',
    value: 2,
    unit: 'count',
    range: [2, 3],
    integer: true,
    status: 'DESIGN_DEFAULT',
    direction: 'min',
    source: {
      citation:
        "Issue 14 item 6: a setting that was a school on any day (back-dated placements included) is flagged for that period; s463 EA 1996 has no look-back limit, the window is the tracker's",
      url: 'https://parallelparliament.co.uk/question/HL5450/out-of-school-education',
    },
    effectiveFrom: CONFIG_DATE,
    note: 'The current and previous academic year by default; an LA may look back one year more (the most the nightly scan loads).',
  },
  registrationPupilCount: {
    label: 'Full-time pupils of compulsory school age at which a setting must register as a school',
    value: 5,
    unit: 'count',
    range: [1, 50],
    integer: true,
    status: 'LAW',
    direction: 'max',
    source: {
      citation: 's463 Education Act 1996; s96 Education and Skills Act 2008',
      url: 'https://parallelparliament.co.uk/question/HL5450/out-of-school-education',
    },
    effectiveFrom: '1996-11-01',
  },
  reviewIntervalSchoolDays: {
    label: 'Longest gap between placement reviews (one half-term)',
    value: 30,
    ...schoolDays(),
    status: 'STATUTORY_GUIDANCE',
    direction: 'max',
    source: { citation: 'Arranging alternative provision (2025): review at least half-termly', url: BRADFORD },
    effectiveFrom: '2025-02-05',
  },
  tier2LimitSchoolDays: {
    label: 'Longest a Tier 2 (time-limited) placement runs without a reintegration date (about 1 term)',
    value: 65,
    ...schoolDays(),
    status: 'DESIGN_DEFAULT',
    direction: 'max',
    source: {
      citation: 'Tier 2 "time-limited placements" (SEND and AP Improvement Plan 2023)',
      url: 'https://next.shropshire.gov.uk/the-send-local-offer/strategy-policy-and-guidance/send-and-ap-change-programme/three-tier-model-for-alternative-provision',
    },
    effectiveFrom: CONFIG_DATE,
  },
  longStaySchoolDays: {
    label: 'Longest any AP episode runs before it is flagged as a long stay (about 2 terms)',
    value: 130,
    ...schoolDays(),
    status: 'DESIGN_DEFAULT',
    direction: 'max',
    source: {
      citation: 'AP is "an intervention, not a destination" (DfE consultation 2024)',
      url: 'https://consult.education.gov.uk/behaviour-attendance-exclusions-and-alternative-provision/strengthening-protections-in-unregistered-ap/consultation/intro/',
    },
    effectiveFrom: CONFIG_DATE,
  },
  unregisteredAverageStayCalendarDays: {
    label: 'National average length of an unregistered AP placement (benchmark)',
    value: 276,
    ...calendarDays(),
    status: 'DESIGN_DEFAULT',
    direction: 'max',
    source: {
      citation: "Children's Commissioner figure reported by Schools Week (spring 2023-24)",
      url: SCHOOLS_WEEK_AP,
    },
    effectiveFrom: CONFIG_DATE,
    note: 'A benchmark, not a limit: U11 is for information only.',
  },
  unregisteredShortTermWeeks: {
    label: 'Longest a full-time placement in non-school AP may run (proposed)',
    value: 12,
    unit: 'weeks',
    range: [1, 52],
    integer: true,
    status: 'PROPOSAL',
    direction: 'max',
    source: { citation: 'DfE consultation 2024 Q23 and Aug 2025 response: maximum of 12 weeks', url: SCHOOLS_WEEK_AP },
    effectiveFrom: '2025-08-01',
  },
  unregisteredLongTermMaxDaysPerWeek: {
    label: 'Most days a week of a longer-term non-school AP placement (proposed)',
    value: 2,
    unit: 'daysPerWeek',
    range: [1, 5],
    integer: true,
    status: 'PROPOSAL',
    direction: 'max',
    source: { citation: 'DfE Aug 2025 response: longer-term placements up to two days a week', url: SCHOOLS_WEEK_AP },
    effectiveFrom: '2025-08-01',
  },
  unregisteredLongTermMaxSessionsPerWeek: {
    label: 'Most sessions a week of a longer-term non-school AP placement (proposed)',
    value: 4,
    unit: 'sessionsPerWeek',
    range: [1, 10],
    integer: true,
    status: 'PROPOSAL',
    direction: 'max',
    source: {
      citation: 'DfE Aug 2025 response: longer-term placements up to four sessions a week',
      url: SCHOOLS_WEEK_AP,
    },
    effectiveFrom: '2025-08-01',
  },
  laNotificationToleranceSchoolDays: {
    label: 'School days after the start by which a school must have told the LA of a placement',
    value: 5,
    ...schoolDays(0, 60),
    status: 'DESIGN_DEFAULT',
    direction: 'max',
    source: { citation: 'Arranging alternative provision (2025): schools should always inform the LA', url: BRADFORD },
    effectiveFrom: CONFIG_DATE,
  },
  daySix: {
    label: 'School day of an exclusion by which full-time provision must be in place',
    value: 6,
    ...schoolDays(1, 6),
    status: 'LAW',
    direction: 'max',
    source: {
      citation: 'Day-6 duty: s19 EA 1996 and the exclusion regulations',
      url: 'https://www.ipsea.org.uk/permanent-exclusions',
    },
    effectiveFrom: '2007-09-01',
  },
  separationProvisionSchoolDay: {
    label: "School day of a safeguarding separation by which education must be recorded (the LA's s19 duty)",
    value: 6,
    ...schoolDays(1, 6),
    status: 'DESIGN_DEFAULT',
    direction: 'max',
    source: {
      citation:
        "Suspension and permanent exclusion guidance 2026: a safeguarding separation is not a suspension and triggers the LA's s19 duty (domain.md §10.2); the sixth school day by analogy with the day-6 duty",
      url: 'https://www.gov.uk/government/publications/school-exclusion',
    },
    effectiveFrom: '2026-07-26',
    note: 'The guidance sets no day; the tracker flags by the sixth school day, like the exclusion duties. An LA may flag sooner.',
  },
  governorReinstatementSchoolDays: {
    label: 'School days for the governing board to consider reinstatement',
    value: 15,
    ...schoolDays(),
    status: 'STATUTORY_GUIDANCE',
    direction: 'max',
    source: { citation: 'Suspension and permanent exclusion guidance (2022/2024)', url: EXCLUSION_GB },
    effectiveFrom: '2022-09-01',
  },
  governorRepresentationsSchoolDays: {
    label: "School days for the governing board to consider parents' representations (6–15 days in a term)",
    value: 50,
    ...schoolDays(),
    status: 'STATUTORY_GUIDANCE',
    direction: 'max',
    source: { citation: 'Suspension and permanent exclusion guidance (2022/2024)', url: EXCLUSION_GB },
    effectiveFrom: '2022-09-01',
  },
  healthAbsenceSchoolDays: {
    label: 'School days missed through ill health (in a school year) by which the LA must decide on provision',
    value: 15,
    ...schoolDays(),
    status: 'STATUTORY_GUIDANCE',
    direction: 'max',
    source: {
      citation: 'Arranging education for children who cannot attend school because of health needs (Dec 2023)',
      url: 'https://www.brownejacobson.com/insights/send-and-pupils-absent-due-to-health-needs-what-you-need-to-know',
    },
    effectiveFrom: '2023-12-01',
  },
  offSiteNoticeSchoolDays: {
    label: 'School days of written notice before an off-site direction starts',
    value: 2,
    ...schoolDays(1, 30),
    status: 'LAW',
    direction: 'min',
    source: {
      citation: 'SI 2010/1156 reg 3, as amended by SI 2012/2532',
      url: 'https://zoomlaw.co.uk/2010-1156-uksi.html',
    },
    effectiveFrom: '2013-01-01',
  },
  fairAccessAllocationSchoolDays: {
    label: 'School days to allocate a place once a fair access case is agreed to be considered',
    value: 20,
    ...schoolDays(),
    status: 'STATUTORY_GUIDANCE',
    direction: 'max',
    source: {
      citation: 'School Admissions Code 2021 para 3.21',
      url: 'https://csapps.norfolk.gov.uk/csshared/ecourier2/misheet.asp?misheetid=52580',
    },
    effectiveFrom: '2021-09-01',
  },
  fairAccessStartSchoolDays: {
    label: 'School days after allocation by which a fair access pupil should have started',
    value: 10,
    ...schoolDays(),
    status: 'DESIGN_DEFAULT',
    direction: 'max',
    source: {
      citation: 'Code: start "as soon as possible" (Derbyshire FAP)',
      url: 'https://derbyshire.gov.uk/education/schools/school-places/admissions/fair-access-protocols/fair-access-protocols.aspx',
    },
    effectiveFrom: CONFIG_DATE,
  },
  maintainedResponseCalendarDays: {
    label: 'Calendar days for a maintained school to respond to a request to admit',
    value: 7,
    ...calendarDays(1, 60),
    status: 'LOCAL_PRACTICE',
    direction: 'max',
    source: { citation: 'Buckinghamshire fair access protocol (direction process)', url: BUCKS_FAP },
    effectiveFrom: '2021-09-01',
  },
  adjudicatorReferralCalendarDays: {
    label: "Calendar days a school has to refer the LA's intended direction to the Schools Adjudicator",
    value: 15,
    ...calendarDays(1, 60),
    status: 'LAW',
    direction: 'min',
    source: { citation: 'Direction of maintained schools, as set out in the Buckinghamshire protocol', url: BUCKS_FAP },
    effectiveFrom: '2021-09-01',
    note: "A school's right of referral: an LA may wait longer, never shorter.",
  },
  academyResponseCalendarDays: {
    label: 'Calendar days for an academy to respond (to the LA, then to DfE on a direction request)',
    value: 7,
    ...calendarDays(1, 60),
    status: 'LOCAL_PRACTICE',
    direction: 'max',
    source: {
      citation: 'DfE fair access protocols guidance; Buckinghamshire protocol',
      url: 'https://www.gov.uk/government/publications/fair-access-protocols-in-school-admissions',
    },
    effectiveFrom: '2021-09-01',
  },
  fairShareRatio: {
    label: "Multiple of its fair share of fair access admissions above which a school's share is disproportionate",
    value: 1.5,
    unit: 'ratio',
    range: [1, 10],
    integer: false,
    status: 'DESIGN_DEFAULT',
    direction: 'max',
    source: {
      citation: 'School Admissions Code 2021 para 3.9: no school to take a disproportionate number',
      url: 'https://www.buckinghamshire.gov.uk/schools-and-learning/schools-index/school-admissions/school-admissions-guides-policies-and-statistics/fair-access-protocol/',
    },
    effectiveFrom: CONFIG_DATE,
  },
  fairShareMinimumAdmissions: {
    label: 'Fair access admissions a school must have before its share is judged (avoids flagging 1 of 2)',
    value: 3,
    unit: 'count',
    range: [1, 100],
    integer: true,
    status: 'DESIGN_DEFAULT',
    direction: 'max',
    source: {
      citation: 'Design default for rule F8',
      url: 'https://www.buckinghamshire.gov.uk/schools-and-learning/schools-index/school-admissions/school-admissions-guides-policies-and-statistics/fair-access-protocol/',
    },
    effectiveFrom: CONFIG_DATE,
  },
  reintegrationSustainSchoolDays: {
    label: 'School days a return to school must last to count as sustained (about 2 terms)',
    value: 130,
    ...schoolDays(),
    status: 'DESIGN_DEFAULT',
    direction: 'min',
    source: { citation: 'Analogue of DfE "sustained destination" (first two terms)', url: DESTINATIONS },
    effectiveFrom: CONFIG_DATE,
  },
  providerAccessAfterPlacementSchoolDays: {
    label:
      "School days after a placement ends that the provider's staff may still read the pupil's record (to the last reintegration checkpoint)",
    value: 130,
    ...schoolDays(0, 400),
    status: 'DESIGN_DEFAULT',
    direction: 'max',
    source: {
      citation: 'Data minimisation (UK GDPR Art. 5(1)(c)); default matches the final reintegration checkpoint',
      url: 'https://ico.org.uk/for-organisations/uk-gdpr-guidance-and-resources/data-protection-principles/a-guide-to-the-data-protection-principles/data-minimisation/',
    },
    effectiveFrom: CONFIG_DATE,
    note: 'Least privilege by time (docs/permissions.md): an LA may shorten it, or lengthen it as local practice.',
  },
  reintegrationCheckpointSixWeeksSchoolDays: {
    label: 'First reintegration follow-up (6 weeks)',
    value: 30,
    ...schoolDays(),
    status: 'DESIGN_DEFAULT',
    direction: 'max',
    source: { citation: 'Design default follow-up schedule', url: DESTINATIONS },
    effectiveFrom: CONFIG_DATE,
  },
  reintegrationCheckpointOneTermSchoolDays: {
    label: 'Second reintegration follow-up (1 term)',
    value: 65,
    ...schoolDays(),
    status: 'DESIGN_DEFAULT',
    direction: 'max',
    source: { citation: 'Design default follow-up schedule', url: DESTINATIONS },
    effectiveFrom: CONFIG_DATE,
  },
  reintegrationSuspensionSchoolDays: {
    label: 'Suspension days during the sustain window above which a reintegration counts as failing',
    value: 5,
    ...schoolDays(0, 45),
    status: 'DESIGN_DEFAULT',
    direction: 'max',
    source: { citation: 'Design default for rule R1', url: DESTINATIONS },
    effectiveFrom: CONFIG_DATE,
  },
  checkpointReportGraceSchoolDays: {
    label: 'School days after a follow-up is due before a missing report is flagged',
    value: 5,
    ...schoolDays(0, 60),
    status: 'DESIGN_DEFAULT',
    direction: 'max',
    source: { citation: 'Design default for reintegration follow-ups', url: DESTINATIONS },
    effectiveFrom: CONFIG_DATE,
  },
  partTimeMaxWeeks: {
    label: 'Longest a part-time arrangement runs before it is flagged',
    value: 6,
    unit: 'weeks',
    range: [1, 52],
    integer: true,
    status: 'LOCAL_PRACTICE',
    direction: 'max',
    source: {
      citation: 'Part-time timetables: local practice limit of 6–8 weeks (Essex SENDIASS)',
      url: 'https://www.essexsendiass.co.uk/parents-and-carers/attendance/reduced-timetables-guidance/',
    },
    effectiveFrom: '2024-08-19',
  },
  suspensionCapSchoolDays: {
    label: 'Most school days of suspension in one school year, across all schools',
    value: 45,
    ...schoolDays(1, 45),
    status: 'LAW',
    direction: 'max',
    source: {
      citation: 'Exclusion regulations; DfE statistics definition',
      url: 'https://explore-education-statistics.service.gov.uk/find-statistics/suspensions-and-permanent-exclusions-in-england/2023-24',
    },
    effectiveFrom: '2012-09-01',
    note: 'Enforced when a suspension is recorded (rule E1), not by a flag.',
  },
  septemberGuaranteeDay: {
    label: 'Day in September by which every Year 11 leaver should have a post-16 offer',
    value: 30,
    unit: 'dayOfSeptember',
    range: [1, 30],
    integer: true,
    status: 'STATUTORY_GUIDANCE',
    direction: 'max',
    source: {
      citation: 'September Guarantee (NCCIS)',
      url: 'https://explore-education-statistics.service.gov.uk/find-statistics/september-guarantee-offers-of-education-and-training-for-young-people-age-16-and-17/2022-23',
    },
    effectiveFrom: '2022-09-01',
  },
  cwsaS43Commenced: {
    label:
      "Apply Children's Wellbeing and Schools Act 2026 s43 (rule U2b) before it commences, as a local choice (1 = yes)",
    value: 0,
    unit: 'flag',
    range: [0, 1],
    integer: true,
    status: 'LAW',
    direction: 'min',
    source: {
      citation: "Children's Wellbeing and Schools Act 2026 s43",
      url: 'https://www.legislation.gov.uk/ukpga/2026/21/section/43/data.html',
    },
    effectiveFrom: '2026-04-29',
    note: 'Enacted 29 April 2026; commencement not confirmed. The installation records the commencement date (switch CWSA_S43); before it an LA may apply s43 early (stricter), and its flags then say "not yet law".',
  },
  eheRecentConcernCalendarDays: {
    label:
      'How far back a suspension, part-time timetable or AP placement counts as recent when a pupil leaves for home education',
    value: 365,
    ...calendarDays(1, 1500),
    status: 'DESIGN_DEFAULT',
    direction: 'min',
    source: {
      citation: 'Design default for rule M3 (CME and EHE guidance 2024)',
      url: 'https://edyourself.org/technical-changes-cme-guidance-2024/',
    },
    effectiveFrom: CONFIG_DATE,
  },
  // ---- Retention schedule (src/domain/retention.ts, docs/data-protection.md): an LA sets its own with
  // setThresholdOverride, longer or shorter, as its records management policy says.
  retentionPupilRecordYearsFromBirth: {
    label: 'Years after the date of birth a pupil’s record (movements, exclusions, fair access) is kept (rule RET1)',
    value: 25,
    unit: 'years',
    range: [18, 100],
    integer: true,
    status: 'LOCAL_PRACTICE',
    direction: 'min',
    source: {
      citation:
        'IRMS Information Management Toolkit for Schools: pupil educational record and exclusion records, date of birth + 25 years (not confirmed against a stored copy)',
      url: 'https://irms.org.uk/page/SchoolsToolkit',
    },
    effectiveFrom: CONFIG_DATE,
  },
  retentionSenRecordYearsFromBirth: {
    label: 'Years after the date of birth the record of a pupil who had SEN support or an EHC plan is kept (rule RET2)',
    value: 31,
    unit: 'years',
    range: [18, 100],
    integer: true,
    status: 'LOCAL_PRACTICE',
    direction: 'min',
    source: {
      citation:
        'IRMS Information Management Toolkit for Schools: SEN files, reviews and EHC plans, date of birth + 31 years (not confirmed against a stored copy)',
      url: 'https://irms.org.uk/page/SchoolsToolkit',
    },
    effectiveFrom: CONFIG_DATE,
  },
  retentionYearsAfterLastActivity: {
    label:
      'Years after the last movement, roll change, exclusion or fair access event a record is kept at least (rule RET3)',
    value: 6,
    unit: 'years',
    range: [1, 100],
    integer: true,
    status: 'DESIGN_DEFAULT',
    direction: 'min',
    source: {
      citation: 'domain.md §9.10: retain registers and admission data at least 6 years, mirroring statutory retention',
      url: 'https://www.legislation.gov.uk/uksi/2024/208/contents/made',
    },
    effectiveFrom: CONFIG_DATE,
  },
} satisfies Record<string, Def>;

export type ThresholdKey = keyof typeof DEFINITIONS;
export type ThresholdValues = Readonly<Record<ThresholdKey, number>>;

export const THRESHOLD_TABLE: readonly ThresholdDefinition[] = Object.entries(DEFINITIONS).map(([key, d]) => ({
  key: key as ThresholdKey,
  ...(d as Def),
  effectiveTo: (d as Def).effectiveTo ?? null,
}));

const BY_KEY = new Map<string, ThresholdDefinition>(THRESHOLD_TABLE.map((d) => [d.key, d]));

export const DEFAULT_VALUES: ThresholdValues = Object.fromEntries(
  THRESHOLD_TABLE.map((d) => [d.key, d.value]),
) as Record<ThresholdKey, number>;

export function isThresholdKey(key: string): key is ThresholdKey {
  return BY_KEY.has(key);
}

export function thresholdDefinition(key: ThresholdKey): ThresholdDefinition {
  return BY_KEY.get(key) as ThresholdDefinition;
}

export interface ResolvedThresholds {
  configVersion: string;
  values: ThresholdValues;
  /** Overrides in force, in table order. */
  overrides: { key: ThresholdKey; value: number; defaultValue: number }[];
  /** Stored overrides that are no longer acceptable (e.g. the default has since tightened); ignored. */
  rejected: { key: string; value: number; message: string }[];
  /** The installation's commencement dates for CWSA 2026 provisions (off unless set). */
  commencements: Commencements;
}

export type OverrideCheck =
  | { ok: true; key: ThresholdKey; value: number; effect: 'TIGHTENS' | 'LOOSENS' | 'UNCHANGED' }
  | { ok: false; message: string };

const STATUS_WORDS: Record<ThresholdStatus, string> = {
  LAW: 'set in law',
  STATUTORY_GUIDANCE: 'set in statutory guidance',
  PROPOSAL: 'a national proposal, and the tracker labels flags with it',
  LOCAL_PRACTICE: 'local practice',
  DESIGN_DEFAULT: 'a tracker default',
};

const UNIT_WORDS: Record<ThresholdUnit, string> = {
  schoolDays: 'school days',
  calendarDays: 'calendar days',
  hours: 'hours a week',
  count: 'pupils or cases',
  weeks: 'weeks',
  ratio: 'times',
  daysPerWeek: 'days a week',
  sessionsPerWeek: 'sessions a week',
  dayOfSeptember: 'September',
  years: 'years',
  flag: '(1 = on, 0 = off)',
};

/** Whether an LA may set `key` to `value`; refusals carry a message a clerk can act on. */
export function validateOverride(key: string, value: number): OverrideCheck {
  const def = BY_KEY.get(key);
  if (!def) return { ok: false, message: `There is no rule threshold called "${key}".` };
  const what = `"${def.label}"`;
  if (typeof value !== 'number' || !Number.isFinite(value)) return { ok: false, message: `${what} must be a number.` };
  if (def.integer && !Number.isInteger(value))
    return { ok: false, message: `${what} must be a whole number of ${UNIT_WORDS[def.unit]}.` };
  const loosens = def.direction === 'max' ? value > def.value : value < def.value;
  const effect = value === def.value ? 'UNCHANGED' : loosens ? 'LOOSENS' : 'TIGHTENS';
  if (
    effect === 'LOOSENS' &&
    (def.status === 'LAW' || def.status === 'STATUTORY_GUIDANCE' || def.status === 'PROPOSAL')
  ) {
    const stricter = def.direction === 'max' ? `${def.value} or lower` : `${def.value} or higher`;
    return {
      ok: false,
      message: `${what} is ${def.value} ${UNIT_WORDS[def.unit]}, which is ${STATUS_WORDS[def.status]} (${def.source.citation}). Your authority may make it stricter (${stricter}) but not ${value}, which would loosen it.`,
    };
  }
  // After the loosening check, so a loosened legal value gets the more useful message.
  const [lo, hi] = def.range;
  if (value < lo || value > hi)
    return { ok: false, message: `${what} must be between ${lo} and ${hi} ${UNIT_WORDS[def.unit]}.` };
  return { ok: true, key: def.key, value, effect };
}

/**
 * The national defaults with an LA's acceptable overrides applied; unacceptable ones are reported, not
 * applied. The installation's commencement dates ride along, and show in the config version.
 */
export function resolveThresholds(
  laOverrides: readonly { key: string; value: number }[] = [],
  commencements: Commencements = NOT_COMMENCED,
): ResolvedThresholds {
  const values: Record<string, number> = { ...DEFAULT_VALUES };
  const overrides: ResolvedThresholds['overrides'] = [];
  const rejected: ResolvedThresholds['rejected'] = [];
  for (const o of laOverrides) {
    const check = validateOverride(o.key, o.value);
    if (!check.ok) rejected.push({ key: o.key, value: o.value, message: check.message });
    else if (check.effect !== 'UNCHANGED') values[check.key] = check.value;
  }
  for (const d of THRESHOLD_TABLE)
    if (values[d.key] !== d.value)
      overrides.push({ key: d.key, value: values[d.key] as number, defaultValue: d.value });
  let configVersion = overrides.length
    ? `${CONFIG_VERSION}+la(${overrides.map((o) => `${o.key}=${o.value}`).join(',')})`
    : CONFIG_VERSION;
  const set = PROVISIONS.filter((p) => commencements[p]);
  if (set.length) configVersion += `+commenced(${set.map((p) => `${p}=${commencements[p]}`).join(',')})`;
  return { configVersion, values: values as Record<ThresholdKey, number>, overrides, rejected, commencements };
}

/**
 * The value of `key` in force on `date` (an event's date), or null when no version of it was in
 * force then: the current value (with the LA's override) from its effectiveFrom to its effectiveTo,
 * else the earlier version covering the date. An LA's override tightens the current version only.
 */
export function thresholdOn(
  t: ResolvedThresholds,
  key: ThresholdKey,
  date: IsoDate,
  table: readonly ThresholdDefinition[] = THRESHOLD_TABLE,
): number | null {
  const def = table.find((d) => d.key === key);
  if (!def) return null;
  const within = (v: { effectiveFrom: IsoDate; effectiveTo: IsoDate | null }) =>
    v.effectiveFrom <= date && (v.effectiveTo === null || date <= v.effectiveTo);
  if (within(def)) return t.values[key];
  return def.supersedes?.find(within)?.value ?? null;
}

/** Reintegration follow-ups in school days from the return (labels match domain/movements/reintegration). */
export function checkpointSchedule(values: ThresholdValues): { label: string; schoolDays: number }[] {
  return [
    { label: 'SIX_WEEKS', schoolDays: values.reintegrationCheckpointSixWeeksSchoolDays },
    { label: 'ONE_TERM', schoolDays: values.reintegrationCheckpointOneTermSchoolDays },
    { label: 'TWO_TERMS', schoolDays: values.reintegrationSustainSchoolDays },
  ];
}
