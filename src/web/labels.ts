/**
 * Words for the API's enum values, as a clerk would say them. One table for every page; the
 * nunjucks filter `label(kind)` reads it (`{{ placement.tier | label('tier') }}`).
 */
export const LABELS: Record<string, Record<string, string>> = {
  tier: {
    TIER_1_TARGETED_SUPPORT: 'Tier 1: targeted support',
    TIER_2_TIME_LIMITED: 'Tier 2: time-limited',
    TIER_3_TRANSITIONAL: 'Tier 3: transitional',
  },
  legalBasis: {
    S19_LA_DAY_SIX_PERMANENT_EXCLUSION: 'Section 19: LA’s day-6 duty after a permanent exclusion',
    SCHOOL_DAY_SIX_SUSPENSION: 'School’s day-6 duty during a suspension',
    S29A_OFF_SITE_DIRECTION: 'Section 29A: off-site direction by the school',
    SCHOOL_COMMISSIONED: 'Commissioned by the school',
    S19_HEALTH: 'Section 19: health needs',
    S19_OTHER: 'Section 19: other',
    S42_EHC_PLAN: 'Section 42: named in an EHC plan',
  },
  reason: {
    PERMANENT_EXCLUSION: 'Permanent exclusion',
    SUSPENSION_OVER_FIVE_DAYS: 'Suspension of more than 5 days',
    OFF_SITE_DIRECTION: 'Off-site direction',
    BEHAVIOUR_EARLY_INTERVENTION: 'Early intervention for behaviour',
    HEALTH_NEEDS: 'Health needs',
    AWAITING_SCHOOL_PLACE: 'Awaiting a school place',
    EHCP_NAMED: 'Named in an EHC plan',
    OTHER: 'Other',
  },
  registration: {
    DUAL_REGISTERED: 'Dual registered (school and AP)',
    SINGLE_REGISTERED_AT_AP: 'Single registered at the AP',
    HOME_SCHOOL_ONLY: 'On the home school’s roll only',
    SINGLE: 'Single',
    MAIN: 'Main',
    SUBSIDIARY: 'Subsidiary',
  },
  destination: {
    MAINSTREAM_SCHOOL: 'Return to a mainstream school',
    SPECIAL_SCHOOL: 'A special school',
    ANOTHER_AP: 'Another AP placement',
    POST16_EET: 'Post-16 education, employment or training',
    NEET: 'Not in education, employment or training',
    ELECTIVE_HOME_EDUCATION: 'Elective home education',
    MOVED_OUT_OF_LA: 'Moved out of the LA',
    CHILDREN_MISSING_EDUCATION: 'Child missing education',
    OTHER: 'Other',
  },
  reviewOutcome: { CONTINUE: 'Continue', EXTEND: 'Extend', END: 'End the placement' },
  reintegration: { PENDING: 'Pending', SUSTAINED: 'Sustained', BROKEN_DOWN: 'Broke down' },
  checkpoint: { SUSTAINED: 'Sustained', BROKEN_DOWN: 'Broke down', NOT_KNOWN: 'Not known' },
  checkpointLabel: { SIX_WEEKS: '6 weeks', ONE_TERM: '1 term', TWO_TERMS: '2 terms' },
  status: { OPEN: 'Open', ENDED: 'Ended', ACKNOWLEDGED: 'Acknowledged', RESOLVED: 'Resolved', DISMISSED: 'Dismissed' },
  sen: { NONE: 'None', SEN_SUPPORT: 'SEN support', EHCP: 'EHC plan' },
  socialCare: { NONE: 'None', CHILD_IN_NEED: 'Child in need', CHILD_PROTECTION: 'Child protection plan' },
  sex: { F: 'Female', M: 'Male' },
  exclusion: { SUSPENSION: 'Suspension', PERMANENT: 'Permanent exclusion' },
  // The DfE exclusion reason categories (school census), in the API's order.
  exclusionReason: {
    PHYSICAL_ASSAULT_PUPIL: 'Physical assault against a pupil',
    PHYSICAL_ASSAULT_ADULT: 'Physical assault against an adult',
    VERBAL_ABUSE_PUPIL: 'Verbal abuse or threatening behaviour against a pupil',
    VERBAL_ABUSE_ADULT: 'Verbal abuse or threatening behaviour against an adult',
    BULLYING: 'Bullying',
    RACIST_ABUSE: 'Racist abuse',
    ABUSE_SEXUAL_ORIENTATION_GENDER: 'Abuse against sexual orientation and gender identity',
    ABUSE_DISABILITY: 'Abuse relating to disability',
    SEXUAL_MISCONDUCT: 'Sexual misconduct',
    DRUG_ALCOHOL: 'Drug and alcohol related',
    DAMAGE: 'Damage',
    THEFT: 'Theft',
    PERSISTENT_DISRUPTIVE: 'Persistent disruptive behaviour',
    INAPPROPRIATE_ONLINE: 'Inappropriate use of social media or online technology',
    WILFUL_SAFETY_BREACH: 'Wilful and repeated transgression of protective measures',
    OFFENSIVE_WEAPON: 'Use or threat of use of an offensive weapon or prohibited item',
    OTHER: 'Other',
  },
  governor: {
    PENDING: 'Governors’ decision pending',
    UPHELD: 'Upheld by governors',
    REINSTATED: 'Reinstated by governors',
  },
  role: {
    LA_OFFICER: 'LA officer',
    PANEL_MEMBER: 'Fair access panel',
    SCHOOL_STAFF: 'School',
    PROVIDER_STAFF: 'AP provider',
    ANALYST: 'Analyst',
  },
  commissioner: { LA: 'The local authority', SCHOOL: 'A school' },
  fapCategory: {
    CIN_OR_CP_PLAN: 'Child in need or child protection plan (now or in the last 12 months)',
    REFUGE: 'Living in a refuge or other relevant accommodation',
    CRIMINAL_JUSTICE: 'From the criminal justice system',
    AP_REINTEGRATION_OR_PEX: 'In AP needing reintegration, or permanently excluded but suitable for mainstream',
    SEN_NO_EHCP_DISABILITY_MEDICAL: 'SEN without an EHC plan, disability or medical condition',
    CARER: 'A carer',
    HOMELESS: 'Homeless',
    KINSHIP_CARE: 'In formal kinship care',
    GRT_REFUGEE_ASYLUM: 'Gypsy, Roma, Traveller, refugee or asylum seeker',
    REFUSED_CHALLENGING_BEHAVIOUR: 'Refused a place for challenging behaviour (para 3.10)',
    PLACE_NOT_SOUGHT_EXCEPTIONAL: 'No place sought because of exceptional circumstances',
    OUT_OF_EDUCATION_4_WEEKS: 'Out of education for 4 weeks or more, with no place within reasonable distance',
    PREVIOUSLY_LOOKED_AFTER: 'Previously looked after, and the LA could not promptly secure a place',
  },
  fapOutcome: {
    ALLOCATE_SCHOOL: 'Allocate a school',
    AP_PLACEMENT: 'AP placement',
    MANAGED_MOVE: 'Managed move',
    DEFER: 'Defer to a later meeting',
    NOT_ELIGIBLE: 'Not eligible',
    WITHDRAWN: 'Withdrawn',
  },
  fapStatus: {
    OPEN: 'Open',
    ALLOCATED: 'Allocated',
    PLACED_IN_AP: 'Placed in AP',
    ADMITTED: 'Admitted',
    ROUTED_TO_LA_DIRECTION: 'Routed to LA direction',
    NOT_ELIGIBLE: 'Not eligible',
    WITHDRAWN: 'Withdrawn',
  },
  fapRoute: { LA_DIRECTION: 'LA direction', SECRETARY_OF_STATE_DIRECTION: 'Secretary of State direction' },
  fapDirectionOutcome: {
    DIRECTED: 'Directed to admit',
    NOT_DIRECTED: 'Not directed',
    SCHOOL_AGREED: 'School agreed',
    WITHDRAWN: 'Withdrawn',
  },
  referringParty: { SCHOOL: 'A school', LA_SERVICE: 'An LA service', PARENT_CARER: 'A parent or carer' },
  event: {
    PUPIL_REGISTERED: 'Pupil added',
    CHARACTERISTICS_CHANGED: 'Characteristics changed',
    ENROLLED: 'Joined a school roll',
    LEFT_ROLL: 'Left a school roll',
    PLACEMENT_STARTED: 'AP placement started',
    PLACEMENT_REVIEWED: 'Placement reviewed',
    PLACEMENT_HOURS_CHANGED: 'Hours changed',
    PLACEMENT_ENDED: 'AP placement ended',
    REINTEGRATION_STARTED: 'Reintegration started',
    REINTEGRATION_CHECKPOINT_REPORTED: 'Reintegration checkpoint reported',
    SUSPENSION_RECORDED: 'Suspension',
    PERMANENT_EXCLUSION_RECORDED: 'Permanent exclusion',
    GOVERNOR_DECISION_RECORDED: 'Governors’ decision',
    FAIR_ACCESS_REFERRED: 'Referred to the fair access panel',
    FAIR_ACCESS_AGREED_TO_CONSIDER: 'Panel agreed to consider',
    FAIR_ACCESS_DECISION: 'Fair access panel decision',
    FAIR_ACCESS_SCHOOL_RESPONSE: 'School responded to the panel',
    FAIR_ACCESS_DIRECTION_REQUESTED: 'Direction requested',
    FAIR_ACCESS_DIRECTION_OUTCOME: 'Direction outcome',
    FAIR_ACCESS_ADMITTED: 'Admitted through fair access',
    CORRECTION: 'Correction',
  },
  /** Where a threshold's figure comes from (domain.md's status of each source). */
  sourceStatus: {
    LAW: 'Law',
    STATUTORY_GUIDANCE: 'Statutory guidance',
    PROPOSAL: 'Proposal (not yet law)',
    LOCAL_PRACTICE: 'Local practice',
    DESIGN_DEFAULT: 'Service default (no national figure)',
  },
};

export function label(value: unknown, kind: string): string {
  if (value === null || value === undefined || value === '') return '';
  const s = String(value);
  return (
    LABELS[kind]?.[s] ??
    s
      .replace(/_/g, ' ')
      .toLowerCase()
      .replace(/^./, (c) => c.toUpperCase())
  );
}

/** govukSelect / govukRadios items for an enum kind, in the table's order, with the current value chosen. */
export function optionsFor(
  kind: string,
  current?: string | null,
  values?: readonly string[],
): { value: string; text: string; selected?: boolean; checked?: boolean }[] {
  const table = LABELS[kind] ?? {};
  return (values ?? Object.keys(table)).map((v) => ({
    value: v,
    text: table[v] ?? v,
    selected: v === current,
    checked: v === current,
  }));
}
