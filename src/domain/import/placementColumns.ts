import type { ApTier, CommissionerKind, Destination, PlacementReason, PlacementRegistration, Sex } from '../enums';

/**
 * The placement import's fields: one row per placement (docs/import.md lists them; the template's headers
 * are the `header` values). `synonyms` are other sheets' headers the suggested mapping recognises,
 * compared after lower-casing and dropping everything but letters and digits.
 */
export type FieldKind = 'text' | 'date' | 'number' | 'enum';

export interface ImportField {
  field: string;
  header: string;
  kind: FieldKind;
  /** Plain English for docs/import.md and the refusals. */
  label: string;
  required: boolean;
  synonyms: string[];
  /** For enum fields: our values, and common spellings of them in LA and MIS sheets. */
  values?: Record<string, string[]>;
}

const REASONS: Record<PlacementReason, string[]> = {
  PERMANENT_EXCLUSION: ['pex', 'perm ex', 'permex', 'permanent exclusion', 'permanently excluded', 'pe'],
  SUSPENSION_OVER_FIVE_DAYS: ['suspension', 'fte', 'fixed term exclusion', 'fixed term', 'susp'],
  OFF_SITE_DIRECTION: ['off site direction', 'offsite direction', 'off-site direction', 'direction', 's29a'],
  BEHAVIOUR_EARLY_INTERVENTION: ['behaviour', 'early intervention', 'behaviour early intervention', 'prevention'],
  HEALTH_NEEDS: ['medical', 'health', 'health needs', 'medical needs', 'mental health'],
  AWAITING_SCHOOL_PLACE: ['awaiting place', 'awaiting school place', 'no school place', 'new to area'],
  EHCP_NAMED: ['ehcp', 'ehcp named', 'named in ehcp', 'ehc plan'],
  OTHER: ['other'],
};
const TIERS: Record<ApTier, string[]> = {
  TIER_1_TARGETED_SUPPORT: ['1', 'tier 1', 't1', 'targeted', 'targeted support'],
  TIER_2_TIME_LIMITED: ['2', 'tier 2', 't2', 'time limited', 'time-limited'],
  TIER_3_TRANSITIONAL: ['3', 'tier 3', 't3', 'transitional', 'long term'],
};
const COMMISSIONERS: Record<CommissionerKind, string[]> = {
  SCHOOL: ['school', 'sch', 'school commissioned', 'school arranged'],
  LA: ['la', 'local authority', 'council', 'la commissioned', 'la arranged'],
};
const REGISTRATIONS: Record<PlacementRegistration, string[]> = {
  DUAL_REGISTERED: ['dual', 'dual registered', 'd'],
  SINGLE_REGISTERED_AT_AP: ['single', 'single registered', 'single at ap', 's'],
  HOME_SCHOOL_ONLY: ['home school only', 'home school', 'school roll only', 'h'],
};
const DESTINATIONS: Record<Destination, string[]> = {
  MAINSTREAM_SCHOOL: ['mainstream', 'mainstream school', 'returned to school', 'reintegrated'],
  SPECIAL_SCHOOL: ['special', 'special school'],
  ANOTHER_AP: ['another ap', 'other ap', 'ap'],
  POST16_EET: ['post 16', 'post16', 'college', 'eet', 'employment'],
  NEET: ['neet'],
  ELECTIVE_HOME_EDUCATION: ['ehe', 'home education', 'elective home education'],
  MOVED_OUT_OF_LA: ['moved', 'moved la', 'moved out of la', 'moved away'],
  CHILDREN_MISSING_EDUCATION: ['cme', 'missing education', 'children missing education'],
  OTHER: ['other'],
};
const SEXES: Record<Sex, string[]> = { F: ['f', 'female', 'girl'], M: ['m', 'male', 'boy'] };

export const PLACEMENT_FIELDS: readonly ImportField[] = [
  {
    field: 'upn',
    header: 'UPN',
    kind: 'text',
    label: 'UPN',
    required: true,
    synonyms: ['upn', 'uniquepupilnumber', 'pupilupn'],
  },
  {
    field: 'firstName',
    header: 'First name',
    kind: 'text',
    label: 'first name',
    required: false,
    synonyms: ['firstname', 'forename', 'forenames', 'givenname', 'legalforename'],
  },
  {
    field: 'lastName',
    header: 'Last name',
    kind: 'text',
    label: 'last name',
    required: false,
    synonyms: ['lastname', 'surname', 'familyname', 'legalsurname'],
  },
  {
    field: 'fullName',
    header: 'Full name',
    kind: 'text',
    label: 'full name (one column: "Surname, Forename" or "Forename Surname")',
    required: false,
    synonyms: ['name', 'fullname', 'pupilname', 'childname', 'studentname'],
  },
  {
    field: 'dateOfBirth',
    header: 'Date of birth',
    kind: 'date',
    label: 'date of birth',
    required: false,
    synonyms: ['dateofbirth', 'dob', 'birthdate'],
  },
  {
    field: 'sex',
    header: 'Sex',
    kind: 'enum',
    label: 'sex',
    required: false,
    synonyms: ['sex', 'gender'],
    values: SEXES,
  },
  {
    field: 'commissioner',
    header: 'Commissioner',
    kind: 'enum',
    label: 'who commissioned it (school or LA)',
    required: true,
    synonyms: ['commissioner', 'commissionedby', 'arrangedby', 'funder'],
    values: COMMISSIONERS,
  },
  {
    field: 'schoolUrn',
    header: 'Commissioning school URN',
    kind: 'text',
    label: 'commissioning school URN',
    required: false,
    synonyms: ['commissioningschoolurn', 'schoolurn', 'homeschoolurn', 'urnofschool'],
  },
  {
    field: 'providerUrn',
    header: 'Provider URN',
    kind: 'text',
    label: 'provider URN',
    required: false,
    synonyms: ['providerurn', 'apurn', 'settingurn'],
  },
  {
    field: 'providerUkprn',
    header: 'Provider UKPRN',
    kind: 'text',
    label: 'provider UKPRN',
    required: false,
    synonyms: ['providerukprn', 'ukprn'],
  },
  {
    field: 'settingType',
    header: 'Setting type',
    kind: 'text',
    label: 'AP setting type (NFE, OOT, OTH, WBP)',
    required: false,
    synonyms: ['settingtype', 'apsettingtype'],
  },
  {
    field: 'providerName',
    header: 'Provider name',
    kind: 'text',
    label: 'provider name (matches a provider known only by its setting type)',
    required: false,
    synonyms: ['providername', 'provider', 'approvider', 'setting', 'placementprovider'],
  },
  {
    field: 'reason',
    header: 'Reason',
    kind: 'enum',
    label: 'primary reason for placement',
    required: true,
    synonyms: ['reason', 'placementreason', 'reasonforplacement', 'primaryreason'],
    values: REASONS,
  },
  {
    field: 'reasonOther',
    header: 'Other reason',
    kind: 'text',
    label: 'the other reason, when the reason is Other',
    required: false,
    synonyms: ['otherreason', 'reasondetail', 'reasonother'],
  },
  {
    field: 'tier',
    header: 'Tier',
    kind: 'enum',
    label: 'AP tier (1, 2 or 3)',
    required: true,
    synonyms: ['tier', 'aptier'],
    values: TIERS,
  },
  {
    field: 'startDate',
    header: 'Start date',
    kind: 'date',
    label: 'start date',
    required: true,
    synonyms: ['startdate', 'start', 'datestarted', 'placementstart', 'from'],
  },
  {
    field: 'plannedEndDate',
    header: 'Planned end date',
    kind: 'date',
    label: 'planned end date',
    required: false,
    synonyms: ['plannedenddate', 'plannedend', 'expectedenddate', 'reviewenddate'],
  },
  {
    field: 'hoursPerWeek',
    header: 'Hours per week',
    kind: 'number',
    label: 'hours a week',
    required: true,
    synonyms: ['hoursperweek', 'hours', 'weeklyhours', 'hrsperweek', 'hrs'],
  },
  {
    field: 'registration',
    header: 'Registration',
    kind: 'enum',
    label: 'registration (dual, single at the AP, home school only)',
    required: true,
    synonyms: ['registration', 'registrationtype', 'roll'],
    values: REGISTRATIONS,
  },
  {
    field: 'endDate',
    header: 'End date',
    kind: 'date',
    label: 'end date',
    required: false,
    synonyms: ['enddate', 'end', 'dateended', 'leavingdate', 'to'],
  },
  {
    field: 'destination',
    header: 'Destination',
    kind: 'enum',
    label: 'destination when it ended',
    required: false,
    synonyms: ['destination', 'outcome', 'destinationafter'],
    values: DESTINATIONS,
  },
  {
    field: 'objectives',
    header: 'Objectives',
    kind: 'text',
    label: 'objectives',
    required: false,
    synonyms: ['objectives', 'aims', 'placementobjectives'],
  },
  {
    field: 'reintegrationPlan',
    header: 'Reintegration plan',
    kind: 'text',
    label: 'reintegration plan',
    required: false,
    synonyms: ['reintegrationplan', 'exitplan', 'nextsteps'],
  },
  {
    field: 'safeguardingConfirmedOn',
    header: 'Safeguarding confirmed on',
    kind: 'date',
    label: 'date safeguarding checks were confirmed in writing',
    required: false,
    synonyms: ['safeguardingconfirmedon', 'safeguardingchecks', 'safeguardingdate', 'dbsconfirmed'],
  },
  {
    field: 'directionNoticeDate',
    header: 'Direction notice date',
    kind: 'date',
    label: 'date of written notice of an off-site direction',
    required: false,
    synonyms: ['directionnoticedate', 'noticedate'],
  },
];

export const PLACEMENT_FIELD_NAMES = PLACEMENT_FIELDS.map((f) => f.field);
export const placementField = (name: string): ImportField | undefined => PLACEMENT_FIELDS.find((f) => f.field === name);

/** The template: the headers in order, one example row (a valid check letter, LA 373). */
export function placementTemplateCsv(): string {
  const example: Record<string, string> = {
    upn: 'H801200001001',
    firstName: 'Sam',
    lastName: 'Example',
    dateOfBirth: '2011-02-14',
    sex: 'M',
    commissioner: 'LA',
    providerUrn: '100005',
    reason: 'PERMANENT_EXCLUSION',
    tier: 'TIER_2_TIME_LIMITED',
    startDate: '2025-09-08',
    plannedEndDate: '2025-12-19',
    hoursPerWeek: '25',
    registration: 'DUAL_REGISTERED',
    objectives: 'Stabilise attendance',
    reintegrationPlan: 'Return to mainstream in January',
  };
  const cols = PLACEMENT_FIELDS.filter((f) => f.field !== 'fullName');
  return `${cols.map((f) => f.header).join(',')}\r\n${cols.map((f) => example[f.field] ?? '').join(',')}\r\n`;
}
