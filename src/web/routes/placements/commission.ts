import { checked, dateField, numberField, optional, text, type Body } from '../../forms/formValues';

type Problem = { field: string; message: string };

/** Where each field of the placement (PlacementInput) is on the form. */
const PLACEMENT_ANCHORS: Record<string, string> = {
  providerId: 'providerId',
  reason: 'reason',
  reasonOther: 'reasonOther',
  tier: 'tier',
  startDate: 'startDate-day',
  plannedEndDate: 'plannedEndDate-day',
  hoursPerWeek: 'hoursPerWeek',
  registration: 'registration',
  objectives: 'objectives',
  reintegrationPlan: 'reintegrationPlan',
  readinessCriteria: 'readinessCriteria',
  maximumPeriodSchoolDays: 'maximumPeriodSchoolDays',
  registrationConfirmed: 'registrationConfirmed',
  safeguardingConfirmedOn: 'safeguardingConfirmedOn-day',
  safeguardingLead: 'safeguardingLead',
  providerUrn: 'providerId',
  providerUkprn: 'providerId',
  settingType: 'providerId',
};

/**
 * Where each API field of CommissionPlacementInput is on the form: the commission's own fields, the placement's
 * as the API names them (`placement.hoursPerWeek`), and unprefixed for the page's own checks and the preview.
 */
export const COMMISSION_ANCHORS: Record<string, string> = {
  commissionerKind: 'commissionerKind',
  commissioningSchoolId: 'commissioningSchoolId',
  note: 'note',
  directionNoticeDate: 'reason',
  directionNotice: 'reason',
  ...PLACEMENT_ANCHORS,
  ...Object.fromEntries(Object.entries(PLACEMENT_ANCHORS).map(([k, v]) => [`placement.${k}`, v])),
};

export const COMMISSION_DATES = ['startDate', 'plannedEndDate', 'safeguardingConfirmedOn'];

/**
 * The commissioning form's answers as the mutation's input. Only what the page itself can tell
 * (a date that is not a date, an answer left empty that decides the next step) is a problem here;
 * every rule is the API's.
 */
export function commissionInput(
  b: Body,
  pupilId: string,
  schoolOfStaff: string | null,
): { input: CommissionInput; problems: Problem[] } {
  const problems: Problem[] = [];
  const startDate = dateField(b, 'startDate', problems, 'The start date');
  const plannedEndDate = dateField(b, 'plannedEndDate', problems, 'The planned end date');
  const safeguardingConfirmedOn = dateField(
    b,
    'safeguardingConfirmedOn',
    problems,
    'The date safeguarding checks were confirmed',
  );
  const hoursPerWeek = numberField(b, 'hoursPerWeek', problems, 'Hours per week');
  const maximumPeriodSchoolDays = numberField(b, 'maximumPeriodSchoolDays', problems, 'The maximum period');
  const commissionerKind = schoolOfStaff ? 'SCHOOL' : text(b, 'commissionerKind');
  if (!text(b, 'providerId')) problems.push({ field: 'providerId', message: 'Select the AP provider.' });
  if (!commissionerKind) problems.push({ field: 'commissionerKind', message: 'Select who commissions the placement.' });
  if (!text(b, 'reason')) problems.push({ field: 'reason', message: 'Select the reason for the placement.' });
  if (!text(b, 'tier')) problems.push({ field: 'tier', message: 'Select the tier.' });
  if (!startDate && !problems.some((p) => p.field === 'startDate'))
    problems.push({ field: 'startDate', message: 'Enter the start date.' });
  if (hoursPerWeek === undefined && !problems.some((p) => p.field === 'hoursPerWeek'))
    problems.push({ field: 'hoursPerWeek', message: 'Enter the hours per week.' });
  if (!text(b, 'registration'))
    problems.push({ field: 'registration', message: 'Select how the pupil is registered.' });
  const input = {
    pupilId,
    commissionerKind,
    commissioningSchoolId:
      commissionerKind === 'SCHOOL' ? (schoolOfStaff ?? optional(b, 'commissioningSchoolId')) : undefined,
    placement: {
      providerId: text(b, 'providerId'),
      reason: text(b, 'reason'),
      reasonOther: optional(b, 'reasonOther'),
      tier: text(b, 'tier'),
      startDate,
      plannedEndDate,
      hoursPerWeek,
      registration: text(b, 'registration'),
      objectives: text(b, 'objectives'),
      reintegrationPlan: text(b, 'reintegrationPlan'),
      readinessCriteria: optional(b, 'readinessCriteria'),
      maximumPeriodSchoolDays,
      registrationConfirmed: checked(b, 'registrationConfirmed'),
      safeguardingConfirmedOn,
      safeguardingLead: optional(b, 'safeguardingLead'),
    },
    note: text(b, 'note'),
  };
  return { input, problems };
}

export interface CommissionInput {
  pupilId: string;
  commissionerKind: string;
  commissioningSchoolId: string | undefined;
  placement: Record<string, unknown> & { providerId: string; reason: string; startDate: string | undefined };
  note: string;
}

/** The form's own fields, kept between the form, its check page and a refusal. */
export const COMMISSION_FIELDS = [
  'providerId',
  'commissionerKind',
  'commissioningSchoolId',
  'reason',
  'reasonOther',
  'tier',
  'hoursPerWeek',
  'registration',
  'objectives',
  'reintegrationPlan',
  'readinessCriteria',
  'maximumPeriodSchoolDays',
  'registrationConfirmed',
  'safeguardingLead',
  'note',
  ...COMMISSION_DATES.flatMap((d) => [`${d}-day`, `${d}-month`, `${d}-year`]),
];

export function keepFields(b: Body): Record<string, string> {
  return Object.fromEntries(COMMISSION_FIELDS.map((f) => [f, text(b, f)]));
}
