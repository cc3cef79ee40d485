import { describe, expect, it } from 'vitest';
import { addPupil, IDS, makeUpn, type UserKey } from '../support/fixtures';
import { useApiWorld } from '../support/apiWorld';
import { COMMISSION, END, placementInput } from '../support/movements';
import { fapClient, referralInput } from '../support/fairAccess';
import { placementTemplateCsv } from '../../src/domain/import/placementColumns';

/**
 * The write contract, over every write use case reachable through the API: a success writes exactly
 * its rows — its timeline event, its outbox row(s) for the flag workers, its audit row, and the record
 * itself — and nothing else; every refusal writes nothing at all. Every table is counted before and after
 * (ReportRollupChange excepted: database triggers mark rollup cells stale on most writes, covered by
 * reportRollups.test.ts). A lost outbox or audit row, or a refusal that leaves a row behind, fails here.
 */
describe('the write contract: exactly its rows on success, nothing on refusal', () => {
  const ctx = useApiWorld();
  const IGNORED = new Set(['_prisma_migrations', 'ReportRollupChange']);
  const READ_AUDIT = `operation ~ '\\.(read|list|timeline|whereabouts|suspensionTotal|roll|pupilsInAp)$'`;
  let tables: string[] = [];

  async function counts(): Promise<Record<string, number>> {
    if (!tables.length) {
      const rows = await ctx.world.prisma.$queryRaw<{ t: string }[]>`
        SELECT table_name AS t FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1`;
      tables = rows.map((r) => r.t).filter((t) => !IGNORED.has(t));
    }
    // Table names come from the catalog, not from input.
    // Audit rows are counted apart: the write's own, and the reads of the record the mutation returns.
    const sql = [
      ...tables.filter((t) => t !== 'AuditEvent').map((t) => `SELECT '${t}' AS t, count(*)::int AS n FROM "${t}"`),
      `SELECT 'AuditEvent' AS t, count(*)::int AS n FROM "AuditEvent" WHERE ${READ_AUDIT.replace('~', '!~')}`,
      `SELECT 'AuditEvent (reads)' AS t, count(*)::int AS n FROM "AuditEvent" WHERE ${READ_AUDIT}`,
    ].join(' UNION ALL ');
    const rows = await ctx.world.prisma.$queryRawUnsafe<{ t: string; n: number }[]>(sql);
    return Object.fromEntries(rows.map((r) => [r.t, r.n]));
  }
  const delta = (a: Record<string, number>, b: Record<string, number>) =>
    Object.fromEntries(
      Object.keys(b)
        .filter((k) => b[k] !== a[k])
        .map((k) => [k, b[k]! - (a[k] ?? 0)]),
    );
  const writesOnly = (d: Record<string, number>) =>
    Object.fromEntries(Object.entries(d).filter(([k]) => k !== 'AuditEvent (reads)'));

  const mutation = (field: string, inputType: string, select = 'id') =>
    `mutation($input: ${inputType}!) { ${field}(input: $input) { ${select} } }`;
  const M = {
    registerPupil: mutation('registerPupil', 'RegisterPupilInput'),
    changeCharacteristics: mutation('changePupilCharacteristics', 'ChangeCharacteristicsInput'),
    enrol: mutation('enrolPupil', 'EnrolPupilInput'),
    leaveRoll: mutation('recordLeavingRoll', 'LeaveRollInput'),
    registerSchool: mutation('registerSchool', 'RegisterSchoolInput'),
    registerProvider: mutation('registerProvider', 'RegisterProviderInput'),
    providerChecks: mutation('recordProviderChecks', 'ProviderChecksInput'),
    loadTermDates: mutation('loadTermDates', 'TermDatesInput', 'academicYear'),
    commission: mutation('commissionPlacement', 'CommissionPlacementInput'),
    review: mutation('recordPlacementReview', 'PlacementReviewInput'),
    hours: mutation('changePlacementHours', 'ChangeHoursInput'),
    end: mutation('endPlacement', 'EndPlacementInput', 'ended { id }'),
    checkpoint: mutation('reportReintegrationCheckpoint', 'CheckpointReportInput'),
    suspend: mutation('recordSuspension', 'SuspensionInput'),
    exclude: mutation('recordPermanentExclusion', 'PermanentExclusionInput'),
    governors: mutation('recordGovernorDecision', 'GovernorDecisionInput'),
    separate: mutation('recordSafeguardingSeparation', 'SafeguardingSeparationInput'),
    endSeparation: mutation('endSafeguardingSeparation', 'EndSafeguardingSeparationInput'),
    nhsNumber: `mutation($input: UUID!, $nhs: String!, $reason: String!) { recordNhsNumber(pupilId: $input, nhsNumber: $nhs, reason: $reason) { id } }`,
    reviewRequest: mutation('recordDirectionReviewRequest', 'DirectionReviewRequestInput'),
    reviewMeeting: mutation('recordDirectionReviewMeeting', 'DirectionReviewMeetingInput'),
    managedMove: mutation('recordManagedMove', 'ManagedMoveInput'),
    inclusionBase: mutation('registerInclusionBase', 'InclusionBaseInput'),
    inclusionSpell: mutation('recordInclusionBaseSpell', 'InclusionBaseSpellInput'),
    endInclusionSpell: mutation('endInclusionBaseSpell', 'EndInclusionBaseSpellInput'),
    correct: mutation('correctEvent', 'CorrectEventInput'),
    correctDetails: mutation('correctPupilDetails', 'CorrectPupilDetailsInput'),
    restrict: mutation('restrictPupilRecord', 'RestrictPupilRecordInput'),
    lift: mutation('liftPupilRestriction', 'LiftPupilRestrictionInput'),
    approveAnonymisation: mutation('approveAnonymisation', 'ApproveAnonymisationInput'),
    refer: mutation('referForFairAccess', 'FairAccessReferralInput'),
    agree: mutation('agreeToConsiderReferral', 'AgreeToConsiderInput'),
    meeting: mutation('schedulePanelMeeting', 'PanelMeetingInput'),
    decide: mutation('recordPanelDecision', 'PanelDecisionInput'),
    respond: mutation('recordSchoolResponse', 'SchoolResponseInput'),
    direct: mutation('requestDirection', 'DirectionRequestInput'),
    directionOutcome: mutation('recordDirectionOutcome', 'DirectionOutcomeInput'),
    admit: mutation('recordFairAccessAdmission', 'FairAccessAdmissionInput'),
    acknowledge: `mutation($input: UUID!) { acknowledgeFlag(flagId: $input) { id } }`,
    dismiss: `mutation($input: UUID!, $reason: String!) { dismissFlag(flagId: $input, reason: $reason) { id } }`,
    webhook: `mutation($input: String!, $secret: String!) { configureWebhook(url: $input, secret: $secret) { url } }`,
    threshold: `mutation($input: String!, $value: Float!, $reason: String!) { setThresholdOverride(key: $input, value: $value, reason: $reason) { key } }`,
    importPlacements: mutation('importPlacements', 'ImportPlacementsInput', 'job { id status }'),
    cancelImport: `mutation($input: UUID!) { cancelImportJob(id: $input) { id } }`,
    uploadImport: mutation('uploadImportFile', 'UploadImportFileInput', 'id headers'),
    startUpload: mutation('startImportUpload', 'StartImportUploadInput', 'job { id status }'),
    importChecked: `mutation($input: UUID!, $mode: ImportMode!) { importCheckedFile(jobId: $input, mode: $mode) { job { id } } }`,
    signingKey: `mutation($key: String) { createTransferSigningKey(clientKey: $key) { kid } }`,
    trustKeys: mutation('trustLaKeys', 'TrustLaKeysInput', 'added'),
    exportPack: mutation('exportTransferPack', 'ExportTransferPackInput', 'jws closedPlacements { id }'),
    importPack: mutation('importTransferPack', 'ImportTransferPackInput', 'pupil { id }'),
  };

  type Vars = Record<string, unknown>;
  interface Refusal {
    why: string;
    as?: UserKey;
    vars: (v: Vars) => Vars;
    code: string;
  }
  interface Case {
    name: string;
    as: UserKey;
    query: string;
    /** Earlier writes this one needs (not measured); returns the variables. */
    prepare: () => Promise<Vars>;
    writes: Record<string, number>;
    /** The operation of the write's audit row (a write through another use case: each of them, in order). */
    audit: string | string[];
    refusals: Refusal[];
    /** The same request again after the success: refused with this code (and nothing written). */
    again?: string;
  }

  const gql = (as: UserKey, query: string, variables: Vars) => ctx.api.gql(ctx.world.tokens[as], query, variables);
  const ok = async (as: UserKey, query: string, variables: Vars) => {
    const r = await gql(as, query, variables);
    if (r.errors?.length) throw new Error(`setup write failed: ${JSON.stringify(r.errors)}`);
    return r.data as any;
  };
  const input = (v: Vars) => v.input as Vars;
  const withInput = (over: Vars) => (v: Vars) => ({ ...v, input: { ...input(v), ...over } });
  /** A commission with its placement's fields changed (CommissionPlacementInput.placement). */
  const withPlacement = (over: Vars) => (v: Vars) =>
    withInput({ placement: { ...(input(v).placement as Vars), ...over } })(v);

  const openPlacement = async () => {
    const pupil = await addPupil(ctx.world.prisma);
    const p = (await ok('laOfficer', COMMISSION, { input: placementInput(pupil.id) })).commissionPlacement;
    return { pupil, placementId: p.id as string };
  };
  const fap = () => fapClient(ctx.api);
  const meetingOn = (date: string) => fap().meeting(ctx.world.tokens.panel, date);
  async function allocated() {
    const pupil = await addPupil(ctx.world.prisma);
    const referral = await fap().refer(ctx.world.tokens.laOfficer, pupil.id, {
      referredOn: '2025-11-03',
      agreedToConsiderOn: '2025-11-03',
    });
    const meetingId = await meetingOn('2025-11-12');
    const decision = await fap().decide(ctx.world.tokens.panel, {
      referralId: referral.id,
      meetingId,
      outcome: 'ALLOCATE_SCHOOL',
      allocatedSchoolId: IDS.academyA,
      admissionDeadline: '2025-11-21',
    });
    return { pupil, referral, decision };
  }
  async function refusedByAcademy() {
    const a = await allocated();
    await ok('academyStaff', M.respond, {
      input: {
        decisionId: a.decision.id,
        outcome: 'REFUSED',
        respondedOn: '2025-11-14',
        refusalGrounds: ['PREVIOUS_ATTENDANCE'],
        reason: 'Attendance of 71%.',
      },
    });
    return a;
  }
  // A flag as the workers would raise it (written directly: this file runs no workers).
  const flagRow = async () => {
    const { pupil, placementId } = await openPlacement();
    return ctx.world.prisma.flag.create({
      data: {
        ruleId: 'P3',
        outcome: 'SAFEGUARDING',
        severity: 'HIGH',
        subjectType: 'PLACEMENT',
        subjectId: placementId,
        placementId,
        pupilId: pupil.id,
        providerId: IDS.pru,
        laId: IDS.laA,
        title: 'Placement still open after its planned end date',
        evidence: { calendarDaysOverdue: 10 },
        evidenceScore: 10,
        configVersion: 'test',
      },
    });
  };
  const timelineEvent = async (pupilId: string, type: string) =>
    (await ctx.world.prisma.pupilEvent.findFirstOrThrow({ where: { pupilId, type: type as never } })).id;

  const EVENT_OUTBOX_AUDIT = { PupilEvent: 1, OutboxEvent: 1, AuditEvent: 1 };

  // An off-site direction by the maintained secondary (notice Mon 10 Nov 2025, first day Wed 12 Nov).
  const offSiteDirection = async () => {
    const pupil = await addPupil(ctx.world.prisma);
    const p = await ok('secondaryStaff', COMMISSION, {
      input: placementInput(pupil.id, {
        providerId: IDS.independentAp,
        commissionerKind: 'SCHOOL',
        commissioningSchoolId: IDS.secondaryA,
        reason: 'OFF_SITE_DIRECTION',
        startDate: '2025-11-12',
        plannedEndDate: '2026-02-13',
        maximumPeriodSchoolDays: 60,
        laNotifiedOn: '2025-11-10',
        safeguardingConfirmedOn: '2025-11-03',
        directionNoticeDate: '2025-11-10',
        directionNotice: {
          address: '1 High St',
          personToReportTo: 'Ms Khan',
          numberOfDays: 60,
          reasonsAndObjectives: 'Improve behaviour',
          sessionTimes: '09:00-15:00',
        },
      }),
    });
    return p.commissionPlacement.id as string;
  };
  let baseSerial = 0;
  const inclusionBase = async () =>
    (
      await ok('laOfficer', M.inclusionBase, {
        input: {
          schoolId: IDS.secondaryA,
          name: `Base ${(baseSerial += 1)}`,
          kind: 'SUPPORT_BASE',
          openedOn: '2024-09-01',
        },
      })
    ).registerInclusionBase.id as string;

  const cases: Case[] = [
    // --- pupils ---------------------------------------------------------------------------------
    {
      name: 'registerPupil',
      as: 'laOfficer',
      query: M.registerPupil,
      prepare: async () => ({
        input: {
          upn: makeUpn(),
          firstName: 'Sam',
          lastName: 'Contract',
          dateOfBirth: '2012-01-15',
          sex: 'M',
          reason: 'New to the LA',
        },
      }),
      writes: { Pupil: 1, ...EVENT_OUTBOX_AUDIT },
      audit: 'pupil.register',
      refusals: [
        {
          why: 'a UPN with the wrong check letter (V1)',
          vars: (v) => withInput({ upn: `Z${String(input(v).upn).slice(1)}` })(v),
          code: 'UPN_INVALID',
        },
        {
          why: 'a school adding a pupil without the day they joined its roll',
          as: 'secondaryStaff',
          vars: (v) => v,
          code: 'VALIDATION_FAILED',
        },
        { why: 'the analyst', as: 'analyst', vars: (v) => v, code: 'FORBIDDEN' },
      ],
      again: 'CONFLICT',
    },
    {
      name: 'registerPupil by a school (onto its own roll)',
      as: 'secondaryStaff',
      query: M.registerPupil,
      prepare: async () => ({
        input: {
          upn: makeUpn(),
          firstName: 'Kim',
          lastName: 'Contract',
          dateOfBirth: '2012-02-15',
          sex: 'F',
          onRollFrom: '2025-09-01',
          reason: 'Joined in September',
        },
      }),
      writes: { Pupil: 1, Enrolment: 1, PupilEvent: 2, OutboxEvent: 1, AuditEvent: 1 },
      audit: 'pupil.register',
      refusals: [
        { why: 'a roll date before birth', vars: withInput({ onRollFrom: '2012-01-01' }), code: 'VALIDATION_FAILED' },
      ],
      again: 'CONFLICT',
    },
    {
      name: 'changePupilCharacteristics',
      as: 'laOfficer',
      query: M.changeCharacteristics,
      prepare: async () => ({
        input: {
          pupilId: (await addPupil(ctx.world.prisma)).id,
          effectiveOn: '2025-11-01',
          senStatus: 'SEN_SUPPORT',
          reason: 'Assessed',
        },
      }),
      // The history: before and from 1 Nov.
      writes: { PupilCharacteristicSpan: 2, ...EVENT_OUTBOX_AUDIT },
      audit: 'pupil.characteristics',
      refusals: [
        { why: 'a pupil of another LA', as: 'laOfficerB', vars: (v) => v, code: 'NOT_FOUND' },
        {
          why: 'nothing to change',
          vars: (v) => ({ input: { pupilId: input(v).pupilId, effectiveOn: '2025-11-01', reason: 'x' } }),
          code: 'VALIDATION_FAILED',
        },
        { why: 'a provider', as: 'pruStaff', vars: (v) => v, code: 'FORBIDDEN' },
      ],
    },
    {
      // The LA enrols: a school reaches only pupils it already sees (permission table, issue 11 finding 4).
      name: 'enrolPupil',
      as: 'laOfficer',
      query: M.enrol,
      prepare: async () => ({
        input: {
          pupilId: (await addPupil(ctx.world.prisma)).id,
          schoolId: IDS.academyA,
          registration: 'MAIN',
          startDate: '2025-11-03',
          reason: 'Dual registration',
        },
      }),
      writes: { Enrolment: 1, ...EVENT_OUTBOX_AUDIT },
      audit: 'pupil.enrol',
      refusals: [
        { why: 'another school’s roll', as: 'secondaryStaff', vars: (v) => v, code: 'FORBIDDEN' },
        { why: 'a school admitting a pupil it does not see', as: 'academyStaff', vars: (v) => v, code: 'NOT_FOUND' },
        { why: 'a start before birth', vars: withInput({ startDate: '2011-01-01' }), code: 'VALIDATION_FAILED' },
        {
          why: 'a school of another LA',
          as: 'laOfficer',
          vars: withInput({ schoolId: IDS.secondaryB }),
          code: 'NOT_FOUND',
        },
      ],
      again: 'CONFLICT',
    },
    {
      name: 'recordLeavingRoll',
      as: 'secondaryStaff',
      query: M.leaveRoll,
      prepare: async () => {
        const pupil = await addPupil(ctx.world.prisma);
        const e = await ctx.world.prisma.enrolment.findFirstOrThrow({ where: { pupilId: pupil.id } });
        return {
          input: { enrolmentId: e.id, endDate: '2025-11-28', category: 'MOVED_AWAY', endReason: 'Moved to Leeds' },
        };
      },
      writes: EVENT_OUTBOX_AUDIT,
      audit: 'pupil.leaveRoll',
      refusals: [
        { why: 'another school', as: 'academyStaff', vars: (v) => v, code: 'NOT_FOUND' },
        {
          why: 'leaving before joining (joined 1 Sep 2022)',
          vars: withInput({ endDate: '2022-08-31' }),
          code: 'VALIDATION_FAILED',
        },
        { why: 'no ground for deletion', vars: withInput({ endReason: ' ' }), code: 'VALIDATION_FAILED' },
      ],
      again: 'CONFLICT',
    },
    // --- organisations --------------------------------------------------------------------------
    {
      name: 'registerSchool',
      as: 'laOfficer',
      query: M.registerSchool,
      prepare: async () => ({
        input: {
          urn: '900777',
          laestab: '3734777',
          name: 'Contract Academy',
          phase: 'SECONDARY',
          type: 'ACADEMY',
          numberOnRoll: 800,
        },
      }),
      writes: { School: 1, AuditEvent: 1 },
      audit: 'school.register',
      refusals: [
        { why: 'an LAESTAB of another LA (V5)', vars: withInput({ laestab: '3724777' }), code: 'VALIDATION_FAILED' },
        { why: 'a school', as: 'secondaryStaff', vars: (v) => v, code: 'FORBIDDEN' },
      ],
      again: 'CONFLICT',
    },
    {
      name: 'registerProvider',
      as: 'laOfficer',
      query: M.registerProvider,
      prepare: async () => ({ input: { name: 'Contract Mentoring', kind: 'UNREGISTERED', ukprn: '10077777' } }),
      writes: { Provider: 1, OutboxEvent: 1, AuditEvent: 1 },
      audit: 'provider.register',
      refusals: [
        { why: 'two identifiers (V5)', vars: withInput({ settingType: 'OTH' }), code: 'VALIDATION_FAILED' },
        { why: 'a provider', as: 'pruStaff', vars: (v) => v, code: 'FORBIDDEN' },
      ],
    },
    {
      name: 'recordProviderChecks',
      as: 'laOfficer',
      query: M.providerChecks,
      prepare: async () => ({
        input: {
          providerId: IDS.unregSetting,
          safeguardingCheckDate: '2025-10-01',
          safeguardingOutcome: 'SATISFACTORY',
          onApprovedList: true,
        },
      }),
      writes: { OutboxEvent: 1, AuditEvent: 1 },
      audit: 'provider.checks',
      refusals: [
        { why: 'a provider of another LA', vars: withInput({ providerId: IDS.unregB }), code: 'NOT_FOUND' },
        { why: 'a school', as: 'secondaryStaff', vars: (v) => v, code: 'FORBIDDEN' },
      ],
    },
    {
      name: 'loadTermDates',
      as: 'laOfficer',
      query: M.loadTermDates,
      prepare: async () => ({
        input: {
          academicYear: '2028-29',
          source: 'Test calendar',
          holidays: [
            { start: '2028-10-23', end: '2028-10-27', label: 'Autumn half-term' },
            { start: '2028-12-21', end: '2029-01-03', label: 'Christmas' },
            { start: '2029-02-12', end: '2029-02-16', label: 'February half-term' },
            { start: '2029-03-30', end: '2029-04-13', label: 'Easter' },
            { start: '2029-05-28', end: '2029-06-01', label: 'May half-term' },
            { start: '2029-07-20', end: '2029-08-31', label: 'Summer' },
          ],
        },
      }),
      writes: { TermDates: 1, AuditEvent: 1 },
      audit: 'calendar.loadTermDates',
      refusals: [
        {
          why: 'a holiday outside the year',
          vars: (v) =>
            withInput({
              holidays: [...(input(v).holidays as Vars[]), { start: '2029-09-03', end: '2029-09-04', label: 'Late' }],
            })(v),
          code: 'VALIDATION_FAILED',
        },
        { why: 'the panel', as: 'panel', vars: (v) => v, code: 'FORBIDDEN' },
      ],
    },
    // --- placements -----------------------------------------------------------------------------
    {
      name: 'commissionPlacement (openPlacement)',
      as: 'laOfficer',
      query: M.commission,
      prepare: async () => ({ input: placementInput((await addPupil(ctx.world.prisma)).id) }),
      writes: { Placement: 1, ...EVENT_OUTBOX_AUDIT },
      audit: 'placement.open',
      refusals: [
        { why: 'no objectives (P1)', vars: withPlacement({ objectives: ' ' }), code: 'VALIDATION_FAILED' },
        {
          why: 'an LA commissioning provision for a suspension (M6)',
          vars: withPlacement({ reason: 'SUSPENSION_OVER_FIVE_DAYS' }),
          code: 'VALIDATION_FAILED',
        },
        {
          why: 'an unregistered provider without the safeguarding letter (U4)',
          vars: withPlacement({
            providerId: IDS.unregSetting,
            tier: 'TIER_3_TRANSITIONAL',
            plannedEndDate: null,
            registration: 'HOME_SCHOOL_ONLY',
            hoursPerWeek: 10,
          }),
          code: 'RULE_BLOCKED',
        },
        { why: 'another LA', as: 'laOfficerB', vars: (v) => v, code: 'NOT_FOUND' },
      ],
    },
    {
      name: 'recordPlacementReview (continue)',
      as: 'laOfficer',
      query: M.review,
      prepare: async () => ({
        input: {
          placementId: (await openPlacement()).placementId,
          reviewDate: '2025-11-24',
          outcome: 'CONTINUE',
          notes: 'Settling well.',
        },
      }),
      writes: { PlacementReview: 1, ...EVENT_OUTBOX_AUDIT },
      audit: 'placement.review',
      refusals: [
        {
          why: 'a review before the start (20 Oct 2025)',
          vars: withInput({ reviewDate: '2025-10-17' }),
          code: 'VALIDATION_FAILED',
        },
        { why: 'an extension without a new end', vars: withInput({ outcome: 'EXTEND' }), code: 'VALIDATION_FAILED' },
        { why: 'another LA', as: 'laOfficerB', vars: (v) => v, code: 'NOT_FOUND' },
      ],
    },
    {
      name: 'recordPlacementReview (end: closePlacement)',
      as: 'laOfficer',
      query: M.review,
      prepare: async () => ({
        input: {
          placementId: (await openPlacement()).placementId,
          reviewDate: '2025-11-24',
          outcome: 'END',
          destination: 'NEET',
          notes: 'Left.',
        },
      }),
      // The review, its event and the PLACEMENT_ENDED event; placement and pupil outbox rows; one audit row.
      writes: { PlacementReview: 1, PupilEvent: 2, OutboxEvent: 2, AuditEvent: 1 },
      audit: 'placement.end',
      refusals: [
        {
          why: 'ending without a destination',
          vars: (v) => ({ input: { ...input(v), destination: null } }),
          code: 'VALIDATION_FAILED',
        },
      ],
    },
    {
      name: 'changePlacementHours',
      as: 'laOfficer',
      query: M.hours,
      prepare: async () => ({
        input: {
          placementId: (await openPlacement()).placementId,
          effectiveOn: '2025-11-03',
          hoursPerWeek: 20,
          reason: 'Timetable change',
        },
      }),
      writes: EVENT_OUTBOX_AUDIT,
      audit: 'placement.hours',
      refusals: [
        { why: 'more than the 32.5-hour week', vars: withInput({ hoursPerWeek: 33 }), code: 'VALIDATION_FAILED' },
        { why: 'a provider', as: 'unregStaff', vars: (v) => v, code: 'NOT_FOUND' },
      ],
    },
    {
      name: 'endPlacement (closePlacement, NEET)',
      as: 'laOfficer',
      query: M.end,
      prepare: async () => ({
        input: {
          placementId: (await openPlacement()).placementId,
          endDate: '2025-12-19',
          destination: 'NEET',
          reason: 'Left',
        },
      }),
      writes: { PupilEvent: 1, OutboxEvent: 2, AuditEvent: 1 },
      audit: 'placement.end',
      refusals: [
        { why: 'an end before the start', vars: withInput({ endDate: '2025-10-17' }), code: 'VALIDATION_FAILED' },
        { why: 'another LA', as: 'laOfficerB', vars: (v) => v, code: 'NOT_FOUND' },
      ],
      again: 'CONFLICT',
    },
    {
      name: 'endPlacement to a school (reintegration with its checkpoints)',
      as: 'laOfficer',
      query: M.end,
      prepare: async () => {
        const { placementId } = await openPlacement();
        return {
          input: {
            placementId,
            endDate: '2025-12-19',
            destination: 'MAINSTREAM_SCHOOL',
            destinationSchoolId: IDS.academyA,
            reason: 'Ready to return',
          },
        };
      },
      // Reintegration + 3 checkpoints (R1), the new enrolment at the academy, two events, three outbox rows.
      writes: {
        Reintegration: 1,
        ReintegrationCheckpoint: 3,
        Enrolment: 1,
        PupilEvent: 2,
        OutboxEvent: 3,
        AuditEvent: 1,
      },
      audit: 'placement.end',
      refusals: [
        {
          why: 'a school without the school',
          vars: (v) => ({ input: { ...input(v), destinationSchoolId: null } }),
          code: 'VALIDATION_FAILED',
        },
      ],
    },
    {
      name: 'reportReintegrationCheckpoint',
      as: 'academyStaff',
      query: M.checkpoint,
      prepare: async () => {
        const { placementId } = await openPlacement();
        const r = await ok('laOfficer', END, {
          input: {
            placementId,
            endDate: '2025-12-19',
            destination: 'MAINSTREAM_SCHOOL',
            destinationSchoolId: IDS.academyA,
            reason: 'Return',
          },
        });
        return {
          input: {
            reintegrationId: r.endPlacement.reintegration.id,
            label: 'SIX_WEEKS',
            outcome: 'BROKEN_DOWN',
            reportedOn: '2026-02-02',
            reason: 'Excluded again',
          },
        };
      },
      writes: EVENT_OUTBOX_AUDIT,
      audit: 'reintegration.checkpoint',
      refusals: [
        { why: 'an unknown checkpoint (R2)', vars: withInput({ label: 'ONE_YEAR' }), code: 'RULE_BLOCKED' },
        { why: 'sustained before it is due (R2)', vars: withInput({ outcome: 'SUSTAINED' }), code: 'RULE_BLOCKED' },
        { why: 'another LA', as: 'laOfficerB', vars: (v) => v, code: 'NOT_FOUND' },
      ],
    },
    // --- exclusions and corrections --------------------------------------------------------------
    {
      name: 'recordSuspension',
      as: 'secondaryStaff',
      query: M.suspend,
      prepare: async () => ({
        input: {
          pupilId: (await addPupil(ctx.world.prisma)).id,
          schoolId: IDS.secondaryA,
          startDate: '2025-11-03',
          schoolDays: 2,
          reasonCategory: 'BULLYING',
          note: 'x',
        },
      }),
      writes: { Exclusion: 1, ...EVENT_OUTBOX_AUDIT },
      audit: 'exclusion.suspension',
      refusals: [
        { why: 'not in half days (E7)', vars: withInput({ schoolDays: 0.3 }), code: 'VALIDATION_FAILED' },
        { why: 'past 45 days (E1)', vars: withInput({ schoolDays: 45.5 }), code: 'RULE_BLOCKED' },
        { why: 'another school’s suspension', as: 'academyStaff', vars: (v) => v, code: 'FORBIDDEN' },
      ],
    },
    {
      name: 'recordPermanentExclusion',
      as: 'secondaryStaff',
      query: M.exclude,
      prepare: async () => ({
        input: {
          pupilId: (await addPupil(ctx.world.prisma)).id,
          schoolId: IDS.secondaryA,
          startDate: '2025-10-22',
          reasonCategory: 'DAMAGE',
          note: 'x',
        },
      }),
      writes: { Exclusion: 1, ...EVENT_OUTBOX_AUDIT },
      audit: 'exclusion.permanent',
      refusals: [
        { why: 'the panel', as: 'panel', vars: (v) => v, code: 'FORBIDDEN' },
        {
          why: 'a reason outside the DfE list',
          vars: withInput({ reasonCategory: 'RUDENESS' }),
          code: 'VALIDATION_FAILED',
        },
      ],
    },
    {
      name: 'recordSafeguardingSeparation',
      as: 'secondaryStaff',
      query: M.separate,
      prepare: async () => ({
        input: {
          pupilId: (await addPupil(ctx.world.prisma)).id,
          schoolId: IDS.secondaryA,
          startDate: '2025-11-03',
          reasonCategory: 'OTHER',
          decidedBy: 'Headteacher',
          note: 'x',
        },
      }),
      writes: { SafeguardingSeparation: 1, ...EVENT_OUTBOX_AUDIT },
      audit: 'separation.record',
      refusals: [
        { why: 'the panel', as: 'panel', vars: (v) => v, code: 'FORBIDDEN' },
        { why: 'another school’s separation', as: 'academyStaff', vars: (v) => v, code: 'FORBIDDEN' },
        { why: 'an end before the start', vars: withInput({ endDate: '2025-10-31' }), code: 'VALIDATION_FAILED' },
      ],
    },
    {
      name: 'endSafeguardingSeparation',
      as: 'secondaryStaff',
      query: M.endSeparation,
      prepare: async () => {
        const pupil = await addPupil(ctx.world.prisma);
        const s = await ok('secondaryStaff', M.separate, {
          input: {
            pupilId: pupil.id,
            schoolId: IDS.secondaryA,
            startDate: '2025-11-03',
            reasonCategory: 'OTHER',
            decidedBy: 'Headteacher',
            note: 'x',
          },
        });
        return {
          input: { separationId: s.recordSafeguardingSeparation.id, endDate: '2025-11-10', note: 'Back in lessons' },
        };
      },
      writes: EVENT_OUTBOX_AUDIT,
      audit: 'separation.end',
      refusals: [
        { why: 'another school', as: 'academyStaff', vars: (v) => v, code: 'NOT_FOUND' },
        { why: 'an end before the start', vars: withInput({ endDate: '2025-10-31' }), code: 'VALIDATION_FAILED' },
      ],
      again: 'CONFLICT',
    },
    {
      name: 'recordNhsNumber',
      as: 'secondaryStaff',
      query: M.nhsNumber,
      prepare: async () => ({
        input: (await addPupil(ctx.world.prisma)).id,
        nhs: '9434765919',
        reason: 'From the GP’s letter',
      }),
      writes: EVENT_OUTBOX_AUDIT,
      audit: 'pupil.nhsNumber',
      refusals: [
        { why: 'a wrong check digit', vars: (v) => ({ ...v, nhs: '9434765918' }), code: 'VALIDATION_FAILED' },
        { why: 'the panel', as: 'panel', vars: (v) => v, code: 'FORBIDDEN' },
      ],
    },
    {
      name: 'recordDirectionReviewRequest',
      as: 'secondaryStaff',
      query: M.reviewRequest,
      prepare: async () => ({
        input: {
          placementId: await offSiteDirection(),
          requestedOn: '2025-12-01',
          requestedBy: 'PARENT',
          note: 'Letter from the parents',
        },
      }),
      writes: { DirectionReviewRequest: 1, ...EVENT_OUTBOX_AUDIT },
      audit: 'directionReview.request',
      refusals: [
        { why: 'the panel', as: 'panel', vars: (v) => v, code: 'FORBIDDEN' },
        { why: 'another school’s direction', as: 'academyStaff', vars: (v) => v, code: 'NOT_FOUND' },
        {
          why: 'before the direction started',
          vars: withInput({ requestedOn: '2025-11-11' }),
          code: 'VALIDATION_FAILED',
        },
      ],
    },
    {
      name: 'recordDirectionReviewMeeting',
      as: 'secondaryStaff',
      query: M.reviewMeeting,
      prepare: async () => ({
        input: {
          placementId: await offSiteDirection(),
          meetingDate: '2025-12-08',
          headteacherPresent: true,
          parentsInvited: true,
          parentsAttended: true,
          boardNomineePresent: false,
          laInvitedOn: null,
          outcome: 'Continue for a further half-term',
        },
      }),
      writes: { DirectionReviewMeeting: 1, ...EVENT_OUTBOX_AUDIT },
      audit: 'directionReview.meeting',
      refusals: [
        { why: 'a provider', as: 'pruStaff', vars: (v) => v, code: 'FORBIDDEN' },
        {
          why: 'the LA invited after the meeting',
          vars: withInput({ laInvitedOn: '2025-12-09' }),
          code: 'VALIDATION_FAILED',
        },
      ],
    },
    {
      name: 'recordManagedMove',
      as: 'secondaryStaff',
      query: M.managedMove,
      prepare: async () => ({
        input: {
          pupilId: (await addPupil(ctx.world.prisma)).id,
          fromSchoolId: IDS.secondaryA,
          toSchoolId: IDS.academyA,
          agreedOn: '2026-09-07',
          startDate: '2026-09-14',
          recordedAsTrial: true,
          trialEndsOn: '2026-12-18',
          automaticReturn: false,
          admissionPriorityGiven: false,
          receivingSchoolOversubscribed: true,
          note: 'Agreed with the parents',
        },
      }),
      writes: { ManagedMove: 1, ...EVENT_OUTBOX_AUDIT },
      audit: 'managedMove.record',
      refusals: [
        { why: 'the panel', as: 'panel', vars: (v) => v, code: 'FORBIDDEN' },
        {
          why: 'the other school, for a pupil it does not see',
          as: 'academyStaff',
          vars: withInput({ toSchoolId: IDS.secondaryA, fromSchoolId: IDS.academyA }),
          code: 'NOT_FOUND',
        },
        {
          why: 'a start before it was agreed',
          vars: withInput({ startDate: '2026-09-01' }),
          code: 'VALIDATION_FAILED',
        },
        { why: 'to the same school', vars: withInput({ toSchoolId: IDS.secondaryA }), code: 'VALIDATION_FAILED' },
      ],
    },
    {
      name: 'registerInclusionBase',
      as: 'laOfficer',
      query: M.inclusionBase,
      prepare: async () => ({
        input: { schoolId: IDS.secondaryA, name: 'The Hub', kind: 'SPECIALIST_BASE', openedOn: '2025-09-01' },
      }),
      writes: { InclusionBase: 1, AuditEvent: 1 },
      audit: 'inclusionBase.register',
      refusals: [
        { why: 'a school', as: 'secondaryStaff', vars: (v) => v, code: 'FORBIDDEN' },
        { why: 'another LA’s school', vars: withInput({ schoolId: IDS.secondaryB }), code: 'NOT_FOUND' },
        { why: 'opening in the future', vars: withInput({ openedOn: '2098-09-01' }), code: 'VALIDATION_FAILED' },
      ],
      again: 'CONFLICT',
    },
    {
      name: 'recordInclusionBaseSpell',
      as: 'secondaryStaff',
      query: M.inclusionSpell,
      prepare: async () => ({
        input: {
          pupilId: (await addPupil(ctx.world.prisma)).id,
          baseId: await inclusionBase(),
          startDate: '2025-11-03',
          hoursPerWeek: 10,
          note: 'Three mornings a week in the base',
        },
      }),
      writes: { InclusionBaseSpell: 1, ...EVENT_OUTBOX_AUDIT },
      audit: 'inclusionBase.start',
      refusals: [
        { why: 'a pupil of another school', as: 'academyStaff', vars: (v) => v, code: 'NOT_FOUND' },
        { why: 'an end before the start', vars: withInput({ endDate: '2025-10-31' }), code: 'VALIDATION_FAILED' },
        { why: 'before the base opened', vars: withInput({ startDate: '2024-08-30' }), code: 'VALIDATION_FAILED' },
      ],
      again: 'CONFLICT',
    },
    {
      name: 'endInclusionBaseSpell',
      as: 'secondaryStaff',
      query: M.endInclusionSpell,
      prepare: async () => {
        const pupilId = (await addPupil(ctx.world.prisma)).id;
        const baseId = await inclusionBase();
        await ok('secondaryStaff', M.inclusionSpell, {
          input: { pupilId, baseId, startDate: '2025-11-03', note: 'Started' },
        });
        return { input: { pupilId, baseId, endDate: '2026-02-13', note: 'Back in full-time lessons' } };
      },
      writes: EVENT_OUTBOX_AUDIT,
      audit: 'inclusionBase.end',
      refusals: [
        { why: 'the panel', as: 'panel', vars: (v) => v, code: 'FORBIDDEN' },
        { why: 'an end before the start', vars: withInput({ endDate: '2025-10-31' }), code: 'VALIDATION_FAILED' },
      ],
      again: 'CONFLICT',
    },
    {
      name: 'correctPupilDetails',
      as: 'laOfficer',
      query: M.correctDetails,
      prepare: async () => ({
        input: {
          pupilId: (await addPupil(ctx.world.prisma)).id,
          lastName: 'Corrected-Name',
          reason: 'Birth certificate seen',
        },
      }),
      writes: EVENT_OUTBOX_AUDIT,
      audit: 'pupil.correctDetails',
      refusals: [
        {
          why: 'a date of birth in the future',
          vars: withInput({ dateOfBirth: '2098-01-01' }),
          code: 'VALIDATION_FAILED',
        },
        { why: 'another LA', as: 'laOfficerB', vars: (v) => v, code: 'NOT_FOUND' },
        { why: 'the panel', as: 'panel', vars: (v) => v, code: 'FORBIDDEN' },
      ],
      again: 'VALIDATION_FAILED',
    },
    {
      name: 'restrictPupilRecord',
      as: 'laOfficer',
      query: M.restrict,
      prepare: async () => ({
        input: { pupilId: (await addPupil(ctx.world.prisma)).id, reason: 'Parent disputes the record' },
      }),
      writes: EVENT_OUTBOX_AUDIT,
      audit: 'pupil.restrict',
      refusals: [
        {
          why: 'an officer who does not exist',
          vars: withInput({ officerIds: ['00000000-0000-4000-8000-00000000dead'] }),
          code: 'VALIDATION_FAILED',
        },
        { why: 'another LA', as: 'laOfficerB', vars: (v) => v, code: 'NOT_FOUND' },
        { why: 'a school', as: 'secondaryStaff', vars: (v) => v, code: 'FORBIDDEN' },
      ],
    },
    {
      name: 'liftPupilRestriction',
      as: 'laOfficer',
      query: M.lift,
      prepare: async () => {
        const pupilId = (await addPupil(ctx.world.prisma)).id;
        await ok('laOfficer', M.restrict, { input: { pupilId, reason: 'Disputed' } });
        return { input: { pupilId, reason: 'Dispute settled' } };
      },
      writes: EVENT_OUTBOX_AUDIT,
      audit: 'pupil.liftRestriction',
      refusals: [
        { why: 'another LA', as: 'laOfficerB', vars: (v) => v, code: 'NOT_FOUND' },
        { why: 'the panel', as: 'panel', vars: (v) => v, code: 'FORBIDDEN' },
      ],
      again: 'VALIDATION_FAILED',
    },
    {
      name: 'approveAnonymisation',
      as: 'laOfficer',
      query: M.approveAnonymisation,
      prepare: async () => {
        const pupil = await addPupil(ctx.world.prisma, { dob: '1995-03-01' });
        const review = await ctx.world.prisma.retentionReview.create({
          data: {
            laId: IDS.laA,
            pupilId: pupil.id,
            dueOn: new Date('2020-03-01T00:00:00Z'),
            ruleId: 'RET1',
            foundOn: new Date('2026-12-01T00:00:00Z'),
          },
        });
        return { input: { reviewIds: [review.id], reason: 'Reviewed against the schedule' } };
      },
      // The review row is updated in place (approved), not added: the audit row is the only new row.
      writes: { AuditEvent: 1 },
      audit: 'pupil.approveAnonymisation',
      refusals: [
        { why: 'another LA', as: 'laOfficerB', vars: (v) => v, code: 'NOT_FOUND' },
        { why: 'a school', as: 'secondaryStaff', vars: (v) => v, code: 'FORBIDDEN' },
        { why: 'no reason', vars: withInput({ reason: ' ' }), code: 'VALIDATION_FAILED' },
      ],
      again: 'VALIDATION_FAILED',
    },
    {
      name: 'recordGovernorDecision',
      as: 'secondaryStaff',
      query: M.governors,
      prepare: async () => {
        const pupil = await addPupil(ctx.world.prisma);
        const ex = await ok('secondaryStaff', M.exclude, {
          input: {
            pupilId: pupil.id,
            schoolId: IDS.secondaryA,
            startDate: '2025-10-22',
            reasonCategory: 'DAMAGE',
            note: 'x',
          },
        });
        return {
          input: {
            exclusionId: ex.recordPermanentExclusion.id,
            outcome: 'UPHELD',
            decisionDate: '2025-11-12',
            note: 'Board met.',
          },
        };
      },
      writes: EVENT_OUTBOX_AUDIT,
      audit: 'exclusion.governor',
      refusals: [
        { why: 'before the exclusion', vars: withInput({ decisionDate: '2025-10-21' }), code: 'VALIDATION_FAILED' },
        { why: 'another school', as: 'academyStaff', vars: (v) => v, code: 'NOT_FOUND' },
      ],
      again: 'CONFLICT',
    },
    {
      name: 'correctEvent (a placement start)',
      as: 'laOfficer',
      query: M.correct,
      prepare: async () => {
        const { pupil } = await openPlacement();
        return {
          input: {
            eventId: await timelineEvent(pupil.id, 'PLACEMENT_STARTED'),
            correction: { startDate: '2025-10-21' },
            reason: 'Started a day later',
          },
        };
      },
      writes: EVENT_OUTBOX_AUDIT,
      audit: 'timeline.correct',
      refusals: [
        {
          why: 'a field the event does not have',
          vars: withInput({ correction: { colour: 'blue' } }),
          code: 'VALIDATION_FAILED',
        },
        { why: 'another LA', as: 'laOfficerB', vars: (v) => v, code: 'NOT_FOUND' },
      ],
    },
    // --- fair access ------------------------------------------------------------------------------
    {
      name: 'referForFairAccess',
      as: 'laOfficer',
      query: M.refer,
      prepare: async () => ({
        input: referralInput((await addPupil(ctx.world.prisma)).id, {
          referredOn: '2025-11-03',
          agreedToConsiderOn: '2025-11-03',
        }),
      }),
      writes: { FairAccessReferral: 1, ...EVENT_OUTBOX_AUDIT },
      audit: 'fairAccess.refer',
      refusals: [
        { why: 'no fair access category (para 3.17)', vars: withInput({ categories: [] }), code: 'RULE_BLOCKED' },
        { why: 'a school', as: 'secondaryStaff', vars: (v) => v, code: 'FORBIDDEN' },
      ],
    },
    {
      name: 'agreeToConsiderReferral',
      as: 'panel',
      query: M.agree,
      prepare: async () => {
        const pupil = await addPupil(ctx.world.prisma);
        const referral = await fap().refer(ctx.world.tokens.laOfficer, pupil.id, {
          referredOn: '2025-11-03',
          agreedToConsiderOn: null,
        });
        return { input: { referralId: referral.id, agreedOn: '2025-11-05', note: 'Panel agreed to consider.' } };
      },
      writes: EVENT_OUTBOX_AUDIT,
      audit: 'fairAccess.agreeToConsider',
      refusals: [
        {
          why: 'agreed before it was referred',
          vars: withInput({ agreedOn: '2025-11-02' }),
          code: 'VALIDATION_FAILED',
        },
        { why: 'another LA', as: 'laOfficerB', vars: (v) => v, code: 'NOT_FOUND' },
      ],
    },
    {
      name: 'schedulePanelMeeting',
      as: 'panel',
      query: M.meeting,
      prepare: async () => ({
        input: { meetingDate: '2025-12-10', attendingOrganisations: ['LA admissions', 'Secondary headteachers'] },
      }),
      writes: { FairAccessPanelMeeting: 1, AuditEvent: 1 },
      audit: 'fairAccess.meeting',
      refusals: [
        { why: 'nobody attending', vars: withInput({ attendingOrganisations: [] }), code: 'VALIDATION_FAILED' },
        { why: 'a school', as: 'secondaryStaff', vars: (v) => v, code: 'FORBIDDEN' },
      ],
    },
    {
      name: 'recordPanelDecision',
      as: 'panel',
      query: M.decide,
      prepare: async () => {
        const pupil = await addPupil(ctx.world.prisma);
        const referral = await fap().refer(ctx.world.tokens.laOfficer, pupil.id, {
          referredOn: '2025-11-03',
          agreedToConsiderOn: '2025-11-03',
        });
        return {
          input: {
            referralId: referral.id,
            meetingId: await meetingOn('2025-11-12'),
            outcome: 'ALLOCATE_SCHOOL',
            allocatedSchoolId: IDS.academyA,
            admissionDeadline: '2025-11-21',
            rationale: 'Mainstream place.',
            decidedBy: 'Panel',
            overrideReason: 'Nurture group',
          },
        };
      },
      writes: { FairAccessDecision: 1, ...EVENT_OUTBOX_AUDIT },
      audit: 'fairAccess.decide',
      refusals: [
        {
          why: 'an allocation without the school',
          vars: (v) => ({ input: { ...input(v), allocatedSchoolId: null } }),
          code: 'VALIDATION_FAILED',
        },
        { why: 'a school', as: 'academyStaff', vars: (v) => v, code: 'FORBIDDEN' },
      ],
      again: 'CONFLICT',
    },
    {
      name: 'recordSchoolResponse',
      as: 'academyStaff',
      query: M.respond,
      prepare: async () => ({
        input: {
          decisionId: (await allocated()).decision.id,
          outcome: 'REFUSED',
          respondedOn: '2025-11-14',
          refusalGrounds: ['PREVIOUS_ATTENDANCE'],
          reason: 'Attendance.',
        },
      }),
      writes: { FairAccessSchoolResponse: 1, ...EVENT_OUTBOX_AUDIT },
      audit: 'fairAccess.respond',
      refusals: [
        { why: 'a school that was not allocated', as: 'secondaryStaff', vars: (v) => v, code: 'NOT_FOUND' },
        { why: 'a refusal with no ground', vars: withInput({ refusalGrounds: [] }), code: 'VALIDATION_FAILED' },
      ],
      again: 'CONFLICT',
    },
    {
      name: 'requestDirection',
      as: 'laOfficer',
      query: M.direct,
      prepare: async () => ({
        input: {
          decisionId: (await refusedByAcademy()).decision.id,
          requestedOn: '2025-11-17',
          note: 'Evidence pack sent to DfE.',
        },
      }),
      writes: { FairAccessDirection: 1, ...EVENT_OUTBOX_AUDIT },
      audit: 'fairAccess.direction.request',
      refusals: [
        {
          why: 'an academy has no LA-admission-authority route (F7)',
          vars: withInput({ laIsAdmissionAuthority: true }),
          code: 'VALIDATION_FAILED',
        },
        { why: 'the panel', as: 'academyStaff', vars: (v) => v, code: 'FORBIDDEN' },
      ],
      again: 'CONFLICT',
    },
    {
      name: 'recordDirectionOutcome',
      as: 'laOfficer',
      query: M.directionOutcome,
      prepare: async () => {
        const a = await refusedByAcademy();
        const dir = await ok('laOfficer', M.direct, {
          input: { decisionId: a.decision.id, requestedOn: '2025-11-17', note: 'To DfE' },
        });
        return {
          input: {
            directionId: dir.requestDirection.id,
            outcome: 'DIRECTED',
            outcomeOn: '2025-11-27',
            note: 'Directed.',
          },
        };
      },
      writes: EVENT_OUTBOX_AUDIT,
      audit: 'fairAccess.direction.outcome',
      refusals: [
        {
          why: 'an outcome before the request',
          vars: withInput({ outcomeOn: '2025-11-16' }),
          code: 'VALIDATION_FAILED',
        },
        { why: 'another LA', as: 'laOfficerB', vars: (v) => v, code: 'NOT_FOUND' },
      ],
      again: 'CONFLICT',
    },
    {
      name: 'recordFairAccessAdmission',
      as: 'academyStaff',
      query: M.admit,
      prepare: async () => {
        const a = await allocated();
        await ok('academyStaff', M.respond, {
          input: { decisionId: a.decision.id, outcome: 'ACCEPTED', respondedOn: '2025-11-14', reason: 'Agreed.' },
        });
        return {
          input: { referralId: a.referral.id, schoolId: IDS.academyA, admittedOn: '2025-12-01', note: 'Started.' },
        };
      },
      // The pupil joins the academy's roll: pupil and referral outbox rows.
      writes: { Enrolment: 1, PupilEvent: 1, OutboxEvent: 2, AuditEvent: 1 },
      audit: 'fairAccess.admit',
      refusals: [
        {
          why: 'a school the pupil was not allocated to',
          as: 'secondaryStaff',
          vars: withInput({ schoolId: IDS.secondaryA }),
          code: 'NOT_FOUND',
        },
        {
          why: 'admitted before the decision',
          vars: withInput({ admittedOn: '2025-11-10' }),
          code: 'VALIDATION_FAILED',
        },
      ],
      again: 'CONFLICT',
    },
    // --- flags and settings -----------------------------------------------------------------------
    {
      name: 'acknowledgeFlag',
      as: 'pruStaff',
      query: M.acknowledge,
      prepare: async () => ({ input: (await flagRow()).id }),
      writes: { AuditEvent: 1 },
      audit: 'flag.acknowledge',
      refusals: [
        { why: 'another LA', as: 'laOfficerB', vars: (v) => v, code: 'NOT_FOUND' },
        { why: 'the analyst', as: 'analyst', vars: (v) => v, code: 'FORBIDDEN' },
      ],
    },
    {
      name: 'dismissFlag',
      as: 'laOfficer',
      query: M.dismiss,
      prepare: async () => ({ input: (await flagRow()).id, reason: 'Extension agreed' }),
      writes: { AuditEvent: 1 },
      audit: 'flag.dismiss',
      refusals: [
        { why: 'a provider may not dismiss', as: 'pruStaff', vars: (v) => v, code: 'FORBIDDEN' },
        { why: 'no reason', vars: (v) => ({ ...v, reason: ' ' }), code: 'VALIDATION_FAILED' },
      ],
    },
    {
      name: 'configureWebhook',
      as: 'laOfficer',
      query: M.webhook,
      prepare: async () => ({
        input: 'https://hooks.example.org/ap',
        secret: 'webhook-secret-0123456789-0123456789-abc',
      }),
      writes: { LaSettings: 1, AuditEvent: 1 },
      audit: 'settings.webhook',
      refusals: [
        { why: 'not a URL', vars: (v) => ({ ...v, input: 'not a url' }), code: 'VALIDATION_FAILED' },
        { why: 'a school', as: 'secondaryStaff', vars: (v) => v, code: 'FORBIDDEN' },
      ],
    },
    {
      name: 'setThresholdOverride',
      as: 'laOfficer',
      query: M.threshold,
      prepare: async () => ({
        input: 'reviewIntervalSchoolDays',
        value: 20,
        reason: 'Local protocol: review every 4 weeks',
      }),
      writes: { LaRuleOverride: 1, AuditEvent: 1 },
      audit: 'settings.threshold',
      refusals: [
        {
          why: 'loosening a legal limit (the registration count)',
          vars: (v) => ({ ...v, input: 'registrationPupilCount', value: 50 }),
          code: 'VALIDATION_FAILED',
        },
        { why: 'the panel', as: 'panel', vars: (v) => v, code: 'FORBIDDEN' },
      ],
    },
    {
      // Only the batch and its file now: the rows are checked and applied by the import job.
      name: 'importPlacements',
      as: 'laOfficer',
      query: M.importPlacements,
      prepare: async () => ({ input: { fileName: 'placements.csv', csv: placementTemplateCsv(), dryRun: true } }),
      writes: { ImportBatch: 1, ImportFile: 1, AuditEvent: 1 },
      audit: 'import.upload',
      refusals: [
        { why: 'an empty file', vars: withInput({ csv: '' }), code: 'VALIDATION_FAILED' },
        { why: 'a duplicate header', vars: withInput({ csv: 'UPN,UPN\r\nx,y\r\n' }), code: 'VALIDATION_FAILED' },
        { why: 'a school', as: 'secondaryStaff', vars: (v) => v, code: 'FORBIDDEN' },
      ],
    },
    {
      name: 'cancelImportJob',
      as: 'laOfficer',
      query: M.cancelImport,
      prepare: async () => {
        const started = await ok('laOfficer', M.importPlacements, {
          input: { fileName: 'placements.csv', csv: placementTemplateCsv(), dryRun: true },
        });
        return { input: started.importPlacements.job.id };
      },
      writes: { AuditEvent: 1 },
      audit: 'import.cancel',
      refusals: [
        { why: 'another LA’s import', as: 'laOfficerB', vars: (v) => v, code: 'NOT_FOUND' },
        { why: 'a school', as: 'secondaryStaff', vars: (v) => v, code: 'FORBIDDEN' },
      ],
    },
    {
      name: 'uploadImportFile',
      as: 'laOfficer',
      query: M.uploadImport,
      prepare: async () => ({ input: { kind: 'PLACEMENTS', fileName: 'placements.csv', csv: placementTemplateCsv() } }),
      writes: { ImportUpload: 1, AuditEvent: 1 },
      audit: 'import.hold',
      refusals: [
        { why: 'an empty file', vars: withInput({ csv: '' }), code: 'VALIDATION_FAILED' },
        {
          why: 'not UTF-8',
          vars: withInput({ csv: null, base64: Buffer.from([0x55, 0xe9, 0x0a]).toString('base64') }),
          code: 'VALIDATION_FAILED',
        },
        { why: 'a school', as: 'secondaryStaff', vars: (v) => v, code: 'FORBIDDEN' },
      ],
    },
    {
      name: 'startImportUpload',
      as: 'laOfficer',
      query: M.startUpload,
      prepare: async () => {
        const held = await ok('laOfficer', M.uploadImport, {
          input: { kind: 'PLACEMENTS', fileName: 'placements.csv', csv: placementTemplateCsv() },
        });
        return { input: { uploadId: held.uploadImportFile.id, dryRun: true } };
      },
      writes: { ImportBatch: 1, ImportFile: 1, AuditEvent: 1 },
      audit: 'import.upload',
      refusals: [
        {
          why: 'a required field unmapped',
          vars: withInput({ mapping: { columns: [{ field: 'upn', header: 'UPN' }] } }),
          code: 'VALIDATION_FAILED',
        },
        { why: 'another LA’s file', as: 'laOfficerB', vars: (v) => v, code: 'NOT_FOUND' },
        { why: 'a school', as: 'secondaryStaff', vars: (v) => v, code: 'FORBIDDEN' },
      ],
    },
    {
      name: 'importCheckedFile',
      as: 'laOfficer',
      query: M.importChecked,
      // A dry run that finished on a held file (the job itself is the import tests' business).
      prepare: async () => {
        const held = await ok('laOfficer', M.uploadImport, {
          input: { kind: 'PLACEMENTS', fileName: 'placements.csv', csv: placementTemplateCsv() },
        });
        const dry = (
          await ok('laOfficer', M.startUpload, { input: { uploadId: held.uploadImportFile.id, dryRun: true } })
        ).startImportUpload.job.id as string;
        await ctx.world.prisma.importBatch.update({ where: { id: dry }, data: { status: 'DONE' } });
        return { input: dry, mode: 'VALID_ROWS' };
      },
      writes: { ImportBatch: 1, ImportFile: 1, ImportUpload: -1, AuditEvent: 1 },
      audit: 'import.upload',
      refusals: [
        { why: 'another LA’s import', as: 'laOfficerB', vars: (v) => v, code: 'NOT_FOUND' },
        { why: 'a school', as: 'secondaryStaff', vars: (v) => v, code: 'FORBIDDEN' },
      ],
      again: 'CONFLICT',
    },
  ];

  // Transfer between LAs, within one installation: LA 373 signs, LA 372 trusts its JWKS and imports.
  const ensureSigningKey = async () => {
    const keys = await ok('laOfficer', '{ transferKeys { own { kid retiredAt } } }', {});
    if (!keys.transferKeys.own.some((k: any) => !k.retiredAt)) await ok('laOfficer', M.signingKey, {});
  };
  const jwksOf = async (code: string): Promise<any> => (await fetch(`${ctx.api.url}/transfer/jwks/${code}`)).json();
  const exportInput = (pupilId: string) => ({
    pupilId,
    toLaCode: '372',
    leftOn: '2026-03-27',
    reason: 'Family moved to Rotherham',
  });
  cases.push(
    {
      name: 'createTransferSigningKey',
      as: 'laOfficer',
      query: M.signingKey,
      prepare: async () => ({}),
      writes: { LaSigningKey: 1, AuditEvent: 1 },
      audit: 'transfer.keyCreated',
      refusals: [{ why: 'a school', as: 'secondaryStaff', vars: (v) => v, code: 'FORBIDDEN' }],
    },
    {
      name: 'trustLaKeys',
      as: 'laOfficerB',
      query: M.trustKeys,
      prepare: async () => {
        await ensureSigningKey();
        const jwks = await jwksOf('373');
        expect(jwks.keys).toHaveLength(1);
        return { input: { laCode: '373', jwks } };
      },
      writes: { TrustedLaKey: 1, AuditEvent: 1 },
      audit: 'transfer.keysTrusted',
      refusals: [
        {
          why: 'a private key',
          vars: (v) => ({
            ...v,
            input: { laCode: '373', jwks: { keys: [{ ...(input(v).jwks as any).keys[0], d: 'AAAA' }] } },
          }),
          code: 'VALIDATION_FAILED',
        },
        {
          why: 'keys said to be of the caller’s own LA',
          vars: withInput({ laCode: '372' }),
          code: 'VALIDATION_FAILED',
        },
        { why: 'a school', as: 'secondaryStaff', vars: (v) => v, code: 'FORBIDDEN' },
      ],
    },
    {
      name: 'exportTransferPack',
      as: 'laOfficer',
      query: M.exportPack,
      prepare: async () => {
        await ensureSigningKey();
        const { pupil } = await openPlacement();
        return { input: exportInput(pupil.id) };
      },
      // Its open placement closed through the close-placement use case (event, outbox, audit), then the transfer.
      writes: { PupilEvent: 2, OutboxEvent: 3, PupilTransferOut: 1, AuditEvent: 2 },
      audit: ['placement.end', 'transfer.export'],
      refusals: [
        { why: 'a date in the future', vars: withInput({ leftOn: '2098-01-01' }), code: 'VALIDATION_FAILED' },
        { why: 'to the caller’s own LA', vars: withInput({ toLaCode: '373' }), code: 'VALIDATION_FAILED' },
        { why: 'another LA’s officer', as: 'laOfficerB', vars: (v) => v, code: 'NOT_FOUND' },
        { why: 'a school', as: 'secondaryStaff', vars: (v) => v, code: 'FORBIDDEN' },
      ],
      // Sent away: the pupil is read-only to the sending LA now.
      again: 'NOT_FOUND',
    },
    {
      name: 'importTransferPack',
      as: 'laOfficerB',
      query: M.importPack,
      prepare: async () => {
        await ensureSigningKey();
        await ok('laOfficerB', M.trustKeys, { input: { laCode: '373', jwks: await jwksOf('373') } });
        const { pupil } = await openPlacement();
        const sent = await ok('laOfficer', M.exportPack, { input: exportInput(pupil.id) });
        return { input: { jws: sent.exportTransferPack.jws, reason: 'Moved into Rotherham' } };
      },
      // The pupil is matched by UPN (updated, not added); the history arrives as one read-only record.
      writes: { ReceivedHistory: 1, PupilEvent: 1, OutboxEvent: 1, AuditEvent: 1 },
      audit: 'transfer.import',
      refusals: [
        {
          why: 'a tampered pack',
          vars: (v) => {
            const [h, p, sig] = String(input(v).jws).split('.');
            const claims = JSON.parse(Buffer.from(p!, 'base64url').toString());
            claims.pack.pupil.lastName = 'Changed';
            return {
              ...v,
              input: {
                ...input(v),
                jws: [h, Buffer.from(JSON.stringify(claims)).toString('base64url'), sig].join('.'),
              },
            };
          },
          code: 'PACK_REFUSED',
        },
        {
          why: 'the sending LA itself (not the audience; its own key is not one it trusts)',
          as: 'laOfficer',
          vars: (v) => v,
          code: 'PACK_REFUSED',
        },
        { why: 'a school', as: 'secondaryStaff', vars: (v) => v, code: 'FORBIDDEN' },
      ],
      again: 'PACK_REFUSED',
    },
  );

  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const vars = await c.prepare();
    for (const r of c.refusals) {
      const before = await counts();
      const res = await gql(r.as ?? c.as, c.query, r.vars(vars));
      expect(res.errors?.[0]?.extensions?.code, `${r.why}: ${JSON.stringify(res.errors)}`).toBe(r.code);
      expect(delta(before, await counts()), `${r.why} wrote rows`).toEqual({});
    }
    const before = await counts();
    const lastAudit = (await ctx.world.prisma.auditEvent.aggregate({ _max: { id: true } }))._max.id ?? 0n;
    const res = await gql(c.as, c.query, vars);
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    expect(writesOnly(delta(before, await counts()))).toEqual(c.writes);
    const own = await ctx.world.prisma.$queryRawUnsafe<{ operation: string }[]>(
      `SELECT operation FROM "AuditEvent" WHERE id > $1 AND ${READ_AUDIT.replace('~', '!~')}`,
      lastAudit,
    );
    expect(own.map((a) => a.operation)).toEqual([c.audit].flat());
    if (c.again) {
      const mid = await counts();
      const again = await gql(c.as, c.query, vars);
      expect(again.errors?.[0]?.extensions?.code, JSON.stringify(again.errors)).toBe(c.again);
      expect(delta(mid, await counts()), 'the repeat wrote rows').toEqual({});
    }
  });

  it('has a row for every mutation of the schema', async () => {
    const r = await ctx.api.gql(ctx.world.tokens.laOfficer, `{ __schema { mutationType { fields { name } } } }`);
    const all: string[] = r.data!.__schema.mutationType.fields.map((f: any) => f.name);
    const covered = new Set(Object.values(M).map((q) => /\{\s*(\w+)\(/.exec(q)![1]!));
    expect(all.filter((m) => !covered.has(m))).toEqual([]);
  });
});
