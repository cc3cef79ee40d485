import { beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { addPupil, IDS } from '../support/fixtures';
import { useApiWorld } from '../support/apiWorld';
import {
  ADMIT,
  DECIDE,
  DIRECT,
  DIRECTION_OUTCOME,
  REFERRAL,
  RESPOND,
  fapClient,
  referralInput,
  REFER,
  rowCounts,
  type FapClient,
} from '../support/fairAccess';
import { loadReferralSnapshots } from '../../src/flags/referralSnapshots';
import { evaluateReferral, resolveThresholds } from '../../src/domain/flags';
import { createCalendarService } from '../../src/calendar/calendarService';

describe('fair access decisions: supersede chain, outcomes, direction routing, idempotency, outbox', () => {
  const ctx = useApiWorld();
  let fa: FapClient;
  const m: Record<string, string> = {};
  beforeAll(async () => {
    fa = fapClient(ctx.api);
    for (const d of ['2025-10-08', '2025-11-05', '2025-12-03', '2026-01-14'])
      m[d] = await fa.meeting(ctx.world.tokens.panel, d);
  });

  const outboxFor = (referralId: string) =>
    ctx.world.prisma.outboxEvent.count({
      where: { aggregateType: 'REFERRAL', aggregateId: referralId, type: 'referral.changed' },
    });

  it('the supersede chain: defer, allocate, refuse, re-allocate; every decision kept unchanged, one in force', async () => {
    const pupil = await addPupil(ctx.world.prisma);
    const ref = await fa.refer(ctx.world.tokens.laOfficer, pupil.id, {
      referredOn: '2025-10-01',
      agreedToConsiderOn: null,
    });
    const defer = await fa.decide(ctx.world.tokens.panel, {
      referralId: ref.id,
      meetingId: m['2025-10-08'],
      outcome: 'DEFER',
      deferredToMeetingId: m['2025-11-05'],
      rationale: 'Awaiting the AP assessment',
    });
    expect(defer).toMatchObject({
      outcome: 'DEFER',
      current: true,
      deferredToMeeting: { id: m['2025-11-05'] },
      supersedes: null,
    });

    const alloc = await fa.decide(ctx.world.tokens.panel, {
      referralId: ref.id,
      meetingId: m['2025-11-05'],
      outcome: 'ALLOCATE_SCHOOL',
      allocatedSchoolId: IDS.academyA,
      admissionDeadline: '2025-11-14',
      supersedesDecisionId: defer.id,
    });
    expect(alloc).toMatchObject({ current: true, supersedes: { id: defer.id } });
    await ctx.api.gql(ctx.world.tokens.academyStaff, RESPOND, {
      input: {
        decisionId: alloc.id,
        outcome: 'REFUSED',
        respondedOn: '2025-11-07',
        refusalGrounds: ['CHALLENGING_BEHAVIOUR'],
        schoolHasHighProportionChallenging: true,
        reason: 'High proportion of PEX pupils already',
      },
    });

    const realloc = await fa.decide(ctx.world.tokens.panel, {
      referralId: ref.id,
      meetingId: m['2025-12-03'],
      outcome: 'ALLOCATE_SCHOOL',
      allocatedSchoolId: IDS.secondaryA,
      admissionDeadline: '2025-12-12',
      supersedesDecisionId: alloc.id,
      rationale: 'Academy refusal upheld on para 3.10 evidence; Hillside next',
    });
    expect(realloc).toMatchObject({
      current: true,
      supersedes: { id: alloc.id },
      allocatedSchool: { id: IDS.secondaryA },
    });

    const read = (await ctx.api.gql(ctx.world.tokens.laOfficer, REFERRAL, { id: ref.id, asOf: '2025-12-03' })).data!
      .fairAccessReferral;
    expect(read.decisions.map((d: any) => d.id)).toEqual([defer.id, alloc.id, realloc.id]);
    expect(read.currentDecision.id).toBe(realloc.id);
    expect(read.status).toBe('ALLOCATED');
    // Considering it at the October meeting started the clock; re-allocating after the refusal keeps the 5 November allocation date.
    expect(read.agreedToConsiderOn).toBe('2025-10-08');
    expect(read.timeliness).toMatchObject({
      clockStartedOn: '2025-10-08',
      allocatedOn: '2025-11-05',
      allocatedWithinTarget: true,
      admissionDeadline: '2025-12-12',
    });

    // The earlier decisions are as they were; the database refuses to rewrite one even for the owner.
    const first = await ctx.world.prisma.fairAccessDecision.findUniqueOrThrow({ where: { id: alloc.id } });
    expect(first).toMatchObject({ outcome: 'ALLOCATE_SCHOOL', allocatedSchoolId: IDS.academyA });
    await expect(
      ctx.world.prisma.fairAccessDecision.update({ where: { id: alloc.id }, data: { rationale: 'rewritten' } }),
    ).rejects.toThrow(/append-only/);
    const app = new pg.Client({ connectionString: ctx.db.appUrl });
    await app.connect();
    await expect(app.query('DELETE FROM "FairAccessDecision" WHERE id = $1', [alloc.id])).rejects.toThrow(
      /permission denied|append-only/,
    );
    await app.end();

    expect(await outboxFor(ref.id)).toBe(5); // refer, three decisions, one response
  });

  it('a superseded decision can no longer be responded to', async () => {
    const pupil = await addPupil(ctx.world.prisma);
    const ref = await fa.refer(ctx.world.tokens.laOfficer, pupil.id, {
      referredOn: '2025-10-20',
      agreedToConsiderOn: '2025-10-20',
    });
    const a = await fa.decide(ctx.world.tokens.panel, {
      referralId: ref.id,
      meetingId: m['2025-11-05'],
      outcome: 'ALLOCATE_SCHOOL',
      allocatedSchoolId: IDS.academyA,
      admissionDeadline: '2025-11-14',
    });
    await fa.decide(ctx.world.tokens.panel, {
      referralId: ref.id,
      meetingId: m['2025-11-05'],
      outcome: 'ALLOCATE_SCHOOL',
      allocatedSchoolId: IDS.secondaryA,
      admissionDeadline: '2025-11-14',
      supersedesDecisionId: a.id,
      rationale: 'Corrected: sibling at Hillside',
    });
    const late = await ctx.api.gql(ctx.world.tokens.academyStaff, RESPOND, {
      input: { decisionId: a.id, outcome: 'ACCEPTED', respondedOn: '2025-11-06', reason: 'x' },
    });
    expect(late.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(late.errors?.[0]?.message).toMatch(/superseded/);
  });

  it('AP placement: the panel opens the placement through the movements use case, in the same transaction', async () => {
    const pupil = await addPupil(ctx.world.prisma);
    const ref = await fa.refer(ctx.world.tokens.laOfficer, pupil.id, {
      referredOn: '2025-10-20',
      agreedToConsiderOn: '2025-10-22',
      yearGroupSought: 10,
    });
    const d = await fa.decide(ctx.world.tokens.panel, {
      referralId: ref.id,
      meetingId: m['2025-11-05'],
      outcome: 'AP_PLACEMENT',
      rationale: 'Not ready for mainstream; assessment place first',
      placement: {
        providerId: IDS.pru,
        reason: 'AWAITING_SCHOOL_PLACE',
        tier: 'TIER_2_TIME_LIMITED',
        startDate: '2025-11-10',
        plannedEndDate: '2026-02-13',
        hoursPerWeek: 25,
        registration: 'DUAL_REGISTERED',
        objectives: 'Assessment of needs; re-engagement',
        reintegrationPlan: 'Return to mainstream via the panel in spring',
        registrationConfirmed: true,
      },
    });
    expect(d.placementId).toMatch(/[0-9a-f-]{36}/);
    const p = await ctx.world.prisma.placement.findUniqueOrThrow({ where: { id: d.placementId } });
    expect(p).toMatchObject({
      pupilId: pupil.id,
      providerId: IDS.pru,
      commissionerKind: 'LA',
      reason: 'AWAITING_SCHOOL_PLACE',
      legalBasis: 'S19_OTHER',
      laId: IDS.laA,
    });
    const read = (await ctx.api.gql(ctx.world.tokens.laOfficer, REFERRAL, { id: ref.id, asOf: '2025-11-10' })).data!
      .fairAccessReferral;
    // Referred Mon 20 Oct; half-term 27–31 Oct; 21–24 Oct (4), 3–7 Nov (9), Mon 10 Nov (10).
    expect(read).toMatchObject({
      status: 'PLACED_IN_AP',
      admittedOn: '2025-11-10',
      timeliness: { allocatedOn: '2025-11-05', timeToPlaceSchoolDays: 10 },
    });
    expect(
      await ctx.world.prisma.pupilEvent.count({
        where: { pupilId: pupil.id, type: 'PLACEMENT_STARTED', placementId: d.placementId },
      }),
    ).toBe(1);
    // LA officers see the placement; panel members see its id only (they have no placement scope).
    const asOfficer = await ctx.api.gql(
      ctx.world.tokens.laOfficer,
      `query($id: UUID!) { panelDecision(id: $id) { placementId placement { id } } }`,
      { id: d.id },
    );
    expect(asOfficer.data?.panelDecision.placement.id).toBe(d.placementId);
    // Placed: no further decision.
    const again = await ctx.api.gql(ctx.world.tokens.panel, DECIDE, {
      input: {
        referralId: ref.id,
        meetingId: m['2025-12-03'],
        outcome: 'WITHDRAWN',
        rationale: 'x',
        decidedBy: 'Panel',
        supersedesDecisionId: d.id,
      },
    });
    expect(again.errors?.[0]?.extensions?.code).toBe('CONFLICT');
  });

  it('managed move to a named school; accepted and admitted; it cannot be directed', async () => {
    const pupil = await addPupil(ctx.world.prisma, { schoolId: IDS.academyA });
    const ref = await fa.refer(ctx.world.tokens.laOfficer, pupil.id, {
      referredOn: '2025-10-20',
      agreedToConsiderOn: '2025-10-20',
      categories: ['SEN_NO_EHCP_DISABILITY_MEDICAL'],
      previousSchoolIds: [IDS.academyA],
    });
    const d = await fa.decide(ctx.world.tokens.panel, {
      referralId: ref.id,
      meetingId: m['2025-11-05'],
      outcome: 'MANAGED_MOVE',
      allocatedSchoolId: IDS.secondaryA,
      rationale: 'Parents and both schools agree a managed move',
    });
    expect(d).toMatchObject({
      outcome: 'MANAGED_MOVE',
      allocatedSchool: { id: IDS.secondaryA },
      admissionDeadline: null,
    });
    const dir = await ctx.api.gql(ctx.world.tokens.laOfficer, DIRECT, {
      input: { decisionId: d.id, requestedOn: '2025-11-20', note: 'x' },
    });
    expect(dir.errors?.[0]?.extensions?.code).toBe('VALIDATION_FAILED');
    expect(dir.errors?.[0]?.message).toMatch(/voluntary/);
    await ctx.api.gql(ctx.world.tokens.secondaryStaff, RESPOND, {
      input: { decisionId: d.id, outcome: 'ACCEPTED', respondedOn: '2025-11-06', reason: 'Agreed' },
    });
    const admitted = await ctx.api.gql(ctx.world.tokens.secondaryStaff, ADMIT, {
      input: { referralId: ref.id, schoolId: IDS.secondaryA, admittedOn: '2025-11-10', note: 'Started' },
    });
    expect(admitted.data?.recordFairAccessAdmission).toMatchObject({
      status: 'ADMITTED',
      admittedSchool: { id: IDS.secondaryA },
    });
  });

  it('not eligible closes the case; a superseding decision can reopen it; withdrawn closes it again', async () => {
    const pupil = await addPupil(ctx.world.prisma);
    const ref = await fa.refer(ctx.world.tokens.laOfficer, pupil.id, {
      referredOn: '2025-10-01',
      agreedToConsiderOn: null,
    });
    const ne = await fa.decide(ctx.world.tokens.panel, {
      referralId: ref.id,
      meetingId: m['2025-10-08'],
      outcome: 'NOT_ELIGIBLE',
      rationale: 'A place was offered and declined',
    });
    let read = (await ctx.api.gql(ctx.world.tokens.laOfficer, REFERRAL, { id: ref.id, asOf: '2025-12-01' })).data!
      .fairAccessReferral;
    expect(read).toMatchObject({
      status: 'NOT_ELIGIBLE',
      closedOn: '2025-10-08',
      agreedToConsiderOn: null,
      timeliness: { overdue: false, allocateBy: null },
    });
    const reopened = await fa.decide(ctx.world.tokens.panel, {
      referralId: ref.id,
      meetingId: m['2025-11-05'],
      outcome: 'DEFER',
      deferredToMeetingId: m['2025-12-03'],
      supersedesDecisionId: ne.id,
      rationale: 'New evidence: out of education 6 weeks',
    });
    read = (await ctx.api.gql(ctx.world.tokens.laOfficer, REFERRAL, { id: ref.id, asOf: '2025-12-05' })).data!
      .fairAccessReferral;
    // Clock from Wed 5 Nov: 20th school day after is Wed 3 Dec; on Fri 5 Dec it is 2 school days overdue.
    expect(read).toMatchObject({
      status: 'OPEN',
      closedOn: null,
      agreedToConsiderOn: '2025-11-05',
      timeliness: { allocateBy: '2025-12-03', overdue: true, schoolDaysOverdue: 2, schoolDaysRemaining: 0 },
    });
    await fa.decide(ctx.world.tokens.panel, {
      referralId: ref.id,
      meetingId: m['2025-12-03'],
      outcome: 'WITHDRAWN',
      supersedesDecisionId: reopened.id,
      rationale: 'Family moved out of the LA',
    });
    read = (await ctx.api.gql(ctx.world.tokens.laOfficer, REFERRAL, { id: ref.id, asOf: '2025-12-05' })).data!
      .fairAccessReferral;
    expect(read).toMatchObject({ status: 'WITHDRAWN', closedOn: '2025-12-03', timeliness: { overdue: false } });
  });

  describe('direction routing by school type', () => {
    async function refusedBy(schoolId: string, staff: 'secondaryStaff' | 'academyStaff') {
      const pupil = await addPupil(ctx.world.prisma);
      const ref = await fa.refer(ctx.world.tokens.laOfficer, pupil.id, {
        referredOn: '2025-10-20',
        agreedToConsiderOn: '2025-10-20',
      });
      const d = await fa.decide(ctx.world.tokens.panel, {
        referralId: ref.id,
        meetingId: m['2025-11-05'],
        outcome: 'ALLOCATE_SCHOOL',
        allocatedSchoolId: schoolId,
        admissionDeadline: '2025-11-14',
      });
      const r = await ctx.api.gql(ctx.world.tokens[staff], RESPOND, {
        input: {
          decisionId: d.id,
          outcome: 'REFUSED',
          respondedOn: '2025-11-07',
          refusalGrounds: ['SEN_OR_DISABILITY'],
          reason: 'Cannot meet needs',
        },
      });
      expect(r.data?.recordSchoolResponse.response).toMatchObject({
        onForbiddenGround: true,
        forbiddenGrounds: ['SEN_OR_DISABILITY'],
        respondBy: '2025-11-12',
      });
      return { ref, d };
    }

    it('maintained school → LA direction with the 15-day adjudicator window (F6)', async () => {
      const { d } = await refusedBy(IDS.secondaryA, 'secondaryStaff');
      const dir = (
        await ctx.api.gql(ctx.world.tokens.laOfficer, DIRECT, {
          input: { decisionId: d.id, requestedOn: '2025-11-10', note: 'Notice of intention to direct' },
        })
      ).data!.requestDirection;
      expect(dir).toMatchObject({
        route: 'LA_DIRECTION',
        basis: 'REFUSAL',
        laIsAdmissionAuthority: false,
        adjudicatorReferralDeadline: '2025-11-25',
        academyAnswerBy: null,
        school: { id: IDS.secondaryA },
      });
      const out = await ctx.api.gql(ctx.world.tokens.laOfficer, DIRECTION_OUTCOME, {
        input: {
          directionId: dir.id,
          outcome: 'DIRECTED',
          outcomeOn: '2025-12-01',
          adjudicatorReferredOn: '2025-11-20',
          note: 'Adjudicator upheld the direction',
        },
      });
      expect(out.data?.recordDirectionOutcome).toMatchObject({
        outcome: 'DIRECTED',
        adjudicatorReferredOn: '2025-11-20',
      });
    });

    it('maintained community school → LA as admission authority, no adjudicator window', async () => {
      const { d } = await refusedBy(IDS.secondaryA, 'secondaryStaff');
      const dir = (
        await ctx.api.gql(ctx.world.tokens.laOfficer, DIRECT, {
          input: {
            decisionId: d.id,
            requestedOn: '2025-11-10',
            note: 'LA decision as admission authority',
            laIsAdmissionAuthority: true,
          },
        })
      ).data!.requestDirection;
      expect(dir).toMatchObject({
        route: 'LA_DIRECTION',
        laIsAdmissionAuthority: true,
        adjudicatorReferralDeadline: null,
      });
      // No window, so the LA may direct at once.
      expect(
        (
          await ctx.api.gql(ctx.world.tokens.laOfficer, DIRECTION_OUTCOME, {
            input: {
              directionId: dir.id,
              outcome: 'DIRECTED',
              outcomeOn: '2025-11-11',
              note: 'Governing body to implement',
            },
          })
        ).errors,
      ).toBeUndefined();
    });

    it('academy → Secretary of State direction request (F7); an academy has no "LA admission authority" route', async () => {
      const { d } = await refusedBy(IDS.academyA, 'academyStaff');
      const bad = await ctx.api.gql(ctx.world.tokens.laOfficer, DIRECT, {
        input: { decisionId: d.id, requestedOn: '2025-11-10', note: 'x', laIsAdmissionAuthority: true },
      });
      expect(bad.errors?.[0]?.extensions?.code).toBe('VALIDATION_FAILED');
      const dir = (
        await ctx.api.gql(ctx.world.tokens.laOfficer, DIRECT, {
          input: { decisionId: d.id, requestedOn: '2025-11-10', note: 'Request to DfE' },
        })
      ).data!.requestDirection;
      expect(dir).toMatchObject({
        route: 'SECRETARY_OF_STATE_DIRECTION',
        basis: 'REFUSAL',
        adjudicatorReferralDeadline: null,
        academyAnswerBy: '2025-11-17',
      });
    });

    it('a forbidden refusal ground raises the F5 flag; the academy route raises F7 until DfE decides', async () => {
      const { ref, d } = await refusedBy(IDS.academyA, 'academyStaff');
      const calendars = createCalendarService(ctx.world.prisma);
      const cal = await calendars.calendarFor(IDS.laA);
      const [snap] = await loadReferralSnapshots(ctx.world.prisma, [ref.id]);
      const flags = evaluateReferral(snap!, '2025-11-10', cal, resolveThresholds());
      expect(flags.map((f) => f.ruleId).sort()).toEqual(['F5', 'F7']);
      await ctx.api.gql(ctx.world.tokens.laOfficer, DIRECT, {
        input: { decisionId: d.id, requestedOn: '2025-11-10', note: 'Request to DfE' },
      });
      const [after] = await loadReferralSnapshots(ctx.world.prisma, [ref.id]);
      // Requested on 10 Nov; the academy has until 17 Nov to answer DfE: F7 returns only after that.
      expect(evaluateReferral(after!, '2025-11-17', cal, resolveThresholds()).map((f) => f.ruleId)).toEqual(['F5']);
      expect(
        evaluateReferral(after!, '2025-11-18', cal, resolveThresholds())
          .map((f) => `${f.ruleId}:${f.periodKey}`)
          .sort(),
      ).toEqual(['F5:' + IDS.academyA, `F7:${IDS.academyA}:DFE_DECISION_AWAITED`]);
    });
  });

  it('idempotency: a retried write returns the first answer; the same key for another input is a CONFLICT', async () => {
    const pupil = await addPupil(ctx.world.prisma);
    const input = referralInput(pupil.id);
    const a = await ctx.api.gql(ctx.world.tokens.laOfficer, REFER, { input, key: 'refer-once' });
    const before = await rowCounts(ctx.world.prisma);
    const b = await ctx.api.gql(ctx.world.tokens.laOfficer, REFER, { input, key: 'refer-once' });
    expect(b.data?.referForFairAccess.id).toBe(a.data?.referForFairAccess.id);
    expect(await rowCounts(ctx.world.prisma)).toEqual(before);
    const c = await ctx.api.gql(ctx.world.tokens.laOfficer, REFER, {
      input: { ...input, yearGroupSought: 8 },
      key: 'refer-once',
    });
    expect(c.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'IDEMPOTENCY_KEY_REUSED' });

    const decide = {
      referralId: a.data!.referForFairAccess.id,
      meetingId: m['2025-11-05'],
      outcome: 'DEFER',
      deferredToMeetingId: m['2025-12-03'],
      rationale: 'x',
      decidedBy: 'Panel',
    };
    const [d1, d2] = await Promise.all([
      ctx.api.gql(ctx.world.tokens.panel, DECIDE, { input: decide, key: 'decide-once' }),
      ctx.api.gql(ctx.world.tokens.panel, DECIDE, { input: decide, key: 'decide-once' }),
    ]);
    expect(d1.data?.recordPanelDecision.id).toBe(d2.data?.recordPanelDecision.id);
    expect(
      await ctx.world.prisma.fairAccessDecision.count({ where: { referralId: a.data!.referForFairAccess.id } }),
    ).toBe(1);
  });
});
