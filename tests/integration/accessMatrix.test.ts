import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { getNamedType, isObjectType, type GraphQLField, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { useApiWorld } from '../support/apiWorld';
import { IDS, makeUpn, type UserKey } from '../support/fixtures';
import { buildAccessWorld, type AccessWorld, type Relationship } from '../support/accessWorld';
import { placementInput, unregisteredInput } from '../support/movements';
import { referralInput } from '../support/fairAccess';
import { buildSchema } from '../../src/graphql/buildSchema';
import { CONDITIONS, FIELD_ACTIONS, PERMISSIONS, conditionFor, type Action } from '../../src/access/permissions';
import type { Role } from '../../src/generated/prisma/enums';

/**
 * Issue 11: every Query and Mutation field × every role × (own record, another organisation's record in
 * the same LA, another LA's record). The expectation comes from the permission table: a role with a
 * condition for the field's action may act on its own record, and on the others only where the condition
 * is LA-wide; anything else must be answered byte for byte like a random UUID (a missing record). The
 * fields are read from the built schema, so a field added without a rule or a probe here fails.
 */

type Q = [query: string, variables: Record<string, unknown>];
type Subject = Exclude<keyof AccessWorld, 'placementProvider' | 'placementSchool'>;
const USERS: Record<Role, UserKey> = {
  LA_OFFICER: 'laOfficer',
  PANEL_MEMBER: 'panel',
  SCHOOL_STAFF: 'secondaryStaff',
  PROVIDER_STAFF: 'pruStaff',
  ANALYST: 'analyst',
};
const OWN_SCHOOL: Partial<Record<Role, string>> = { SCHOOL_STAFF: IDS.secondaryA };
// Inside the supported date range (1950–2099) but more than a year ahead: refused after the record is found.
const FUTURE = '2098-06-01';

interface RecordProbe {
  subject: Subject;
  call: (id: string, role: Role) => Q;
  /** Lists keyed by an organisation: the record counts as reached when its ID is in the answer. */
  reached?: (data: any, id: string) => boolean;
  /** A second action whose condition must also hold (a timeline needs the pupil). */
  alsoNeeds?: Action;
  /** How to make a missing record of this kind (default: a random UUID). */
  missing?: () => string;
}
interface RoleProbe {
  call: (role: Role) => Q;
}
type Probe = { record: RecordProbe } | { role: RoleProbe };

const q =
  (text: string) =>
  (vars: Record<string, unknown>): Q => [text, vars];
const schoolFor = (role: Role) => OWN_SCHOOL[role] ?? IDS.secondaryA;

// The world, for probes that name a second record (set when the suite's world is built).
let world: AccessWorld | undefined;

const PROBES: Record<'Query' | 'Mutation', Record<string, Probe>> = {
  Query: {
    me: { role: { call: () => q('{ me { role } }')({}) } },
    schools: { role: { call: () => q('{ schools { totalCount } }')({}) } },
    school: { record: { subject: 'school', call: (id) => q('query($id: UUID!) { school(id: $id) { id } }')({ id }) } },
    providers: { role: { call: () => q('{ providers { id } }')({}) } },
    provider: {
      record: { subject: 'provider', call: (id) => q('query($id: UUID!) { provider(id: $id) { id } }')({ id }) },
    },
    pupil: {
      record: { subject: 'pupil', call: (id) => q('query($id: UUID!) { pupil(id: $id) { id dateOfBirth } }')({ id }) },
    },
    pupilByUpn: {
      record: {
        subject: 'upn',
        missing: () => makeUpn(),
        call: (upn) => q('query($upn: String!) { pupilByUpn(upn: $upn) { id } }')({ upn }),
      },
    },
    pupils: {
      record: {
        subject: 'pupil',
        call: () => q('{ pupils(first: 200) { nodes { id } } }')({}),
        reached: (d, id) => d.pupils.nodes.some((n: any) => n.id === id),
      },
    },
    schoolDays: { role: { call: () => q('{ schoolDays(from: "2026-09-01", to: "2026-09-30") { schoolDays } }')({}) } },
    placement: {
      record: {
        subject: 'placement',
        call: (id) => q('query($id: UUID!) { placement(id: $id) { id objectives } }')({ id }),
      },
    },
    placements: {
      record: {
        subject: 'placement',
        call: () => q('{ placements(filter: {}, first: 500) { id } }')({}),
        reached: (d, id) => d.placements.some((p: any) => p.id === id),
      },
    },
    placementPreview: {
      record: {
        subject: 'pupil',
        call: (id) =>
          q('query($i: PlacementPreviewInput!) { placementPreview(input: $i) { firstReviewDue } }')({
            i: { pupilId: id, commissionerKind: 'LA', reason: 'PERMANENT_EXCLUSION', startDate: '2026-10-05' },
          }),
      },
    },
    reintegration: {
      record: {
        subject: 'reintegration',
        call: (id) => q('query($id: UUID!) { reintegration(id: $id) { id } }')({ id }),
      },
    },
    reintegrations: {
      record: {
        subject: 'reintegration',
        call: () => q('{ reintegrations(filter: {}, first: 500) { id } }')({}),
        reached: (d, id) => d.reintegrations.some((r: any) => r.id === id),
      },
    },
    censusApPlacementsCsv: {
      role: { call: () => q('{ censusApPlacementsCsv(censusDate: "2026-01-15") { rowCount } }')({}) },
    },
    childrenNotInSchoolCsv: {
      role: { call: () => q('{ childrenNotInSchoolCsv(registerDate: "2026-09-15") { rowCount } }')({}) },
    },
    importJob: {
      record: {
        subject: 'importBatch',
        call: (id) => q('query($id: UUID!) { importJob(id: $id) { id status } }')({ id }),
      },
    },
    importUpload: {
      record: {
        subject: 'importUpload',
        call: (id) => q('query($id: UUID!) { importUpload(id: $id) { id headers } }')({ id }),
      },
    },
    importMappings: { role: { call: () => q('{ importMappings(kind: PLACEMENTS) { source } }')({}) } },
    pupilHistoryPack: {
      record: {
        subject: 'pupil',
        call: (id) => q('query($id: UUID!) { pupilHistoryPack(pupilId: $id) { pupilId format } }')({ id }),
      },
    },
    transferKeys: { role: { call: () => q('{ transferKeys { own { kid } trusted { kid } } }')({}) } },
    subjectAccessExport: {
      record: {
        subject: 'pupil',
        call: (id) => q('query($id: UUID!) { subjectAccessExport(pupilId: $id) { pupilId } }')({ id }),
      },
    },
    retentionReviews: {
      record: {
        subject: 'retentionReview',
        call: () => q('{ retentionReviews(first: 500) { nodes { id } } }')({}),
        reached: (d, id) => d.retentionReviews.nodes.some((n: any) => n.id === id),
      },
    },
    pupilTimeline: {
      record: {
        subject: 'pupil',
        alsoNeeds: 'pupil.read',
        call: (id) => q('query($id: UUID!) { pupilTimeline(pupilId: $id) { id } }')({ id }),
      },
    },
    pupilWhereabouts: {
      record: {
        subject: 'pupil',
        call: (id) => q('query($id: UUID!) { pupilWhereabouts(pupilId: $id, on: "2026-10-01") { summary } }')({ id }),
      },
    },
    providerRoll: {
      record: {
        subject: 'placement',
        call: () => ['', {}],
        reached: (d, id) => d.providerRoll.some((p: any) => p.id === id),
      },
    },
    schoolPupilsInAp: {
      record: {
        subject: 'placement',
        call: () => ['', {}],
        reached: (d, id) => d.schoolPupilsInAp.some((p: any) => p.id === id),
      },
    },
    exclusion: {
      record: { subject: 'exclusion', call: (id) => q('query($id: UUID!) { exclusion(id: $id) { id } }')({ id }) },
    },
    suspensionTotal: {
      record: {
        subject: 'pupil',
        call: (id) =>
          q('query($id: UUID!) { suspensionTotal(pupilId: $id, academicYear: "2026-27") { schoolDays } }')({ id }),
      },
    },
    flags: {
      record: {
        subject: 'flag',
        call: () => q('{ flags(first: 200) { nodes { id } } }')({}),
        reached: (d, id) => d.flags.nodes.some((n: any) => n.id === id),
      },
    },
    flag: { record: { subject: 'flag', call: (id) => q('query($id: UUID!) { flag(id: $id) { id } }')({ id }) } },
    flagRules: { role: { call: () => q('{ flagRules { ruleId } }')({}) } },
    thresholds: { role: { call: () => q('{ thresholds { key } }')({}) } },
    fairAccessReferral: {
      record: {
        subject: 'referral',
        call: (id) => q('query($id: UUID!) { fairAccessReferral(id: $id) { id } }')({ id }),
      },
    },
    fairAccessReferrals: {
      record: {
        subject: 'referral',
        call: () => q('{ fairAccessReferrals(first: 200) { nodes { id } } }')({}),
        reached: (d, id) => d.fairAccessReferrals.nodes.some((n: any) => n.id === id),
      },
    },
    panelMeetings: {
      record: {
        subject: 'meeting',
        call: () => q('{ panelMeetings { id } }')({}),
        reached: (d, id) => d.panelMeetings.some((m: any) => m.id === id),
      },
    },
    panelMeeting: {
      record: { subject: 'meeting', call: (id) => q('query($id: UUID!) { panelMeeting(id: $id) { id } }')({ id }) },
    },
    panelDecision: {
      record: { subject: 'decision', call: (id) => q('query($id: UUID!) { panelDecision(id: $id) { id } }')({ id }) },
    },
    fairShare: { role: { call: () => q('{ fairShare(academicYear: "2026-27") { total } }')({}) } },
    whoseTurn: { role: { call: () => q('{ whoseTurn(yearGroup: 9, asOf: "2026-10-07") { entries { rank } } }')({}) } },
    adjudicatorReturn: { role: { call: () => q('{ adjudicatorReturn(academicYear: "2026-27") { total } }')({}) } },
    movementSummary: {
      role: { call: () => q('{ movementSummary(period: { academicYear: "2026-27" }) { meta { report } } }')({}) },
    },
    apPopulation: { role: { call: () => q('{ apPopulation(on: "2026-10-01") { meta { report } } }')({}) } },
    stayLengthReport: {
      role: { call: () => q('{ stayLengthReport(period: { academicYear: "2026-27" }) { meta { report } } }')({}) },
    },
    reintegrationReport: {
      role: { call: () => q('{ reintegrationReport(period: { academicYear: "2026-27" }) { meta { report } } }')({}) },
    },
    schoolMovementProfile: {
      role: { call: () => q('{ schoolMovementProfile(period: { academicYear: "2026-27" }) { meta { report } } }')({}) },
    },
    providerScorecard: {
      role: { call: () => q('{ providerScorecard(period: { academicYear: "2026-27" }) { meta { report } } }')({}) },
    },
    fairAccessReport: {
      role: { call: () => q('{ fairAccessReport(period: { academicYear: "2026-27" }) { meta { report } } }')({}) },
    },
    movementTrend: {
      role: { call: () => q('{ movementTrend(period: { academicYear: "2026-27" }) { meta { report } } }')({}) },
    },
    reportCsv: {
      role: {
        call: () => q('{ reportCsv(report: MOVEMENT_SUMMARY, period: { academicYear: "2026-27" }) { rows } }')({}),
      },
    },
  },
  // Inputs that pass the schema but fail after the record is found (a date in 2999, a resolved flag…),
  // so an allowed probe writes nothing and a refused one must look exactly like a missing record.
  Mutation: {
    registerPupil: {
      role: {
        call: () =>
          q('mutation($i: RegisterPupilInput!) { registerPupil(input: $i) { id } }')({
            i: {
              upn: 'X',
              firstName: 'A',
              lastName: 'B',
              dateOfBirth: '2011-01-01',
              sex: 'F',
              onRollFrom: '2022-09-01',
              reason: 'r',
            },
          }),
      },
    },
    changePupilCharacteristics: {
      record: {
        subject: 'pupil',
        call: (id) =>
          q('mutation($i: ChangeCharacteristicsInput!) { changePupilCharacteristics(input: $i) { id } }')({
            i: { pupilId: id, effectiveOn: FUTURE, fsmEligible: true, reason: 'r' },
          }),
      },
    },
    // A valid number, so the probe reaches the record (a bad one is refused before any record is read).
    recordNhsNumber: {
      record: {
        subject: 'pupil',
        call: (id) =>
          q('mutation($p: UUID!) { recordNhsNumber(pupilId: $p, nhsNumber: "9434765919", reason: "r") { id } }')({
            p: id,
          }),
      },
    },
    // Another LA's pupil's UPN: refused after the record is found (no oracle), so nothing is written.
    correctPupilDetails: {
      record: {
        subject: 'pupil',
        call: (id) =>
          q('mutation($i: CorrectPupilDetailsInput!) { correctPupilDetails(input: $i) { id } }')({
            i: { pupilId: id, upn: world!.upn.otherLa, reason: 'r' },
          }),
      },
    },
    // An officer who does not exist: refused after the record is found.
    restrictPupilRecord: {
      record: {
        subject: 'pupil',
        call: (id) =>
          q('mutation($i: RestrictPupilRecordInput!) { restrictPupilRecord(input: $i) { id } }')({
            i: { pupilId: id, officerIds: ['00000000-0000-4000-8000-00000000dead'], reason: 'r' },
          }),
      },
    },
    // The record is not restricted: refused after it is found.
    liftPupilRestriction: {
      record: {
        subject: 'pupil',
        call: (id) =>
          q('mutation($i: LiftPupilRestrictionInput!) { liftPupilRestriction(input: $i) { id } }')({
            i: { pupilId: id, reason: 'r' },
          }),
      },
    },
    // The reviews are already approved: refused after they are found.
    approveAnonymisation: {
      record: {
        subject: 'retentionReview',
        call: (id) =>
          q('mutation($i: ApproveAnonymisationInput!) { approveAnonymisation(input: $i) { id } }')({
            i: { reviewIds: [id], reason: 'r' },
          }),
      },
    },
    enrolPupil: {
      record: {
        subject: 'pupil',
        call: (id, role) =>
          q('mutation($i: EnrolPupilInput!) { enrolPupil(input: $i) { id } }')({
            i: { pupilId: id, schoolId: schoolFor(role), startDate: FUTURE, reason: 'r' },
          }),
      },
    },
    recordLeavingRoll: {
      record: {
        subject: 'enrolment',
        call: (id) =>
          q('mutation($i: LeaveRollInput!) { recordLeavingRoll(input: $i) { id } }')({
            i: { enrolmentId: id, endDate: FUTURE, category: 'MOVED_AWAY', endReason: 'r' },
          }),
      },
    },
    registerSchool: {
      role: {
        call: () =>
          q('mutation($i: RegisterSchoolInput!) { registerSchool(input: $i) { id } }')({
            i: { urn: 'x', laestab: 'x', name: 'n', phase: 'PRIMARY', type: 'MAINTAINED', numberOnRoll: 1 },
          }),
      },
    },
    registerProvider: {
      role: {
        call: () =>
          q('mutation($i: RegisterProviderInput!) { registerProvider(input: $i) { id } }')({
            i: { name: 'n', kind: 'UNREGISTERED' },
          }),
      },
    },
    recordProviderChecks: {
      record: {
        subject: 'provider',
        call: (id) =>
          q('mutation($i: ProviderChecksInput!) { recordProviderChecks(input: $i) { id } }')({ i: { providerId: id } }),
      },
    },
    loadTermDates: {
      role: {
        call: () =>
          q('mutation($i: TermDatesInput!) { loadTermDates(input: $i) { academicYear } }')({
            i: { academicYear: '2030-99', holidays: [], source: 's' },
          }),
      },
    },
    commissionPlacement: {
      record: {
        subject: 'pupil',
        call: (id, role) => {
          const input =
            role === 'SCHOOL_STAFF'
              ? unregisteredInput(id, { startDate: FUTURE })
              : placementInput(id, { startDate: FUTURE, plannedEndDate: null });
          return q('mutation($i: CommissionPlacementInput!) { commissionPlacement(input: $i) { id } }')({ i: input });
        },
      },
    },
    recordPlacementReview: {
      record: {
        subject: 'placement',
        call: (id) =>
          q('mutation($i: PlacementReviewInput!) { recordPlacementReview(input: $i) { id } }')({
            i: { placementId: id, reviewDate: FUTURE, outcome: 'CONTINUE', notes: 'n' },
          }),
      },
    },
    changePlacementHours: {
      record: {
        subject: 'placement',
        call: (id) =>
          q('mutation($i: ChangeHoursInput!) { changePlacementHours(input: $i) { id } }')({
            i: { placementId: id, effectiveOn: FUTURE, hoursPerWeek: 5, reason: 'r' },
          }),
      },
    },
    endPlacement: {
      record: {
        subject: 'placement',
        call: (id) =>
          q('mutation($i: EndPlacementInput!) { endPlacement(input: $i) { ended { id } } }')({
            i: { placementId: id, endDate: FUTURE, destination: 'NEET', reason: 'r' },
          }),
      },
    },
    reportReintegrationCheckpoint: {
      record: {
        subject: 'reintegration',
        call: (id) =>
          q('mutation($i: CheckpointReportInput!) { reportReintegrationCheckpoint(input: $i) { id } }')({
            i: { reintegrationId: id, label: 'SIX_WEEKS', outcome: 'SUSTAINED', reportedOn: FUTURE, reason: 'r' },
          }),
      },
    },
    recordSuspension: {
      record: {
        subject: 'pupil',
        call: (id, role) =>
          q('mutation($i: SuspensionInput!) { recordSuspension(input: $i) { id } }')({
            i: {
              pupilId: id,
              schoolId: schoolFor(role),
              startDate: FUTURE,
              schoolDays: 1,
              reasonCategory: 'OTHER',
              note: 'n',
            },
          }),
      },
    },
    recordPermanentExclusion: {
      record: {
        subject: 'pupil',
        call: (id, role) =>
          q('mutation($i: PermanentExclusionInput!) { recordPermanentExclusion(input: $i) { id } }')({
            i: { pupilId: id, schoolId: schoolFor(role), startDate: FUTURE, reasonCategory: 'OTHER', note: 'n' },
          }),
      },
    },
    recordSafeguardingSeparation: {
      record: {
        subject: 'pupil',
        call: (id, role) =>
          q('mutation($i: SafeguardingSeparationInput!) { recordSafeguardingSeparation(input: $i) { id } }')({
            i: {
              pupilId: id,
              schoolId: schoolFor(role),
              startDate: FUTURE,
              reasonCategory: 'OTHER',
              decidedBy: 'Head',
              note: 'n',
            },
          }),
      },
    },
    // An end before the start: refused as bad input once reached, so nothing is written.
    endSafeguardingSeparation: {
      record: {
        subject: 'separation',
        call: (id) =>
          q('mutation($i: EndSafeguardingSeparationInput!) { endSafeguardingSeparation(input: $i) { id } }')({
            i: { separationId: id, endDate: '2026-01-01', note: 'n' },
          }),
      },
    },
    // Future dates: refused as bad input once the record is reached (a placement that is not a direction is too).
    recordDirectionReviewRequest: {
      record: {
        subject: 'placement',
        call: (id) =>
          q('mutation($i: DirectionReviewRequestInput!) { recordDirectionReviewRequest(input: $i) { id } }')({
            i: { placementId: id, requestedOn: FUTURE, requestedBy: 'PARENT', note: 'n' },
          }),
      },
    },
    recordDirectionReviewMeeting: {
      record: {
        subject: 'placement',
        call: (id) =>
          q('mutation($i: DirectionReviewMeetingInput!) { recordDirectionReviewMeeting(input: $i) { id } }')({
            i: {
              placementId: id,
              meetingDate: FUTURE,
              headteacherPresent: true,
              parentsInvited: true,
              parentsAttended: true,
              boardNomineePresent: true,
              outcome: 'o',
            },
          }),
      },
    },
    recordManagedMove: {
      record: {
        subject: 'pupil',
        call: (id, role) =>
          q('mutation($i: ManagedMoveInput!) { recordManagedMove(input: $i) { id } }')({
            i: {
              pupilId: id,
              fromSchoolId: schoolFor(role),
              toSchoolId: IDS.academyA,
              agreedOn: FUTURE,
              startDate: FUTURE,
              recordedAsTrial: false,
              automaticReturn: false,
              admissionPriorityGiven: false,
              receivingSchoolOversubscribed: false,
              note: 'n',
            },
          }),
      },
    },
    registerInclusionBase: {
      record: {
        subject: 'school',
        call: (id) =>
          q('mutation($i: InclusionBaseInput!) { registerInclusionBase(input: $i) { id } }')({
            i: { schoolId: id, name: 'Probe base', kind: 'SUPPORT_BASE', openedOn: FUTURE },
          }),
      },
    },
    recordInclusionBaseSpell: {
      record: {
        subject: 'pupil',
        call: (id) =>
          q('mutation($i: InclusionBaseSpellInput!) { recordInclusionBaseSpell(input: $i) { id } }')({
            i: { pupilId: id, baseId: '00000000-0000-4000-8000-00000000ba5e', startDate: FUTURE, note: 'n' },
          }),
      },
    },
    endInclusionBaseSpell: {
      record: {
        subject: 'pupil',
        call: (id) =>
          q('mutation($i: EndInclusionBaseSpellInput!) { endInclusionBaseSpell(input: $i) { id } }')({
            i: { pupilId: id, baseId: '00000000-0000-4000-8000-00000000ba5e', endDate: FUTURE, note: 'n' },
          }),
      },
    },
    recordGovernorDecision: {
      record: {
        subject: 'exclusion',
        call: (id) =>
          q('mutation($i: GovernorDecisionInput!) { recordGovernorDecision(input: $i) { id } }')({
            i: { exclusionId: id, outcome: 'UPHELD', decisionDate: FUTURE, note: 'n' },
          }),
      },
    },
    correctEvent: {
      record: {
        subject: 'event',
        call: (id) =>
          q('mutation($i: CorrectEventInput!) { correctEvent(input: $i) { id } }')({
            i: { eventId: id, correction: {}, reason: 'r' },
          }),
      },
    },
    referForFairAccess: {
      record: {
        subject: 'pupil',
        call: (id) =>
          q('mutation($i: FairAccessReferralInput!) { referForFairAccess(input: $i) { id } }')({
            i: referralInput(id, { referredOn: FUTURE, agreedToConsiderOn: null }),
          }),
      },
    },
    agreeToConsiderReferral: {
      record: {
        subject: 'referral',
        call: (id) =>
          q('mutation($i: AgreeToConsiderInput!) { agreeToConsiderReferral(input: $i) { id } }')({
            i: { referralId: id, agreedOn: FUTURE, note: 'n' },
          }),
      },
    },
    schedulePanelMeeting: {
      role: {
        call: () =>
          q('mutation($i: PanelMeetingInput!) { schedulePanelMeeting(input: $i) { id } }')({
            i: { meetingDate: FUTURE, attendingOrganisations: ['LA'] },
          }),
      },
    },
    recordPanelDecision: {
      record: {
        subject: 'referral',
        call: (id) =>
          q('mutation($i: PanelDecisionInput!) { recordPanelDecision(input: $i) { id } }')({
            i: { referralId: id, meetingId: randomUUID(), outcome: 'NOT_ELIGIBLE', rationale: 'r', decidedBy: 'p' },
          }),
      },
    },
    recordSchoolResponse: {
      record: {
        subject: 'decision',
        call: (id) =>
          q('mutation($i: SchoolResponseInput!) { recordSchoolResponse(input: $i) { id } }')({
            i: { decisionId: id, outcome: 'ACCEPTED', respondedOn: FUTURE, reason: 'r' },
          }),
      },
    },
    requestDirection: {
      record: {
        subject: 'decision',
        call: (id) =>
          q('mutation($i: DirectionRequestInput!) { requestDirection(input: $i) { id } }')({
            i: { decisionId: id, requestedOn: FUTURE, note: 'n' },
          }),
      },
    },
    recordDirectionOutcome: {
      record: {
        subject: 'direction',
        call: (id) =>
          q('mutation($i: DirectionOutcomeInput!) { recordDirectionOutcome(input: $i) { id } }')({
            i: { directionId: id, outcome: 'WITHDRAWN', outcomeOn: FUTURE, note: 'n' },
          }),
      },
    },
    recordFairAccessAdmission: {
      record: {
        subject: 'referral',
        call: (id, role) =>
          q('mutation($i: FairAccessAdmissionInput!) { recordFairAccessAdmission(input: $i) { id } }')({
            i: { referralId: id, schoolId: schoolFor(role), admittedOn: FUTURE, note: 'n' },
          }),
      },
    },
    acknowledgeFlag: {
      record: {
        subject: 'flag',
        call: (id) => q('mutation($id: UUID!) { acknowledgeFlag(flagId: $id) { id } }')({ id }),
      },
    },
    dismissFlag: {
      record: {
        subject: 'flag',
        call: (id) => q('mutation($id: UUID!) { dismissFlag(flagId: $id, reason: "r") { id } }')({ id }),
      },
    },
    configureWebhook: {
      role: { call: () => q('mutation { configureWebhook(url: "not a url", secret: "short") { url } }')({}) },
    },
    setThresholdOverride: {
      role: { call: () => q('mutation { setThresholdOverride(key: "noSuchKey", value: 1, reason: "r") { key } }')({}) },
    },
    // An empty file: refused before anything is stored, so the probe writes nothing.
    importPlacements: {
      role: {
        call: () => q('mutation { importPlacements(input: { fileName: "p.csv", csv: "" }) { job { id } } }')({}),
      },
    },
    cancelImportJob: {
      record: {
        subject: 'importBatch',
        call: (id) => q('mutation($id: UUID!) { cancelImportJob(id: $id) { id } }')({ id }),
      },
    },
    // An empty file: refused before anything is held.
    uploadImportFile: {
      role: {
        call: () =>
          q('mutation { uploadImportFile(input: { kind: PLACEMENTS, fileName: "p.csv", csv: "" }) { id } }')({}),
      },
    },
    // Its only mapping leaves the required fields unmapped: refused before anything is queued.
    startImportUpload: {
      record: {
        subject: 'importUpload',
        call: (id) =>
          q(
            'mutation($id: UUID!) { startImportUpload(input: { uploadId: $id, dryRun: true, mapping: { columns: [] } }) { job { id } } }',
          )({ id }),
      },
    },
    // The probed batches hold no file: refused before anything is queued.
    importCheckedFile: {
      record: {
        subject: 'importBatch',
        call: (id) =>
          q('mutation($id: UUID!) { importCheckedFile(jobId: $id, mode: VALID_ROWS) { job { id } } }')({ id }),
      },
    },
    // A key of the LA's own: nothing about a pupil (a second call retires the first).
    createTransferSigningKey: { role: { call: () => q('mutation { createTransferSigningKey { kid } }')({}) } },
    // A JWKS with no keys: refused before anything is stored.
    trustLaKeys: {
      role: {
        call: () => q('mutation { trustLaKeys(input: { laCode: "372", jwks: { keys: [] } }) { added } }')({}),
      },
    },
    // A date in the future is refused after the pupil is found, so the probe never signs or closes anything.
    exportTransferPack: {
      record: {
        subject: 'pupil',
        call: (id) =>
          q('mutation($i: ExportTransferPackInput!) { exportTransferPack(input: $i) { jti } }')({
            i: { pupilId: id, toLaCode: '999', leftOn: FUTURE, reason: 'r' },
          }),
      },
    },
    // Not a JWS: refused (PACK_REFUSED) before anything is read about a pupil.
    importTransferPack: {
      role: {
        call: () =>
          q('mutation { importTransferPack(input: { jws: "not-a-pack", reason: "r" }) { pupil { id } } }')({}),
      },
    },
  },
};

/** providerRoll and schoolPupilsInAp are asked about the target placement's own provider / school. */
function orgListCall(field: 'providerRoll' | 'schoolPupilsInAp', w: AccessWorld, rel: Relationship): Q {
  return field === 'providerRoll'
    ? q('query($id: UUID!) { providerRoll(providerId: $id, on: "2026-10-01") { id } }')({
        id: w.placementProvider[rel],
      })
    : q('query($id: UUID!) { schoolPupilsInAp(schoolId: $id, on: "2026-10-01") { id } }')({
        id: w.placementSchool[rel],
      });
}

function expectedAllowed(role: Role, action: Action, rel: Relationship, alsoNeeds?: Action): boolean {
  const holds = (a: Action) => {
    const c = conditionFor({ role }, a);
    return c !== null && (rel === 'own' || (rel === 'sameLaOther' && CONDITIONS[c].laWide));
  };
  return holds(action) && (!alsoNeeds || holds(alsoNeeds));
}

const fieldsOf = (schema: GraphQLSchema, type: 'Query' | 'Mutation'): GraphQLField<unknown, unknown>[] =>
  Object.values((schema.getType(type) as GraphQLObjectType).getFields()) as never;

describe('access matrix: every field × every role × own / same-LA other / other-LA record', () => {
  const ctx = useApiWorld<{ w: AccessWorld }>({
    setup: async (w) => {
      world = await buildAccessWorld(w.prisma);
      return { w: world };
    },
  });
  const schema = buildSchema();
  const cases: [name: string, c: { type: 'Query' | 'Mutation'; field: string }][] = [];
  for (const type of ['Query', 'Mutation'] as const)
    for (const f of Object.keys((schema.getType(type) as GraphQLObjectType).getFields()))
      cases.push([`${type}.${f}`, { type, field: f }]);

  it('has a rule and a probe for every field of the schema', () => {
    for (const [, { type, field }] of cases) {
      expect(
        (FIELD_ACTIONS[type] as Record<string, Action>)[field],
        `${type}.${field} has no action in src/access/permissions.ts`,
      ).toBeDefined();
      expect(PROBES[type][field], `${type}.${field} has no probe in this test`).toBeDefined();
    }
    // Every field that takes an ID or returns pupil-level data is probed against records, not just roles.
    for (const type of ['Query', 'Mutation'] as const)
      for (const f of fieldsOf(schema, type)) {
        const takesId = f.args.some(
          (a) => /Id$|^id$|^upn$/.test(a.name) || getNamedType(a.type).name.endsWith('Input'),
        );
        const pupilLevel =
          isObjectType(getNamedType(f.type)) &&
          [
            'Pupil',
            'Placement',
            'Exclusion',
            'TimelineEvent',
            'Whereabouts',
            'PupilConnection',
            'Flag',
            'FlagConnection',
            'FairAccessReferral',
            'FairAccessReferralConnection',
            'PanelDecision',
            'PanelMeeting',
            'SuspensionTotal',
            'RetentionReview',
            'RetentionReviewConnection',
          ].includes(getNamedType(f.type).name);
        // Creating a new record, or figures only (reports filter by organisation, not by record).
        const noRecord = [
          'registerPupil',
          'registerSchool',
          'registerProvider',
          'loadTermDates',
          'schedulePanelMeeting',
          'importPlacements',
          'uploadImportFile',
          'trustLaKeys',
          'importTransferPack',
        ];
        const aggregate = Object.values(
          PERMISSIONS[(FIELD_ACTIONS[type] as Record<string, Action>)[f.name]!].roles as Record<
            string,
            keyof typeof CONDITIONS
          >,
        ).every((c) => ['aggregate', 'reference'].includes(CONDITIONS[c].subject));
        if ((takesId || pupilLevel) && !noRecord.includes(f.name) && !aggregate)
          expect('record' in PROBES[type][f.name]!, `${type}.${f.name} must be probed with records`).toBe(true);
      }
  });

  it.each(cases)('%s', async (_name, { type, field }) => {
    const action = (FIELD_ACTIONS[type] as Record<string, Action>)[field]!;
    const probe = PROBES[type][field]!;
    const problems: string[] = [];
    for (const role of Object.keys(USERS) as Role[]) {
      const token = ctx.world.tokens[USERS[role]];
      if ('role' in probe) {
        const [query, vars] = probe.role.call(role);
        const r = await ctx.api.gql(token, query, vars);
        const code = r.errors?.[0]?.extensions?.code;
        if (conditionFor({ role }, action) === null && code !== 'FORBIDDEN')
          problems.push(`${role}: expected FORBIDDEN, got ${JSON.stringify(r)}`);
        if (code === 'INTERNAL_SERVER_ERROR' || code === 'UNAUTHENTICATED')
          problems.push(`${role}: ${JSON.stringify(r)}`);
        continue;
      }
      const p = probe.record;
      for (const rel of ['own', 'sameLaOther', 'otherLa'] as const) {
        const id = ctx.w[p.subject][rel];
        const allowed = expectedAllowed(role, action, rel, p.alsoNeeds);
        const call = (target: string): Q =>
          field === 'providerRoll' || field === 'schoolPupilsInAp'
            ? orgListCall(field, ctx.w, rel)
            : p.call(target, role);
        const r = await ctx.api.gql(token, ...call(id));
        if (r.errors?.[0]?.extensions?.code === 'INTERNAL_SERVER_ERROR')
          problems.push(`${role} ${rel}: internal error ${JSON.stringify(r)}`);
        if (p.reached) {
          const reached = r.data ? p.reached(r.data, id) : false;
          if (reached !== allowed)
            problems.push(
              `${role} ${rel}: ${allowed ? 'should' : 'should not'} see it: ${JSON.stringify(r).slice(0, 300)}`,
            );
          continue;
        }
        const missing = await ctx.api.gql(token, ...call(p.missing ? p.missing() : randomUUID()));
        const same = JSON.stringify(r) === JSON.stringify(missing);
        if (allowed && same)
          problems.push(
            `${role} ${rel}: allowed by the table but answered like a missing record: ${JSON.stringify(r).slice(0, 300)}`,
          );
        if (!allowed && !same)
          problems.push(
            `${role} ${rel}: refused by the table but answered differently from a missing record:\n  got     ${JSON.stringify(r).slice(0, 400)}\n  missing ${JSON.stringify(missing).slice(0, 400)}`,
          );
      }
    }
    expect(problems).toEqual([]);
  });

  it('the probes wrote nothing to the records they were refused on', async () => {
    const prisma = ctx.world.prisma;
    expect(await prisma.placement.count({ where: { startDate: new Date(`${FUTURE}T00:00:00Z`) } })).toBe(0);
    expect(await prisma.pupilEvent.count({ where: { occurredOn: new Date(`${FUTURE}T00:00:00Z`) } })).toBe(0);
    expect(await prisma.flag.count({ where: { status: { not: 'RESOLVED' } } })).toBe(0);
  });
});
