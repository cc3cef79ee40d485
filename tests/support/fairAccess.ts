import type { PrismaClient } from '../../src/generated/prisma/client';
import type { TestApi } from './api';

export const TIMELINESS = `timeliness(asOf: $asOf) { asOf clockStartedOn allocateBy schoolDaysElapsed schoolDaysRemaining overdue schoolDaysOverdue
  allocatedOn allocatedWithinTarget admissionDeadline admissionOverdue startBy startOverdue admittedOn timeToPlaceSchoolDays }`;

export const DECISION_FIELDS = `id outcome rationale decidedBy current admissionDeadline placementId overrideReason recordedAt
  meeting { id meetingDate } allocatedSchool { id } whoseTurnSchool { id } deferredToMeeting { id }
  supersedes { id } supersededBy { id }
  response { id outcome respondedOn respondBy refusalGrounds forbiddenGrounds onForbiddenGround school { id } }
  direction { id route basis requestedOn outcome outcomeOn adjudicatorReferralDeadline academyAnswerBy }`;

export const REFERRAL_FIELDS = `id status route categories referredOn agreedToConsiderOn admittedOn closedOn yearGroupSought senStatus currentlyLookedAfter
  pupil { id } admittedSchool { id } previousSchools { id } currentDecision { id outcome } decisions { id outcome }`;

export const REFER = `mutation($input: FairAccessReferralInput!, $key: String) { referForFairAccess(input: $input, clientKey: $key) { ${REFERRAL_FIELDS} } }`;
export const AGREE = `mutation($input: AgreeToConsiderInput!, $key: String) { agreeToConsiderReferral(input: $input, clientKey: $key) { id agreedToConsiderOn } }`;
export const MEETING = `mutation($input: PanelMeetingInput!, $key: String) { schedulePanelMeeting(input: $input, clientKey: $key) { id meetingDate attendingOrganisations } }`;
export const DECIDE = `mutation($input: PanelDecisionInput!, $key: String) { recordPanelDecision(input: $input, clientKey: $key) { ${DECISION_FIELDS} } }`;
export const RESPOND = `mutation($input: SchoolResponseInput!, $key: String) { recordSchoolResponse(input: $input, clientKey: $key) { ${DECISION_FIELDS} } }`;
export const DIRECT = `mutation($input: DirectionRequestInput!, $key: String) { requestDirection(input: $input, clientKey: $key) {
  id route basis laIsAdmissionAuthority requestedOn adjudicatorReferralDeadline academyAnswerBy outcome school { id } } }`;
export const DIRECTION_OUTCOME = `mutation($input: DirectionOutcomeInput!, $key: String) { recordDirectionOutcome(input: $input, clientKey: $key) { id outcome outcomeOn adjudicatorReferredOn } }`;
export const ADMIT = `mutation($input: FairAccessAdmissionInput!, $key: String) { recordFairAccessAdmission(input: $input, clientKey: $key) { ${REFERRAL_FIELDS} } }`;
export const REFERRAL = `query($id: UUID!, $asOf: LocalDate) { fairAccessReferral(id: $id) { ${REFERRAL_FIELDS} ${TIMELINESS} } }`;

/** A complete, eligible referral (Year 9, agreed to be considered the day it was referred); override what a test varies. */
export function referralInput(pupilId: string, overrides: Record<string, unknown> = {}) {
  return {
    pupilId,
    referringParty: 'LA_SERVICE',
    referrerName: 'Inclusion team',
    referredOn: '2025-10-06',
    categories: ['AP_REINTEGRATION_OR_PEX'],
    yearGroupSought: 9,
    context: 'Permanently excluded in the summer; assessed as ready for mainstream.',
    inYearAttempts: 'Two in-year applications refused as full.',
    agreedToConsiderOn: '2025-10-06',
    ...overrides,
  };
}

/** The rows a fair access write can touch: "nothing written" compares these before and after. */
export async function rowCounts(prisma: PrismaClient) {
  const [referrals, meetings, decisions, responses, directions, placements, enrolments, events, outbox] =
    await Promise.all([
      prisma.fairAccessReferral.count(),
      prisma.fairAccessPanelMeeting.count(),
      prisma.fairAccessDecision.count(),
      prisma.fairAccessSchoolResponse.count(),
      prisma.fairAccessDirection.count(),
      prisma.placement.count(),
      prisma.enrolment.count(),
      prisma.pupilEvent.count(),
      prisma.outboxEvent.count(),
    ]);
  return { referrals, meetings, decisions, responses, directions, placements, enrolments, events, outbox };
}

export interface FapClient {
  refer(token: string, pupilId: string, overrides?: Record<string, unknown>): Promise<any>;
  meeting(token: string, meetingDate: string): Promise<string>;
  decide(token: string, input: Record<string, unknown>): Promise<any>;
}

/** Thin helpers that fail loudly, so a test's own assertions stay about what it tests. */
export function fapClient(api: TestApi): FapClient {
  const ok = (r: { data?: any; errors?: unknown[] }, what: string) => {
    if (r.errors?.length) throw new Error(`${what} failed: ${JSON.stringify(r.errors)}`);
    return r.data;
  };
  return {
    async refer(token, pupilId, overrides = {}) {
      return ok(await api.gql(token, REFER, { input: referralInput(pupilId, overrides) }), 'refer').referForFairAccess;
    },
    async meeting(token, meetingDate) {
      return ok(
        await api.gql(token, MEETING, {
          input: { meetingDate, attendingOrganisations: ['LA admissions', 'Secondary headteachers'] },
        }),
        'meeting',
      ).schedulePanelMeeting.id;
    },
    async decide(token, input) {
      return ok(
        await api.gql(token, DECIDE, {
          input: {
            rationale: 'Panel agreed.',
            decidedBy: 'Fair access panel (chair: J. Ellis)',
            overrideReason: 'Test override',
            ...input,
          },
        }),
        'decide',
      ).recordPanelDecision;
    },
  };
}
