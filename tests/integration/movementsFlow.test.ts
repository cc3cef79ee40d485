import { describe, expect, it } from 'vitest';
import { addPupil, IDS, type World } from '../support/fixtures';
import { useApiWorld } from '../support/apiWorld';
import { CHECKPOINT, COMMISSION, END, REVIEW, placementInput, unregisteredInput } from '../support/movements';

describe('movements: transfers, reintegration, timeline, idempotency, scope', () => {
  const ctx = useApiWorld();

  const WHERE = `query($id: UUID!, $on: LocalDate!) { pupilWhereabouts(pupilId: $id, on: $on) { on summary placements { id provider { id } } enrolments { school { id } } } }`;

  it('point in time across a transfer: the old provider up to its last day, the new one from the next', async () => {
    const pupil = await addPupil(ctx.world.prisma);
    const first = (
      await ctx.api.gql(ctx.world.tokens.laOfficer, COMMISSION, {
        input: placementInput(pupil.id, { startDate: '2025-09-08', plannedEndDate: '2025-12-19' }),
      })
    ).data!.commissionPlacement;
    const moved = await ctx.api.gql(ctx.world.tokens.laOfficer, END, {
      input: {
        placementId: first.id,
        endDate: '2025-11-14',
        destination: 'ANOTHER_AP',
        reason: 'Needs a smaller setting',
        next: {
          providerId: IDS.independentAp,
          tier: 'TIER_3_TRANSITIONAL',
          hoursPerWeek: 25,
          registration: 'DUAL_REGISTERED',
          objectives: 'GCSE English and maths',
          reintegrationPlan: 'Post-16 college place',
          registrationConfirmed: true,
          safeguardingConfirmedOn: '2025-11-01',
        },
        nextStartDate: '2025-11-17',
      },
    });
    expect(moved.errors).toBeUndefined();
    const { ended, next } = moved.data!.endPlacement;
    expect(ended).toMatchObject({
      status: 'ENDED',
      endDate: '2025-11-14',
      destination: 'ANOTHER_AP',
      nextPlacement: { id: next.id },
    });
    expect(next).toMatchObject({
      status: 'OPEN',
      startDate: '2025-11-17',
      previousPlacement: { id: first.id },
      provider: { id: IDS.independentAp },
    });
    // The transfer keeps the original reason and legal basis.
    expect(next.legalBasis).toBe('S19_LA_DAY_SIX_PERMANENT_EXCLUSION');

    const on = async (d: string) =>
      (await ctx.api.gql(ctx.world.tokens.laOfficer, WHERE, { id: pupil.id, on: d })).data!.pupilWhereabouts;
    expect((await on('2025-09-07')).placements).toEqual([]);
    expect((await on('2025-09-08')).placements.map((p: any) => p.provider.id)).toEqual([IDS.pru]);
    expect((await on('2025-11-14')).placements.map((p: any) => p.provider.id)).toEqual([IDS.pru]);
    expect((await on('2025-11-15')).placements).toEqual([]);
    const after = await on('2025-11-17');
    expect(after.placements.map((p: any) => p.provider.id)).toEqual([IDS.independentAp]);
    expect(after.enrolments.map((e: any) => e.school.id)).toEqual([IDS.secondaryA]);
    expect(after.summary).toMatch(/Hillside Secondary.*Bridge Independent AP/);
  });

  it('a transfer whose next placement is invalid rolls back the end as well', async () => {
    const pupil = await addPupil(ctx.world.prisma);
    const first = (await ctx.api.gql(ctx.world.tokens.laOfficer, COMMISSION, { input: placementInput(pupil.id) })).data!
      .commissionPlacement;
    const r = await ctx.api.gql(ctx.world.tokens.laOfficer, END, {
      input: {
        placementId: first.id,
        endDate: '2025-11-14',
        destination: 'ANOTHER_AP',
        reason: 'x',
        next: {
          providerId: IDS.unregSetting,
          tier: 'TIER_1_TARGETED_SUPPORT',
          hoursPerWeek: 10,
          registration: 'HOME_SCHOOL_ONLY',
          objectives: 'x',
          reintegrationPlan: 'y',
          registrationConfirmed: true,
        },
      },
    });
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'RULE_BLOCKED', rule: 'U4' });
    const row = await ctx.world.prisma.placement.findUniqueOrThrow({ where: { id: first.id } });
    expect(row.status).toBe('OPEN');
    expect(await ctx.world.prisma.placement.count({ where: { pupilId: pupil.id } })).toBe(1);
    expect(await ctx.world.prisma.pupilEvent.count({ where: { pupilId: pupil.id, type: 'PLACEMENT_ENDED' } })).toBe(0);
  });

  it('reintegration: starts on return to mainstream, sustained only at the final checkpoint', async () => {
    const pupil = await addPupil(ctx.world.prisma);
    const p = (
      await ctx.api.gql(ctx.world.tokens.laOfficer, COMMISSION, {
        input: placementInput(pupil.id, { startDate: '2025-09-08', plannedEndDate: '2025-12-19' }),
      })
    ).data!.commissionPlacement;
    const ended = await ctx.api.gql(ctx.world.tokens.pruStaff, END, {
      input: {
        placementId: p.id,
        endDate: '2025-12-19',
        destination: 'MAINSTREAM_SCHOOL',
        destinationSchoolId: IDS.academyA,
        reason: 'Ready to return',
      },
    });
    expect(ended.errors).toBeUndefined();
    const r = ended.data!.endPlacement.reintegration;
    // Last AP day Fri 19 Dec; Christmas holiday to Sun 4 Jan 2026: first day back Mon 5 Jan.
    expect(r).toMatchObject({ status: 'PENDING', startDate: '2026-01-05', school: { id: IDS.academyA } });
    // 30th school day from Mon 5 Jan (day 1): 5 Jan + 6 weeks of 5 days = Fri 13 Feb (half-term starts Sat 14 Feb).
    expect(r.checkpoints.map((c: any) => [c.label, c.isFinal])).toEqual([
      ['SIX_WEEKS', false],
      ['ONE_TERM', false],
      ['TWO_TERMS', true],
    ]);
    expect(r.checkpoints[0].dueDate).toBe('2026-02-13');
    // The pupil joins the receiving school's roll.
    expect(
      await ctx.world.prisma.enrolment.count({ where: { pupilId: pupil.id, schoolId: IDS.academyA, endDate: null } }),
    ).toBe(1);

    const report = (label: string, outcome: string, reportedOn: string, token = ctx.world.tokens.academyStaff) =>
      ctx.api.gql(token, CHECKPOINT, {
        input: { reintegrationId: r.id, label, outcome, reportedOn, reason: 'Attending well' },
      });
    const early = await report('SIX_WEEKS', 'SUSTAINED', '2026-02-12');
    expect(early.errors?.[0]?.extensions).toMatchObject({ code: 'RULE_BLOCKED', rule: 'R2' });
    expect((await report('ONE_TERM', 'SUSTAINED', '2026-05-01')).errors?.[0]?.message).toMatch(/SIX_WEEKS/);
    const six = await report('SIX_WEEKS', 'SUSTAINED', '2026-02-13');
    expect(six.data?.reportReintegrationCheckpoint.status).toBe('PENDING');
    const due = r.checkpoints.map((c: any) => c.dueDate);
    expect((await report('ONE_TERM', 'SUSTAINED', due[1])).data?.reportReintegrationCheckpoint.status).toBe('PENDING');
    // Another school cannot report on it.
    expect(
      (await report('TWO_TERMS', 'SUSTAINED', due[2], ctx.world.tokens.secondaryStaff)).errors?.[0]?.extensions?.code,
    ).toBe('NOT_FOUND');
    expect((await report('TWO_TERMS', 'SUSTAINED', due[2])).data?.reportReintegrationCheckpoint.status).toBe(
      'SUSTAINED',
    );
    expect((await report('TWO_TERMS', 'BROKEN_DOWN', due[2])).errors?.[0]?.extensions?.code).toBe('RULE_BLOCKED');
  });

  it('a reported breakdown closes the reintegration as broken down', async () => {
    const pupil = await addPupil(ctx.world.prisma);
    const p = (
      await ctx.api.gql(ctx.world.tokens.laOfficer, COMMISSION, {
        input: placementInput(pupil.id, { startDate: '2025-09-08' }),
      })
    ).data!.commissionPlacement;
    const r = (
      await ctx.api.gql(ctx.world.tokens.laOfficer, END, {
        input: {
          placementId: p.id,
          endDate: '2025-10-24',
          destination: 'MAINSTREAM_SCHOOL',
          destinationSchoolId: IDS.secondaryA,
          reason: 'Return',
        },
      })
    ).data!.endPlacement.reintegration;
    const broke = await ctx.api.gql(ctx.world.tokens.pruStaff, CHECKPOINT, {
      input: {
        reintegrationId: r.id,
        label: 'SIX_WEEKS',
        outcome: 'BROKEN_DOWN',
        reportedOn: '2025-11-20',
        reason: 'Refusing to attend',
      },
    });
    expect(broke.data?.reportReintegrationCheckpoint.status).toBe('BROKEN_DOWN');
  });

  it('a follow-up reported as not known leaves the return pending, blocks a later sustained, and is replaced once known', async () => {
    const pupil = await addPupil(ctx.world.prisma);
    const p = (
      await ctx.api.gql(ctx.world.tokens.laOfficer, COMMISSION, {
        input: placementInput(pupil.id, { startDate: '2025-09-08', plannedEndDate: '2025-12-19' }),
      })
    ).data!.commissionPlacement;
    const r = (
      await ctx.api.gql(ctx.world.tokens.laOfficer, END, {
        input: {
          placementId: p.id,
          endDate: '2025-12-19',
          destination: 'MAINSTREAM_SCHOOL',
          destinationSchoolId: IDS.academyA,
          reason: 'Return',
        },
      })
    ).data!.endPlacement.reintegration;
    const due = r.checkpoints.map((c: any) => c.dueDate);
    const report = (label: string, outcome: string, reportedOn: string) =>
      ctx.api.gql(ctx.world.tokens.pruStaff, CHECKPOINT, {
        input: { reintegrationId: r.id, label, outcome, reportedOn, reason: 'Follow-up' },
      });
    const notKnown = await report('SIX_WEEKS', 'NOT_KNOWN', due[0]);
    expect(notKnown.errors).toBeUndefined();
    expect(notKnown.data?.reportReintegrationCheckpoint.status).toBe('PENDING');
    const later = await report('ONE_TERM', 'SUSTAINED', due[1]);
    expect(later.errors?.[0]?.extensions).toMatchObject({ code: 'RULE_BLOCKED', rule: 'R2' });
    expect(later.errors?.[0]?.message).toMatch(/SIX_WEEKS follow-up is recorded as not known/);
    expect((await report('SIX_WEEKS', 'NOT_KNOWN', due[0])).errors?.[0]?.extensions?.code).toBe('RULE_BLOCKED');
    expect((await report('SIX_WEEKS', 'SUSTAINED', due[1])).errors).toBeUndefined();
    expect((await report('ONE_TERM', 'SUSTAINED', due[1])).errors).toBeUndefined();
    const rows = await ctx.world.prisma.reintegrationCheckpoint.findMany({
      where: { reintegrationId: r.id },
      orderBy: { schoolDays: 'asc' },
    });
    expect(rows.map((c) => c.outcome)).toEqual(['SUSTAINED', 'SUSTAINED', null]);
    const events = await ctx.world.prisma.pupilEvent.findMany({
      where: { pupilId: pupil.id, type: 'REINTEGRATION_CHECKPOINT_REPORTED' },
      orderBy: { recordedAt: 'asc' },
    });
    expect(events.map((e) => (e.data as any).outcome)).toEqual(['NOT_KNOWN', 'SUSTAINED', 'SUSTAINED']);
    expect((events[1]!.data as any).replacesNotKnownOf).toBe(due[0]);
  });

  it('a review can extend a placement with a new planned end, moving the next review (rule P2)', async () => {
    const pupil = await addPupil(ctx.world.prisma);
    const p = (await ctx.api.gql(ctx.world.tokens.laOfficer, COMMISSION, { input: placementInput(pupil.id) })).data!
      .commissionPlacement;
    const r = await ctx.api.gql(ctx.world.tokens.pruStaff, REVIEW, {
      input: {
        placementId: p.id,
        reviewDate: '2025-12-01',
        outcome: 'EXTEND',
        newPlannedEndDate: '2026-03-27',
        notes: 'Good progress; needs another half term',
      },
    });
    expect(r.errors).toBeUndefined();
    // 1 Dec + 30 school days: Dec 2–5 (4), 8–12 (5), 15–19 (5) = 14; Jan 5–9, 12–16, 19–23 = 29; the 30th is Mon 26 Jan 2026.
    expect(r.data?.recordPlacementReview).toMatchObject({
      plannedEndDate: '2026-03-27',
      lastReviewDate: '2025-12-01',
      nextReviewDue: '2026-01-26',
    });
    const bad = await ctx.api.gql(ctx.world.tokens.pruStaff, REVIEW, {
      input: {
        placementId: p.id,
        reviewDate: '2025-12-02',
        outcome: 'EXTEND',
        newPlannedEndDate: '2026-03-01',
        notes: 'x',
      },
    });
    expect(bad.errors?.[0]?.extensions?.code).toBe('VALIDATION_FAILED');
  });

  const STAY = `query($id: UUID!, $asOf: LocalDate) { placement(id: $id) { stayLength(asOf: $asOf) { schoolDays calendarDays open } } }`;
  it.each([
    // [start, end, school days (hand-counted on Sheffield 2025-26), calendar days]
    ['across October half-term', '2025-10-20', '2025-11-07', 10, 19], // 20–24 Oct (5) + 3–7 Nov (5)
    ['across Christmas and New Year', '2025-12-15', '2026-01-09', 10, 26], // 15–19 Dec (5) + 5–9 Jan (5)
    ['across Easter (Good Friday, Easter Monday)', '2026-03-23', '2026-04-17', 10, 26], // 23–27 Mar (5) + 13–17 Apr (5)
    ['over the early May bank holiday', '2026-05-04', '2026-05-08', 4, 5], // Mon 4 May is a bank holiday
    ['a single day', '2026-01-14', '2026-01-14', 1, 1],
  ])('stay length %s is counted in school days', async (_l, start, end, schoolDays, calendarDays) => {
    const pupil = await addPupil(ctx.world.prisma);
    const p = (
      await ctx.api.gql(ctx.world.tokens.laOfficer, COMMISSION, {
        input: placementInput(pupil.id, { startDate: start, plannedEndDate: end }),
      })
    ).data!.commissionPlacement;
    const open = await ctx.api.gql(ctx.world.tokens.laOfficer, STAY, { id: p.id, asOf: end });
    expect(open.data?.placement.stayLength).toEqual({ schoolDays, calendarDays, open: true });
    await ctx.api.gql(ctx.world.tokens.laOfficer, END, {
      input: { placementId: p.id, endDate: end, destination: 'NEET', reason: 'x' },
    });
    const closed = await ctx.api.gql(ctx.world.tokens.laOfficer, STAY, { id: p.id, asOf: '2026-07-01' });
    expect(closed.data?.placement.stayLength).toEqual({ schoolDays, calendarDays, open: false });
  });

  it('idempotency: a retry with the same key returns the first result; a different input is a CONFLICT', async () => {
    const pupil = await addPupil(ctx.world.prisma);
    const input = placementInput(pupil.id);
    const a = await ctx.api.gql(ctx.world.tokens.laOfficer, COMMISSION, { input, key: 'retry-1' });
    const b = await ctx.api.gql(ctx.world.tokens.laOfficer, COMMISSION, { input, key: 'retry-1' });
    expect(b.data?.commissionPlacement.id).toBe(a.data?.commissionPlacement.id);
    expect(await ctx.world.prisma.placement.count({ where: { pupilId: pupil.id } })).toBe(1);
    const c = await ctx.api.gql(ctx.world.tokens.laOfficer, COMMISSION, {
      input: { ...input, placement: { ...input.placement, hoursPerWeek: 20 } },
      key: 'retry-1',
    });
    expect(c.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'IDEMPOTENCY_KEY_REUSED' });
    expect(await ctx.world.prisma.placement.count({ where: { pupilId: pupil.id } })).toBe(1);
  });

  it('50 concurrent identical submissions create one placement and all get its id', async () => {
    const pupil = await addPupil(ctx.world.prisma);
    const input = placementInput(pupil.id);
    const results = await Promise.all(
      Array.from({ length: 50 }, () => ctx.api.gql(ctx.world.tokens.laOfficer, COMMISSION, { input, key: 'burst-50' })),
    );
    const ids = new Set(results.map((r) => r.data?.commissionPlacement?.id));
    expect(results.filter((r) => r.errors)).toEqual([]);
    expect(ids.size).toBe(1);
    expect(await ctx.world.prisma.placement.count({ where: { pupilId: pupil.id } })).toBe(1);
    expect(await ctx.world.prisma.pupilEvent.count({ where: { pupilId: pupil.id, type: 'PLACEMENT_STARTED' } })).toBe(
      1,
    );
    expect(await ctx.world.prisma.outboxEvent.count({ where: { aggregateId: [...ids][0] } })).toBe(1);
  });

  it('scope per role: each sees and reports only what is theirs', async () => {
    const pupil = await addPupil(ctx.world.prisma);
    const atPru = (
      await ctx.api.gql(ctx.world.tokens.laOfficer, COMMISSION, {
        input: placementInput(pupil.id, { hoursPerWeek: 20 }),
      })
    ).data!.commissionPlacement;
    const atUnreg = (
      await ctx.api.gql(ctx.world.tokens.secondaryStaff, COMMISSION, {
        input: unregisteredInput(pupil.id, { hoursPerWeek: 6 }),
      })
    ).data!.commissionPlacement;
    const see = async (who: keyof World['tokens'], id: string) =>
      Boolean(
        (await ctx.api.gql(ctx.world.tokens[who], `query($id: UUID!) { placement(id: $id) { id } }`, { id })).data
          ?.placement,
      );
    expect([await see('laOfficer', atPru.id), await see('laOfficer', atUnreg.id)]).toEqual([true, true]);
    expect([await see('pruStaff', atPru.id), await see('pruStaff', atUnreg.id)]).toEqual([true, false]);
    expect([await see('unregStaff', atPru.id), await see('unregStaff', atUnreg.id)]).toEqual([false, true]);
    // The home school sees its pupil's placements, including the LA-commissioned one.
    expect([await see('secondaryStaff', atPru.id), await see('secondaryStaff', atUnreg.id)]).toEqual([true, true]);
    expect([
      await see('academyStaff', atPru.id),
      await see('analyst', atPru.id),
      await see('panel', atPru.id),
      await see('laOfficerB', atPru.id),
    ]).toEqual([false, false, false, false]);
    // A provider cannot report on another provider's placement: not found, nothing written.
    const r = await ctx.api.gql(ctx.world.tokens.unregStaff, REVIEW, {
      input: { placementId: atPru.id, reviewDate: '2025-11-03', outcome: 'CONTINUE', notes: 'x' },
    });
    expect(r.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(await ctx.world.prisma.placementReview.count({ where: { placementId: atPru.id } })).toBe(0);
    const roll = await ctx.api.gql(
      ctx.world.tokens.pruStaff,
      `query($p: UUID!) { providerRoll(providerId: $p, on: "2025-11-03") { id } }`,
      { p: IDS.unregUkprn },
    );
    expect(roll.data?.providerRoll).toEqual([]);
    const inAp = await ctx.api.gql(
      ctx.world.tokens.secondaryStaff,
      `query($s: UUID!) { schoolPupilsInAp(schoolId: $s, on: "2025-11-03") { id } }`,
      { s: IDS.secondaryA },
    );
    expect(inAp.data?.schoolPupilsInAp.map((p: any) => p.id)).toEqual(expect.arrayContaining([atPru.id, atUnreg.id]));
  });

  it('timeline: corrections are new events pointing at what they correct; the original stays', async () => {
    const pupil = await addPupil(ctx.world.prisma);
    const p = (
      await ctx.api.gql(ctx.world.tokens.laOfficer, COMMISSION, {
        input: placementInput(pupil.id, { startDate: '2025-10-20' }),
      })
    ).data!.commissionPlacement;
    const TL = `query($id: UUID!) { pupilTimeline(pupilId: $id) { id type occurredOn actorRole reason data correctsEventId correctedBy } }`;
    const started = (await ctx.api.gql(ctx.world.tokens.laOfficer, TL, { id: pupil.id })).data!.pupilTimeline.find(
      (e: any) => e.type === 'PLACEMENT_STARTED',
    );
    const fix = await ctx.api.gql(
      ctx.world.tokens.laOfficer,
      `mutation($i: CorrectEventInput!) { correctEvent(input: $i) { id type correctsEventId data } }`,
      {
        i: {
          eventId: started.id,
          correction: { startDate: '2025-10-21' },
          reason: 'Pupil actually started on the Tuesday',
        },
      },
    );
    expect(fix.errors).toBeUndefined();
    expect(fix.data?.correctEvent).toMatchObject({
      type: 'CORRECTION',
      correctsEventId: started.id,
      data: { appliedToRecord: true },
    });
    const row = await ctx.world.prisma.placement.findUniqueOrThrow({ where: { id: p.id } });
    expect(row.startDate.toISOString().slice(0, 10)).toBe('2025-10-21');
    const tl = (await ctx.api.gql(ctx.world.tokens.laOfficer, TL, { id: pupil.id })).data!.pupilTimeline;
    const original = tl.find((e: any) => e.id === started.id);
    expect(original).toMatchObject({ occurredOn: '2025-10-20', correctedBy: [fix.data!.correctEvent.id] });
    const bad = await ctx.api.gql(
      ctx.world.tokens.laOfficer,
      `mutation($i: CorrectEventInput!) { correctEvent(input: $i) { id } }`,
      { i: { eventId: started.id, correction: { colour: 'blue' }, reason: 'x' } },
    );
    expect(bad.errors?.[0]?.extensions?.code).toBe('VALIDATION_FAILED');
  });

  it('the application role cannot rewrite history: audit and timeline rows refuse UPDATE and DELETE', async () => {
    const pg = await import('pg');
    const c = new pg.default.Client({ connectionString: ctx.db.appUrl });
    await c.connect();
    try {
      await expect(c.query(`UPDATE "AuditEvent" SET operation = 'x'`)).rejects.toThrow(/permission denied/);
      await expect(c.query(`DELETE FROM "AuditEvent"`)).rejects.toThrow(/permission denied/);
      await expect(c.query(`DELETE FROM "PupilEvent"`)).rejects.toThrow(/permission denied/);
      await expect(c.query(`TRUNCATE "AuditEvent"`)).rejects.toThrow(/permission denied/);
      const n = await c.query(`SELECT count(*)::int AS n FROM "AuditEvent"`);
      expect(n.rows[0].n).toBeGreaterThan(0);
    } finally {
      await c.end();
    }
  });
});
