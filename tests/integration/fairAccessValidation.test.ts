import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { type GqlResult } from '../support/api';
import { addPupil, IDS } from '../support/fixtures';
import { useApiWorld } from '../support/apiWorld';
import {
  ADMIT,
  AGREE,
  DECIDE,
  DIRECT,
  DIRECTION_OUTCOME,
  MEETING,
  REFER,
  RESPOND,
  fapClient,
  referralInput,
  rowCounts,
  type FapClient,
} from '../support/fairAccess';
import { placementInput } from '../support/movements';

/** Every validation rule of issue 6: a typed error, and not one row written (counted before and after). */
describe('fair access validation: typed errors, nothing written', () => {
  const ctx = useApiWorld();
  let fa: FapClient;
  let meetingOct6: string;
  let meetingNov3: string;
  let meetingSep1: string;
  beforeAll(async () => {
    fa = fapClient(ctx.api);
    meetingSep1 = await fa.meeting(ctx.world.tokens.panel, '2025-09-01');
    meetingOct6 = await fa.meeting(ctx.world.tokens.panel, '2025-10-06');
    meetingNov3 = await fa.meeting(ctx.world.tokens.panel, '2025-11-03');
  });

  /** Runs a write that must fail with the code (and rule) given, and proves it wrote nothing. */
  async function refused(
    token: string,
    query: string,
    input: Record<string, unknown>,
    code: string,
    rule?: string,
  ): Promise<GqlResult> {
    const before = await rowCounts(ctx.world.prisma);
    const r = await ctx.api.gql(token, query, { input });
    expect(r.errors?.[0]?.extensions?.code, JSON.stringify(r.errors)).toBe(code);
    if (rule) expect(r.errors?.[0]?.extensions?.rule).toBe(rule);
    expect(await rowCounts(ctx.world.prisma)).toEqual(before);
    return r;
  }

  /** A referral allocated at the 3 Nov meeting to the academy (the whose-turn school). */
  async function allocated() {
    const pupil = await addPupil(ctx.world.prisma);
    const ref = await fa.refer(ctx.world.tokens.laOfficer, pupil.id, {
      referredOn: '2025-10-20',
      agreedToConsiderOn: '2025-10-20',
    });
    const d = await fa.decide(ctx.world.tokens.panel, {
      referralId: ref.id,
      meetingId: meetingNov3,
      outcome: 'ALLOCATE_SCHOOL',
      allocatedSchoolId: IDS.academyA,
      admissionDeadline: '2025-11-14',
    });
    return { pupil, ref, d };
  }

  describe('referral', () => {
    it('no para 3.17 category: RULE_BLOCKED F3, naming the normal in-year route', async () => {
      const pupil = await addPupil(ctx.world.prisma);
      const r = await refused(
        ctx.world.tokens.laOfficer,
        REFER,
        referralInput(pupil.id, { categories: [] }),
        'RULE_BLOCKED',
        'F3',
      );
      expect(r.errors?.[0]?.message).toMatch(/none of the 13 fair access categories.*normal in-year admissions route/);
      expect(r.errors?.[0]?.extensions?.normalRoute).toMatch(/in-year/);
    });

    it('an EHC plan goes to the EHC plan process (F3)', async () => {
      const pupil = await addPupil(ctx.world.prisma, { senStatus: 'EHCP' });
      const r = await refused(
        ctx.world.tokens.laOfficer,
        REFER,
        referralInput(pupil.id, { categories: ['SEN_NO_EHCP_DISABILITY_MEDICAL'] }),
        'RULE_BLOCKED',
        'F3',
      );
      expect(r.errors?.[0]?.message).toMatch(/EHC plan process/);
    });

    it('no evidence of in-year attempts (F3)', async () => {
      const pupil = await addPupil(ctx.world.prisma);
      await refused(
        ctx.world.tokens.laOfficer,
        REFER,
        referralInput(pupil.id, { inYearAttempts: null }),
        'RULE_BLOCKED',
        'F3',
      );
    });

    it('an unknown previous school, or a referring school of another LA: NOT_FOUND', async () => {
      const pupil = await addPupil(ctx.world.prisma);
      await refused(
        ctx.world.tokens.laOfficer,
        REFER,
        referralInput(pupil.id, { previousSchoolIds: [randomUUID()] }),
        'NOT_FOUND',
      );
      await refused(
        ctx.world.tokens.laOfficer,
        REFER,
        referralInput(pupil.id, { referringParty: 'SCHOOL', referringSchoolId: IDS.secondaryB }),
        'NOT_FOUND',
      );
    });

    it('agreed to consider before the referral, a referral dated in the future, a school referral with no school', async () => {
      const pupil = await addPupil(ctx.world.prisma);
      const r = await refused(
        ctx.world.tokens.laOfficer,
        REFER,
        referralInput(pupil.id, { referredOn: '2025-10-06', agreedToConsiderOn: '2025-10-03' }),
        'VALIDATION_FAILED',
      );
      expect(r.errors?.[0]?.extensions?.fields).toEqual([expect.objectContaining({ field: 'agreedToConsiderOn' })]);
      await refused(
        ctx.world.tokens.laOfficer,
        REFER,
        referralInput(pupil.id, { referredOn: '2099-01-05', agreedToConsiderOn: null }),
        'VALIDATION_FAILED',
      );
      await refused(
        ctx.world.tokens.laOfficer,
        REFER,
        referralInput(pupil.id, { referringParty: 'SCHOOL' }),
        'VALIDATION_FAILED',
      );
    });

    it('a year group outside Reception–Year 11', async () => {
      const pupil = await addPupil(ctx.world.prisma);
      await refused(
        ctx.world.tokens.laOfficer,
        REFER,
        referralInput(pupil.id, { yearGroupSought: 12 }),
        'VALIDATION_FAILED',
      );
    });

    it('a second open referral for the same pupil: CONFLICT', async () => {
      const pupil = await addPupil(ctx.world.prisma);
      await fa.refer(ctx.world.tokens.laOfficer, pupil.id);
      await refused(ctx.world.tokens.laOfficer, REFER, referralInput(pupil.id), 'CONFLICT');
    });

    it('agreeing to consider twice, or before the referral', async () => {
      const pupil = await addPupil(ctx.world.prisma);
      const ref = await fa.refer(ctx.world.tokens.laOfficer, pupil.id, { agreedToConsiderOn: null });
      await refused(
        ctx.world.tokens.panel,
        AGREE,
        { referralId: ref.id, agreedOn: '2025-10-01', note: 'x' },
        'VALIDATION_FAILED',
      );
      expect(
        (
          await ctx.api.gql(ctx.world.tokens.panel, AGREE, {
            input: { referralId: ref.id, agreedOn: '2025-10-08', note: 'Agreed at triage' },
          })
        ).data?.agreeToConsiderReferral.agreedToConsiderOn,
      ).toBe('2025-10-08');
      await refused(
        ctx.world.tokens.panel,
        AGREE,
        { referralId: ref.id, agreedOn: '2025-10-09', note: 'x' },
        'CONFLICT',
      );
    });
  });

  describe('looked-after child (F4)', () => {
    it('is routed to an LA direction; the panel cannot decide on it', async () => {
      const pupil = await addPupil(ctx.world.prisma, { lookedAfter: true });
      const ref = await fa.refer(ctx.world.tokens.laOfficer, pupil.id, { agreedToConsiderOn: null });
      expect(ref).toMatchObject({
        route: 'LA_DIRECTION_LOOKED_AFTER',
        status: 'ROUTED_TO_LA_DIRECTION',
        currentlyLookedAfter: true,
      });
      await refused(
        ctx.world.tokens.panel,
        DECIDE,
        { referralId: ref.id, meetingId: meetingNov3, outcome: 'NOT_ELIGIBLE', rationale: 'x', decidedBy: 'Panel' },
        'RULE_BLOCKED',
        'F4',
      );
      await refused(
        ctx.world.tokens.panel,
        AGREE,
        { referralId: ref.id, agreedOn: '2025-10-08', note: 'x' },
        'RULE_BLOCKED',
        'F4',
      );
    });
  });

  describe('meetings and decisions', () => {
    it('a meeting needs an attending organisation', async () => {
      await refused(
        ctx.world.tokens.panel,
        MEETING,
        { meetingDate: '2025-11-10', attendingOrganisations: [] },
        'VALIDATION_FAILED',
      );
    });

    it('a meeting before the referral', async () => {
      const pupil = await addPupil(ctx.world.prisma);
      const ref = await fa.refer(ctx.world.tokens.laOfficer, pupil.id, {
        referredOn: '2025-10-20',
        agreedToConsiderOn: null,
      });
      const r = await refused(
        ctx.world.tokens.panel,
        DECIDE,
        {
          referralId: ref.id,
          meetingId: meetingOct6,
          outcome: 'DEFER',
          deferredToMeetingId: meetingNov3,
          rationale: 'x',
          decidedBy: 'Panel',
        },
        'VALIDATION_FAILED',
      );
      expect(r.errors?.[0]?.message).toMatch(/before the referral/);
    });

    it('a decision at a meeting that has not happened yet', async () => {
      const future = await fa.meeting(
        ctx.world.tokens.panel,
        new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10),
      );
      const pupil = await addPupil(ctx.world.prisma);
      const ref = await fa.refer(ctx.world.tokens.laOfficer, pupil.id);
      await refused(
        ctx.world.tokens.panel,
        DECIDE,
        { referralId: ref.id, meetingId: future, outcome: 'NOT_ELIGIBLE', rationale: 'x', decidedBy: 'Panel' },
        'VALIDATION_FAILED',
      );
    });

    it('a deferral to a past meeting (or the same one)', async () => {
      const pupil = await addPupil(ctx.world.prisma, {});
      const ref = await fa.refer(ctx.world.tokens.laOfficer, pupil.id, {
        referredOn: '2025-08-20',
        agreedToConsiderOn: null,
      });
      const r = await refused(
        ctx.world.tokens.panel,
        DECIDE,
        {
          referralId: ref.id,
          meetingId: meetingOct6,
          outcome: 'DEFER',
          deferredToMeetingId: meetingSep1,
          rationale: 'More information needed',
          decidedBy: 'Panel',
        },
        'VALIDATION_FAILED',
      );
      expect(r.errors?.[0]?.extensions?.fields).toEqual([expect.objectContaining({ field: 'deferredToMeetingId' })]);
      await refused(
        ctx.world.tokens.panel,
        DECIDE,
        {
          referralId: ref.id,
          meetingId: meetingOct6,
          outcome: 'DEFER',
          deferredToMeetingId: meetingOct6,
          rationale: 'x',
          decidedBy: 'Panel',
        },
        'VALIDATION_FAILED',
      );
    });

    it('an unknown school, another LA’s school, a special school, a school of the wrong phase', async () => {
      const pupil = await addPupil(ctx.world.prisma);
      const ref = await fa.refer(ctx.world.tokens.laOfficer, pupil.id);
      const base = {
        referralId: ref.id,
        meetingId: meetingNov3,
        outcome: 'ALLOCATE_SCHOOL',
        admissionDeadline: '2025-11-14',
        rationale: 'x',
        decidedBy: 'Panel',
        overrideReason: 'x',
      };
      await refused(ctx.world.tokens.panel, DECIDE, { ...base, allocatedSchoolId: randomUUID() }, 'NOT_FOUND');
      await refused(ctx.world.tokens.panel, DECIDE, { ...base, allocatedSchoolId: IDS.secondaryB }, 'NOT_FOUND');
      await refused(ctx.world.tokens.panel, DECIDE, { ...base, allocatedSchoolId: IDS.specialA }, 'VALIDATION_FAILED');
      const r = await refused(
        ctx.world.tokens.panel,
        DECIDE,
        { ...base, allocatedSchoolId: IDS.primaryA },
        'VALIDATION_FAILED',
      );
      expect(r.errors?.[0]?.message).toMatch(/primary school; the child needs a secondary place/);
    });

    it('an outcome without its facts, or with another outcome’s', async () => {
      const pupil = await addPupil(ctx.world.prisma);
      const ref = await fa.refer(ctx.world.tokens.laOfficer, pupil.id);
      const base = { referralId: ref.id, meetingId: meetingNov3, rationale: 'x', decidedBy: 'Panel' };
      await refused(
        ctx.world.tokens.panel,
        DECIDE,
        { ...base, outcome: 'ALLOCATE_SCHOOL', allocatedSchoolId: IDS.academyA },
        'VALIDATION_FAILED',
      );
      await refused(ctx.world.tokens.panel, DECIDE, { ...base, outcome: 'DEFER' }, 'VALIDATION_FAILED');
      await refused(
        ctx.world.tokens.panel,
        DECIDE,
        { ...base, outcome: 'NOT_ELIGIBLE', allocatedSchoolId: IDS.academyA },
        'VALIDATION_FAILED',
      );
      await refused(
        ctx.world.tokens.panel,
        DECIDE,
        { ...base, outcome: 'ALLOCATE_SCHOOL', allocatedSchoolId: IDS.academyA, admissionDeadline: '2025-10-31' },
        'VALIDATION_FAILED',
      );
    });

    it('allocating elsewhere than the whose-turn school needs the panel’s reason', async () => {
      const pupil = await addPupil(ctx.world.prisma);
      const ref = await fa.refer(ctx.world.tokens.laOfficer, pupil.id);
      const r = await refused(
        ctx.world.tokens.panel,
        DECIDE,
        {
          referralId: ref.id,
          meetingId: meetingNov3,
          outcome: 'ALLOCATE_SCHOOL',
          allocatedSchoolId: IDS.secondaryA,
          admissionDeadline: '2025-11-14',
          rationale: 'x',
          decidedBy: 'Panel',
        },
        'VALIDATION_FAILED',
      );
      expect(r.errors?.[0]?.message).toMatch(/Riverside Academy's turn/);
    });

    it('a second decision must supersede the one in force', async () => {
      const { ref, d } = await allocated();
      const next = {
        referralId: ref.id,
        meetingId: meetingNov3,
        outcome: 'WITHDRAWN',
        rationale: 'Family moved away',
        decidedBy: 'Panel',
      };
      const r = await refused(ctx.world.tokens.panel, DECIDE, next, 'CONFLICT');
      expect(r.errors?.[0]?.extensions?.currentDecisionId).toBe(d.id);
      await refused(ctx.world.tokens.panel, DECIDE, { ...next, supersedesDecisionId: randomUUID() }, 'CONFLICT');
      const first = await fa.refer(ctx.world.tokens.laOfficer, (await addPupil(ctx.world.prisma)).id);
      await refused(
        ctx.world.tokens.panel,
        DECIDE,
        { ...next, referralId: first.id, supersedesDecisionId: d.id },
        'VALIDATION_FAILED',
      );
      await refused(
        ctx.world.tokens.panel,
        DECIDE,
        { ...next, supersedesDecisionId: d.id, meetingId: meetingOct6 },
        'VALIDATION_FAILED',
      );
    });

    it('an AP placement the movements rules refuse rolls back the decision too', async () => {
      const pupil = await addPupil(ctx.world.prisma);
      const ref = await fa.refer(ctx.world.tokens.laOfficer, pupil.id);
      const { placement } = placementInput(pupil.id, {
        providerId: IDS.unregSetting,
        tier: 'TIER_1_TARGETED_SUPPORT',
        plannedEndDate: null,
        hoursPerWeek: 10,
        registration: 'HOME_SCHOOL_ONLY',
        reason: 'AWAITING_SCHOOL_PLACE',
        startDate: '2025-11-10',
      });
      await refused(
        ctx.world.tokens.panel,
        DECIDE,
        {
          referralId: ref.id,
          meetingId: meetingNov3,
          outcome: 'AP_PLACEMENT',
          placement,
          rationale: 'Assessment place',
          decidedBy: 'Panel',
        },
        'RULE_BLOCKED',
        'U4',
      );
      await refused(
        ctx.world.tokens.panel,
        DECIDE,
        {
          referralId: ref.id,
          meetingId: meetingNov3,
          outcome: 'AP_PLACEMENT',
          placement: { ...placement, providerId: IDS.pru, startDate: '2025-10-31', registration: 'DUAL_REGISTERED' },
          rationale: 'x',
          decidedBy: 'Panel',
        },
        'VALIDATION_FAILED',
      );
    });
  });

  describe('school responses', () => {
    it('a second response to one decision: CONFLICT, nothing written', async () => {
      const { d } = await allocated();
      const ok = await ctx.api.gql(ctx.world.tokens.academyStaff, RESPOND, {
        input: {
          decisionId: d.id,
          outcome: 'ACCEPTED',
          respondedOn: '2025-11-05',
          reason: 'Place available in Year 9',
        },
      });
      expect(ok.errors).toBeUndefined();
      const r = await refused(
        ctx.world.tokens.academyStaff,
        RESPOND,
        {
          decisionId: d.id,
          outcome: 'REFUSED',
          respondedOn: '2025-11-06',
          refusalGrounds: ['OTHER'],
          reason: 'Changed our mind',
        },
        'CONFLICT',
      );
      expect(r.errors?.[0]?.message).toMatch(/already responded/);
      await refused(
        ctx.world.tokens.laOfficer,
        RESPOND,
        { decisionId: d.id, outcome: 'ACCEPTED', respondedOn: '2025-11-06', reason: 'again' },
        'CONFLICT',
      );
    });

    it('a response before the school was asked, a refusal with no ground, an acceptance with grounds', async () => {
      const { d } = await allocated();
      await refused(
        ctx.world.tokens.academyStaff,
        RESPOND,
        { decisionId: d.id, outcome: 'ACCEPTED', respondedOn: '2025-10-31', reason: 'x' },
        'VALIDATION_FAILED',
      );
      await refused(
        ctx.world.tokens.academyStaff,
        RESPOND,
        { decisionId: d.id, outcome: 'REFUSED', respondedOn: '2025-11-05', refusalGrounds: [], reason: 'x' },
        'VALIDATION_FAILED',
      );
      await refused(
        ctx.world.tokens.academyStaff,
        RESPOND,
        { decisionId: d.id, outcome: 'ACCEPTED', respondedOn: '2025-11-05', refusalGrounds: ['OTHER'], reason: 'x' },
        'VALIDATION_FAILED',
      );
    });

    it('another school cannot respond (it cannot even see the referral)', async () => {
      const { d } = await allocated();
      await refused(
        ctx.world.tokens.secondaryStaff,
        RESPOND,
        { decisionId: d.id, outcome: 'ACCEPTED', respondedOn: '2025-11-05', reason: 'x' },
        'NOT_FOUND',
      );
    });
  });

  describe('directions', () => {
    it('before the response window has passed in silence: RULE_BLOCKED F7 (academy) naming the date', async () => {
      const { d } = await allocated();
      const r = await refused(
        ctx.world.tokens.laOfficer,
        DIRECT,
        { decisionId: d.id, requestedOn: '2025-11-10', note: 'x' },
        'RULE_BLOCKED',
        'F7',
      );
      expect(r.errors?.[0]?.extensions?.respondBy).toBe('2025-11-10');
    });

    it('after the school accepted: CONFLICT; a second direction: CONFLICT; panel members cannot seek one', async () => {
      const accepted = await allocated();
      await ctx.api.gql(ctx.world.tokens.academyStaff, RESPOND, {
        input: { decisionId: accepted.d.id, outcome: 'ACCEPTED', respondedOn: '2025-11-05', reason: 'ok' },
      });
      await refused(
        ctx.world.tokens.laOfficer,
        DIRECT,
        { decisionId: accepted.d.id, requestedOn: '2025-11-12', note: 'x' },
        'CONFLICT',
      );

      const silent = await allocated();
      await refused(
        ctx.world.tokens.panel,
        DIRECT,
        { decisionId: silent.d.id, requestedOn: '2025-11-11', note: 'x' },
        'FORBIDDEN',
      );
      expect(
        (
          await ctx.api.gql(ctx.world.tokens.laOfficer, DIRECT, {
            input: { decisionId: silent.d.id, requestedOn: '2025-11-11', note: 'No reply in 7 days' },
          })
        ).data?.requestDirection.basis,
      ).toBe('NO_RESPONSE');
      await refused(
        ctx.world.tokens.laOfficer,
        DIRECT,
        { decisionId: silent.d.id, requestedOn: '2025-11-12', note: 'x' },
        'CONFLICT',
      );
    });

    it('an LA direction inside the adjudicator window: RULE_BLOCKED F6; an outcome before the request', async () => {
      const pupil = await addPupil(ctx.world.prisma);
      const ref = await fa.refer(ctx.world.tokens.laOfficer, pupil.id, {
        referredOn: '2025-10-20',
        agreedToConsiderOn: '2025-10-20',
      });
      const d = await fa.decide(ctx.world.tokens.panel, {
        referralId: ref.id,
        meetingId: meetingNov3,
        outcome: 'ALLOCATE_SCHOOL',
        allocatedSchoolId: IDS.secondaryA,
        admissionDeadline: '2025-11-14',
      });
      await ctx.api.gql(ctx.world.tokens.secondaryStaff, RESPOND, {
        input: {
          decisionId: d.id,
          outcome: 'REFUSED',
          respondedOn: '2025-11-05',
          refusalGrounds: ['SCHOOL_FULL'],
          reason: 'Year 9 is full',
        },
      });
      const dir = (
        await ctx.api.gql(ctx.world.tokens.laOfficer, DIRECT, {
          input: { decisionId: d.id, requestedOn: '2025-11-06', note: 'Intention to direct' },
        })
      ).data!.requestDirection;
      expect(dir).toMatchObject({ route: 'LA_DIRECTION', adjudicatorReferralDeadline: '2025-11-21' });
      const r = await refused(
        ctx.world.tokens.laOfficer,
        DIRECTION_OUTCOME,
        { directionId: dir.id, outcome: 'DIRECTED', outcomeOn: '2025-11-21', note: 'x' },
        'RULE_BLOCKED',
        'F6',
      );
      expect(r.errors?.[0]?.extensions?.adjudicatorDeadline).toBe('2025-11-21');
      await refused(
        ctx.world.tokens.laOfficer,
        DIRECTION_OUTCOME,
        { directionId: dir.id, outcome: 'SCHOOL_AGREED', outcomeOn: '2025-11-05', note: 'x' },
        'VALIDATION_FAILED',
      );
      await refused(
        ctx.world.tokens.laOfficer,
        DIRECTION_OUTCOME,
        {
          directionId: dir.id,
          outcome: 'DIRECTED',
          outcomeOn: '2025-11-28',
          adjudicatorReferredOn: '2025-11-25',
          note: 'x',
        },
        'VALIDATION_FAILED',
      );
      expect(
        (
          await ctx.api.gql(ctx.world.tokens.laOfficer, DIRECTION_OUTCOME, {
            input: {
              directionId: dir.id,
              outcome: 'DIRECTED',
              outcomeOn: '2025-11-24',
              note: 'Window closed; directed',
            },
          })
        ).errors,
      ).toBeUndefined();
      await refused(
        ctx.world.tokens.laOfficer,
        DIRECTION_OUTCOME,
        { directionId: dir.id, outcome: 'WITHDRAWN', outcomeOn: '2025-11-25', note: 'x' },
        'CONFLICT',
      );
    });
  });

  describe('admission', () => {
    it('before the referral, before the allocation, to another school, or twice', async () => {
      const { ref } = await allocated();
      const r = await refused(
        ctx.world.tokens.laOfficer,
        ADMIT,
        { referralId: ref.id, schoolId: IDS.academyA, admittedOn: '2025-10-17', note: 'x' },
        'VALIDATION_FAILED',
      );
      expect(r.errors?.[0]?.message).toMatch(/before the referral/);
      await refused(
        ctx.world.tokens.laOfficer,
        ADMIT,
        { referralId: ref.id, schoolId: IDS.academyA, admittedOn: '2025-10-31', note: 'x' },
        'VALIDATION_FAILED',
      );
      await refused(
        ctx.world.tokens.laOfficer,
        ADMIT,
        { referralId: ref.id, schoolId: IDS.secondaryA, admittedOn: '2025-11-10', note: 'x' },
        'CONFLICT',
      );
      await refused(
        ctx.world.tokens.secondaryStaff,
        ADMIT,
        { referralId: ref.id, schoolId: IDS.academyA, admittedOn: '2025-11-10', note: 'x' },
        'FORBIDDEN',
      );
      expect(
        (
          await ctx.api.gql(ctx.world.tokens.academyStaff, ADMIT, {
            input: { referralId: ref.id, schoolId: IDS.academyA, admittedOn: '2025-11-10', note: 'Started' },
          })
        ).errors,
      ).toBeUndefined();
      await refused(
        ctx.world.tokens.academyStaff,
        ADMIT,
        { referralId: ref.id, schoolId: IDS.academyA, admittedOn: '2025-11-11', note: 'x' },
        'CONFLICT',
      );
    });

    it('no place allocated yet: CONFLICT', async () => {
      const pupil = await addPupil(ctx.world.prisma);
      const ref = await fa.refer(ctx.world.tokens.laOfficer, pupil.id);
      await refused(
        ctx.world.tokens.laOfficer,
        ADMIT,
        { referralId: ref.id, schoolId: IDS.academyA, admittedOn: '2025-11-10', note: 'x' },
        'CONFLICT',
      );
    });
  });
});
