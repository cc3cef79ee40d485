import { describe, expect, it } from 'vitest';
import { addPupil, IDS } from '../support/fixtures';
import { useApiWorld } from '../support/apiWorld';
import {
  COMMISSION,
  END,
  EXCLUDE,
  HOURS,
  REVIEW,
  SUSPEND,
  placementInput,
  unregisteredInput,
} from '../support/movements';

/** Invariants of the movement record: each refusal is a typed error and writes nothing (rows counted). */
describe('placement invariants', () => {
  const ctx = useApiWorld();

  const counts = async () => {
    const p = ctx.world.prisma;
    const [placements, events, outbox, reviews, exclusions, idem] = await Promise.all([
      p.placement.count(),
      p.pupilEvent.count(),
      p.outboxEvent.count(),
      p.placementReview.count(),
      p.exclusion.count(),
      p.idempotencyKey.count(),
    ]);
    return { placements, events, outbox, reviews, exclusions, idem };
  };

  async function refused(
    token: string,
    query: string,
    variables: Record<string, unknown>,
    code: string,
    rule?: string,
  ) {
    const before = await counts();
    const r = await ctx.api.gql(token, query, variables);
    expect(r.data ?? null, JSON.stringify(r.errors)).toBeNull();
    expect(r.errors?.[0]?.extensions?.code, r.errors?.[0]?.message).toBe(code);
    if (rule) expect(r.errors?.[0]?.extensions?.rule).toBe(rule);
    expect(r.errors?.[0]?.message).toMatch(/\S/);
    expect(r.errors?.[0]?.message).not.toMatch(/prisma|SQL|constraint|stack/i);
    expect(await counts()).toEqual(before);
    return r.errors![0]!;
  }

  it('commissions a placement, with its timeline event, outbox event and audit row', async () => {
    const pupil = await addPupil(ctx.world.prisma);
    const before = await counts();
    const r = await ctx.api.gql(ctx.world.tokens.laOfficer, COMMISSION, { input: placementInput(pupil.id) });
    expect(r.errors).toBeUndefined();
    const p = r.data!.commissionPlacement;
    expect(p).toMatchObject({
      status: 'OPEN',
      legalBasis: 'S19_LA_DAY_SIX_PERMANENT_EXCLUSION',
      hoursPerWeek: 25,
      provider: { id: IDS.pru },
    });
    // Rule P2: first review within 30 school days: 20 Oct 2025 + 30 school days, skipping half-term 27–31 Oct = 8 Dec 2025.
    expect(p.nextReviewDue).toBe('2025-12-08');
    const after = await counts();
    expect(after.placements - before.placements).toBe(1);
    expect(after.events - before.events).toBe(1);
    expect(after.outbox - before.outbox).toBe(1);
    const ev = await ctx.world.prisma.pupilEvent.findFirstOrThrow({ where: { placementId: p.id } });
    expect(ev).toMatchObject({
      type: 'PLACEMENT_STARTED',
      actorId: IDS.users.laOfficer,
      actorRole: 'LA_OFFICER',
      reason: 'Day-6 provision after permanent exclusion.',
    });
    expect(
      await ctx.world.prisma.auditEvent.count({ where: { operation: 'placement.open', subjectIds: { has: p.id } } }),
    ).toBe(1);
  });

  it('refuses a second overlapping placement of the pupil at the same provider', async () => {
    const pupil = await addPupil(ctx.world.prisma);
    expect(
      (
        await ctx.api.gql(ctx.world.tokens.laOfficer, COMMISSION, {
          input: placementInput(pupil.id, { hoursPerWeek: 10 }),
        })
      ).errors,
    ).toBeUndefined();
    await refused(
      ctx.world.tokens.laOfficer,
      COMMISSION,
      { input: placementInput(pupil.id, { hoursPerWeek: 5, startDate: '2025-11-03' }) },
      'CONFLICT',
    );
  });

  it('refuses concurrent placements adding up to more than a full-time week (32.5 h)', async () => {
    const pupil = await addPupil(ctx.world.prisma);
    expect(
      (
        await ctx.api.gql(ctx.world.tokens.laOfficer, COMMISSION, {
          input: placementInput(pupil.id, { hoursPerWeek: 25 }),
        })
      ).errors,
    ).toBeUndefined();
    await refused(
      ctx.world.tokens.secondaryStaff,
      COMMISSION,
      { input: unregisteredInput(pupil.id, { hoursPerWeek: 8 }) },
      'RULE_BLOCKED',
      'P1',
    );
    // 7.5 more hours makes exactly 32.5: allowed.
    const ok = await ctx.api.gql(ctx.world.tokens.secondaryStaff, COMMISSION, {
      input: unregisteredInput(pupil.id, { hoursPerWeek: 7.5 }),
    });
    expect(ok.errors).toBeUndefined();
  });

  it('the database itself refuses overlapping placements and over-full weeks (exclusion constraint, trigger)', async () => {
    const pupil = await addPupil(ctx.world.prisma);
    const base = {
      pupilId: pupil.id,
      providerId: IDS.pru,
      laId: IDS.laA,
      commissionerKind: 'LA' as const,
      reason: 'PERMANENT_EXCLUSION' as const,
      legalBasis: 'S19_LA_DAY_SIX_PERMANENT_EXCLUSION' as const,
      tier: 'TIER_3_TRANSITIONAL' as const,
      providerUrn: '900005',
      startDate: new Date('2025-09-08'),
      hoursPerWeek: 20,
      registration: 'DUAL_REGISTERED' as const,
      objectives: 'x',
      reintegrationPlan: 'y',
      registrationConfirmed: true,
      nextReviewDue: new Date('2025-10-20'),
    };
    await ctx.world.prisma.placement.create({ data: base });
    await expect(
      ctx.world.prisma.placement.create({ data: { ...base, hoursPerWeek: 5, startDate: new Date('2026-01-05') } }),
    ).rejects.toThrow(/Placement_no_overlap_same_provider|conflicting key|exclusion/i);
    await expect(
      ctx.world.prisma.placement.create({
        data: { ...base, providerId: IDS.independentAp, providerUrn: '900006', hoursPerWeek: 13 },
      }),
    ).rejects.toThrow(/full-time week|Placement_concurrent_hours/);
    await expect(
      ctx.world.prisma.placement.create({
        data: {
          ...base,
          providerId: IDS.independentAp,
          providerUrn: '900006',
          endDate: new Date('2025-09-01'),
          status: 'ENDED',
          destination: 'NEET',
        },
      }),
    ).rejects.toThrow(/Placement_endDate_check|check constraint/i);
  });

  it('refuses an end date before the start, and an exit with no open placement', async () => {
    const pupil = await addPupil(ctx.world.prisma);
    const p = (await ctx.api.gql(ctx.world.tokens.laOfficer, COMMISSION, { input: placementInput(pupil.id) })).data!
      .commissionPlacement;
    await refused(
      ctx.world.tokens.laOfficer,
      END,
      { input: { placementId: p.id, endDate: '2025-10-17', destination: 'NEET', reason: 'x' } },
      'VALIDATION_FAILED',
    );
    const ok = await ctx.api.gql(ctx.world.tokens.laOfficer, END, {
      input: { placementId: p.id, endDate: '2025-12-19', destination: 'NEET', reason: 'Left at 16' },
    });
    expect(ok.errors).toBeUndefined();
    await refused(
      ctx.world.tokens.laOfficer,
      END,
      { input: { placementId: p.id, endDate: '2026-01-09', destination: 'NEET', reason: 'again' } },
      'CONFLICT',
    );
    await refused(
      ctx.world.tokens.laOfficer,
      REVIEW,
      { input: { placementId: p.id, reviewDate: '2026-01-09', outcome: 'CONTINUE', notes: 'x' } },
      'CONFLICT',
    );
  });

  it('refuses events before the pupil was born or absurdly in the future', async () => {
    const pupil = await addPupil(ctx.world.prisma, { dob: '2012-03-01' });
    await refused(
      ctx.world.tokens.laOfficer,
      COMMISSION,
      { input: placementInput(pupil.id, { startDate: '2012-02-01', plannedEndDate: '2012-06-01' }) },
      'VALIDATION_FAILED',
    );
    await refused(
      ctx.world.tokens.laOfficer,
      COMMISSION,
      { input: placementInput(pupil.id, { startDate: '2099-01-05', plannedEndDate: '2099-03-01' }) },
      'VALIDATION_FAILED',
    );
    await refused(
      ctx.world.tokens.secondaryStaff,
      SUSPEND,
      {
        input: {
          pupilId: pupil.id,
          schoolId: IDS.secondaryA,
          startDate: '2099-01-05',
          schoolDays: 2,
          reasonCategory: 'BULLYING',
          note: 'x',
        },
      },
      'VALIDATION_FAILED',
    );
  });

  it('refuses a provider or school outside the caller’s reach, as not found', async () => {
    const pupil = await addPupil(ctx.world.prisma);
    await refused(
      ctx.world.tokens.laOfficer,
      COMMISSION,
      {
        input: placementInput(pupil.id, {
          providerId: IDS.unregB,
          tier: 'TIER_1_TARGETED_SUPPORT',
          registration: 'HOME_SCHOOL_ONLY',
          safeguardingConfirmedOn: '2025-10-01',
        }),
      },
      'NOT_FOUND',
    );
    await refused(
      ctx.world.tokens.laOfficer,
      COMMISSION,
      { input: unregisteredInput(pupil.id, { commissioningSchoolId: IDS.secondaryB }) },
      'NOT_FOUND',
    );
    // A school cannot commission in another school's name.
    await refused(ctx.world.tokens.academyStaff, COMMISSION, { input: unregisteredInput(pupil.id) }, 'FORBIDDEN');
    // Nor for a pupil who is not on its roll.
    await refused(
      ctx.world.tokens.academyStaff,
      COMMISSION,
      { input: unregisteredInput(pupil.id, { commissioningSchoolId: IDS.academyA }) },
      'NOT_FOUND',
    );
  });

  it('rule U4 blocks a start at an unregistered provider without written safeguarding confirmation', async () => {
    const pupil = await addPupil(ctx.world.prisma);
    const e = await refused(
      ctx.world.tokens.secondaryStaff,
      COMMISSION,
      { input: unregisteredInput(pupil.id, { safeguardingConfirmedOn: null }) },
      'RULE_BLOCKED',
      'U4',
    );
    expect(e.message).toMatch(/safeguarding/);
    await refused(
      ctx.world.tokens.secondaryStaff,
      COMMISSION,
      { input: unregisteredInput(pupil.id, { safeguardingConfirmedOn: '2025-10-21' }) },
      'RULE_BLOCKED',
      'U4',
    );
  });

  it('rule O1: an off-site direction needs written notice at least 2 school days before the start', async () => {
    const pupil = await addPupil(ctx.world.prisma);
    const notice = {
      address: '1 High St',
      personToReportTo: 'Ms Khan',
      numberOfDays: 30,
      reasonsAndObjectives: 'Improve behaviour',
      sessionTimes: '09:00-15:00',
    };
    const direction = (noticeDate: string, startDate: string) =>
      unregisteredInput(pupil.id, {
        providerId: IDS.independentAp,
        reason: 'OFF_SITE_DIRECTION',
        tier: 'TIER_2_TIME_LIMITED',
        registration: 'DUAL_REGISTERED',
        startDate,
        plannedEndDate: '2025-12-19',
        maximumPeriodSchoolDays: 30,
        directionNoticeDate: noticeDate,
        directionNotice: notice,
        hoursPerWeek: 25,
      });
    // Notice Thu 23 Oct; Fri 24 Oct is 1 school day later, then half-term: the earliest start is Mon 3 Nov.
    const e = await refused(
      ctx.world.tokens.secondaryStaff,
      COMMISSION,
      { input: direction('2025-10-23', '2025-10-24') },
      'RULE_BLOCKED',
      'O1',
    );
    expect(e.message).toContain('2025-11-03');
    await refused(
      ctx.world.tokens.secondaryStaff,
      COMMISSION,
      { input: { ...direction('2025-10-23', '2025-11-03'), directionNotice: { ...notice, personToReportTo: '' } } },
      'RULE_BLOCKED',
      'O1',
    );
    const ok = await ctx.api.gql(ctx.world.tokens.secondaryStaff, COMMISSION, {
      input: direction('2025-10-23', '2025-11-03'),
    });
    expect(ok.errors).toBeUndefined();
    expect(ok.data!.commissionPlacement.legalBasis).toBe('S29A_OFF_SITE_DIRECTION');
  });

  it.each([
    ['a tier 2 placement without a planned end (rule P1)', { plannedEndDate: null }],
    ['no objectives (rule P1)', { objectives: '  ' }],
    ['no reintegration plan (rule P1)', { reintegrationPlan: '' }],
    ['two identifiers (rule V5)', { providerUrn: '900005', providerUkprn: '10012345' }],
    ['a bad setting type (rule V5)', { providerUrn: null, settingType: 'XYZ' }],
    ['hours over a full-time week', { hoursPerWeek: 40 }],
    ['zero hours', { hoursPerWeek: 0 }],
    ['reviews less often than half-termly (rule P2)', { reviewIntervalSchoolDays: 45 }],
    [
      'a school commissioning after a permanent exclusion (LA duty)',
      { commissionerKind: 'SCHOOL', commissioningSchoolId: IDS.secondaryA },
    ],
    ['an EHC plan placement for a pupil without one', { reason: 'EHCP_NAMED' }],
    ['a planned end before the start', { plannedEndDate: '2025-10-01' }],
    ['a date that does not exist', { startDate: '2025-02-30' }],
  ])('refuses %s as VALIDATION_FAILED', async (_label, overrides) => {
    const pupil = await addPupil(ctx.world.prisma);
    const before = await counts();
    const r = await ctx.api.gql(ctx.world.tokens.laOfficer, COMMISSION, { input: placementInput(pupil.id, overrides) });
    expect(r.data ?? null).toBeNull();
    expect(['VALIDATION_FAILED', 'BAD_USER_INPUT']).toContain(r.errors?.[0]?.extensions?.code);
    expect(await counts()).toEqual(before);
  });

  it('refuses an hours change that would exceed a full-time week across placements', async () => {
    const pupil = await addPupil(ctx.world.prisma);
    const a = (
      await ctx.api.gql(ctx.world.tokens.laOfficer, COMMISSION, {
        input: placementInput(pupil.id, { hoursPerWeek: 20 }),
      })
    ).data!.commissionPlacement;
    expect(
      (
        await ctx.api.gql(ctx.world.tokens.secondaryStaff, COMMISSION, {
          input: unregisteredInput(pupil.id, { hoursPerWeek: 10 }),
        })
      ).errors,
    ).toBeUndefined();
    await refused(
      ctx.world.tokens.laOfficer,
      HOURS,
      { input: { placementId: a.id, effectiveOn: '2025-11-03', hoursPerWeek: 25, reason: 'more' } },
      'RULE_BLOCKED',
      'P1',
    );
    const ok = await ctx.api.gql(ctx.world.tokens.laOfficer, HOURS, {
      input: { placementId: a.id, effectiveOn: '2025-11-03', hoursPerWeek: 22.5, reason: 'more' },
    });
    expect(ok.data?.changePlacementHours.hoursPerWeek).toBe(22.5);
  });

  it('rule E1: suspensions are capped at 45 school days a year across all schools', async () => {
    const pupil = await addPupil(ctx.world.prisma);
    await ctx.world.prisma.enrolment.create({
      data: { pupilId: pupil.id, schoolId: IDS.academyA, startDate: new Date('2025-09-01') },
    });
    const s = (token: string, schoolId: string, startDate: string, schoolDays: number) =>
      ctx.api.gql(token, SUSPEND, {
        input: {
          pupilId: pupil.id,
          schoolId,
          startDate,
          schoolDays,
          reasonCategory: 'PERSISTENT_DISRUPTIVE',
          note: 'x',
        },
      });
    expect((await s(ctx.world.tokens.secondaryStaff, IDS.secondaryA, '2025-09-15', 30)).errors).toBeUndefined();
    expect((await s(ctx.world.tokens.academyStaff, IDS.academyA, '2025-11-10', 14.5)).errors).toBeUndefined();
    const e = await refused(
      ctx.world.tokens.academyStaff,
      SUSPEND,
      {
        input: {
          pupilId: pupil.id,
          schoolId: IDS.academyA,
          startDate: '2026-01-12',
          schoolDays: 1,
          reasonCategory: 'BULLYING',
          note: 'x',
        },
      },
      'RULE_BLOCKED',
      'E1',
    );
    expect(e.message).toContain('45.5');
    // The half day left is still allowed; a new academic year starts a new count.
    expect((await s(ctx.world.tokens.academyStaff, IDS.academyA, '2026-01-12', 0.5)).errors).toBeUndefined();
    expect((await s(ctx.world.tokens.academyStaff, IDS.academyA, '2026-09-14', 5)).errors).toBeUndefined();
    await refused(
      ctx.world.tokens.academyStaff,
      SUSPEND,
      {
        input: {
          pupilId: pupil.id,
          schoolId: IDS.academyA,
          startDate: '2026-01-13',
          schoolDays: 0.3,
          reasonCategory: 'BULLYING',
          note: 'x',
        },
      },
      'VALIDATION_FAILED',
    );
  });

  it('day-6 duty: records the day-6 date of a suspension over 5 days (none for 5 days or fewer) and of a permanent exclusion', async () => {
    const pupil = await addPupil(ctx.world.prisma);
    const r = await ctx.api.gql(ctx.world.tokens.secondaryStaff, SUSPEND, {
      input: {
        pupilId: pupil.id,
        schoolId: IDS.secondaryA,
        startDate: '2025-10-22',
        schoolDays: 10,
        reasonCategory: 'PHYSICAL_ASSAULT_PUPIL',
        note: 'x',
      },
    });
    // Wed 22 Oct = day 1, Thu 2, Fri 3, half-term, Mon 3 Nov = day 4, Tue 5, Wed 5 Nov = day 6.
    expect(r.data?.recordSuspension).toMatchObject({
      schoolDays: 10,
      academicYear: '2025-26',
      daySixDate: '2025-11-05',
    });
    const short = await ctx.api.gql(ctx.world.tokens.secondaryStaff, SUSPEND, {
      input: {
        pupilId: pupil.id,
        schoolId: IDS.secondaryA,
        startDate: '2025-12-01',
        schoolDays: 5,
        reasonCategory: 'BULLYING',
        note: 'x',
      },
    });
    expect(short.data?.recordSuspension.daySixDate).toBeNull();
    // A permanent exclusion from Thu 4 Dec: 4, 5, 8, 9, 10 Dec are days 1–5; day 6 is Thu 11 Dec (the LA's duty).
    const pex = await addPupil(ctx.world.prisma);
    const p = await ctx.api.gql(ctx.world.tokens.secondaryStaff, EXCLUDE, {
      input: {
        pupilId: pex.id,
        schoolId: IDS.secondaryA,
        startDate: '2025-12-04',
        reasonCategory: 'OFFENSIVE_WEAPON',
        note: 'x',
      },
    });
    expect(p.errors).toBeUndefined();
    expect(p.data?.recordPermanentExclusion).toMatchObject({
      daySixDate: '2025-12-11',
      academicYear: '2025-26',
      governorOutcome: 'PENDING',
    });
  });
});
