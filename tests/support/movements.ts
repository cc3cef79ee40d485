import { IDS } from './fixtures';

export const PLACEMENT_FIELDS = `id status startDate plannedEndDate endDate hoursPerWeek tier reason legalBasis nextReviewDue lastReviewDate
  destination provider { id name } commissioningSchool { id } previousPlacement { id } nextPlacement { id }`;

export const COMMISSION = `mutation($input: CommissionPlacementInput!, $key: String) {
  commissionPlacement(input: $input, clientKey: $key) { ${PLACEMENT_FIELDS} } }`;
export const REVIEW = `mutation($input: PlacementReviewInput!, $key: String) { recordPlacementReview(input: $input, clientKey: $key) { ${PLACEMENT_FIELDS} } }`;
export const END = `mutation($input: EndPlacementInput!, $key: String) {
  endPlacement(input: $input, clientKey: $key) { ended { ${PLACEMENT_FIELDS} } next { ${PLACEMENT_FIELDS} }
    reintegration { id status startDate school { id } checkpoints { label dueDate isFinal outcome } } } }`;
export const HOURS = `mutation($input: ChangeHoursInput!, $key: String) { changePlacementHours(input: $input, clientKey: $key) { id hoursPerWeek } }`;
export const CHECKPOINT = `mutation($input: CheckpointReportInput!) { reportReintegrationCheckpoint(input: $input) { id status checkpoints { label outcome reportedOn } } }`;
export const SUSPEND = `mutation($input: SuspensionInput!, $key: String) { recordSuspension(input: $input, clientKey: $key) { id schoolDays academicYear daySixDate } }`;
export const EXCLUDE = `mutation($input: PermanentExclusionInput!) { recordPermanentExclusion(input: $input) { id daySixDate academicYear governorOutcome } }`;

/** The fields of CommissionPlacementInput that are the commission's own; the rest are its `placement`'s. */
const COMMISSION_OWN = new Set([
  'pupilId',
  'commissionerKind',
  'commissioningSchoolId',
  'directionNoticeDate',
  'directionNotice',
  'ehcpLaNoticeDate',
  'note',
]);

/**
 * A commission's input from its fields written flat (as tests vary them): the commission's own at the top, the
 * placement's under `placement` (CommissionPlacementInput).
 */
export function commissionInput(flat: Record<string, unknown>) {
  const own: Record<string, unknown> = {};
  const placement: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(flat)) (COMMISSION_OWN.has(k) ? own : placement)[k] = v;
  return { ...own, placement };
}

/** A complete, valid LA-commissioned tier 2 placement at the PRU; override what a test varies (flat). */
export function placementInput(pupilId: string, overrides: Record<string, unknown> = {}) {
  return commissionInput(placementFields(pupilId, overrides));
}

/** The same, flat: for a test that varies it further before nesting it with commissionInput. */
export function placementFields(pupilId: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    pupilId,
    providerId: IDS.pru,
    commissionerKind: 'LA',
    reason: 'PERMANENT_EXCLUSION',
    tier: 'TIER_2_TIME_LIMITED',
    startDate: '2025-10-20',
    plannedEndDate: '2026-02-13',
    hoursPerWeek: 25,
    registration: 'DUAL_REGISTERED',
    objectives: 'Re-engage with learning; stabilise behaviour.',
    reintegrationPlan: 'Phased return to a mainstream school after assessment.',
    registrationConfirmed: true,
    note: 'Day-6 provision after permanent exclusion.',
    ...overrides,
  };
}

/** School-commissioned placement at an unregistered provider (needs written safeguarding confirmation, rule U4). */
export function unregisteredInput(pupilId: string, overrides: Record<string, unknown> = {}) {
  return placementInput(pupilId, {
    providerId: IDS.unregUkprn,
    commissionerKind: 'SCHOOL',
    commissioningSchoolId: IDS.secondaryA,
    reason: 'BEHAVIOUR_EARLY_INTERVENTION',
    tier: 'TIER_1_TARGETED_SUPPORT',
    plannedEndDate: null,
    hoursPerWeek: 6,
    registration: 'HOME_SCHOOL_ONLY',
    safeguardingConfirmedOn: '2025-10-01',
    laNotifiedOn: '2025-10-10',
    ...overrides,
  });
}
