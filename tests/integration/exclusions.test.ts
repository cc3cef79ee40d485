import { describe, expect, it } from 'vitest';
import { addPupil, IDS } from '../support/fixtures';
import { useApiWorld } from '../support/apiWorld';
import { COMMISSION, END, EXCLUDE, SUSPEND, placementInput } from '../support/movements';
import { addDays } from '../../src/domain/dates';

/**
 * Exclusions through the API (domain.md §5.1): permanent exclusions and the LA's day-6 clock, the
 * governing board's decision, reading an exclusion and the year's suspension total (rule E1), each
 * scoped by role; and corrections of exclusion events, every refusal of correctEvent included.
 * School days hand-counted on Sheffield's 2025-26 calendar (half-term Mon 27 – Fri 31 Oct 2025).
 */
describe('exclusions', () => {
  const ctx = useApiWorld();
  const today = new Date().toISOString().slice(0, 10);

  const counts = async () => {
    const p = ctx.world.prisma;
    const [exclusions, events, outbox, audit, idem] = await Promise.all([
      p.exclusion.count(),
      p.pupilEvent.count(),
      p.outboxEvent.count(),
      p.auditEvent.count(),
      p.idempotencyKey.count(),
    ]);
    return { exclusions, events, outbox, audit, idem };
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
    expect(r.errors?.[0]?.message).not.toMatch(/prisma|SQL|constraint|stack/i);
    expect(await counts()).toEqual(before);
    return r.errors![0]!;
  }

  const excludeInput = (pupilId: string, over: Record<string, unknown> = {}) => ({
    pupilId,
    schoolId: IDS.secondaryA,
    startDate: '2025-10-22',
    reasonCategory: 'PHYSICAL_ASSAULT_ADULT',
    note: 'Serious assault on a member of staff.',
    ...over,
  });
  const suspendInput = (pupilId: string, over: Record<string, unknown> = {}) => ({
    pupilId,
    schoolId: IDS.secondaryA,
    startDate: '2025-11-03',
    schoolDays: 3,
    reasonCategory: 'PERSISTENT_DISRUPTIVE',
    note: 'x',
    ...over,
  });
  const GOVERNORS = `mutation($input: GovernorDecisionInput!) { recordGovernorDecision(input: $input) { id governorOutcome governorDecisionDate } }`;
  const READ = `query($id: UUID!) { exclusion(id: $id) { id kind startDate schoolDays daySixDate academicYear governorOutcome school { id } pupil { id } } }`;
  const TOTAL = `query($p: UUID!, $y: String!) { suspensionTotal(pupilId: $p, academicYear: $y) { academicYear schoolDays cap remaining } }`;
  const TIMELINE = `query($p: UUID!) { pupilTimeline(pupilId: $p) { id type occurredOn data exclusionId correctsEventId correctedBy } }`;
  const CORRECT = `mutation($i: CorrectEventInput!) { correctEvent(input: $i) { id type correctsEventId data } }`;

  async function exclude(pupilId: string, over: Record<string, unknown> = {}, token = ctx.world.tokens.secondaryStaff) {
    const r = await ctx.api.gql(token, EXCLUDE, { input: excludeInput(pupilId, over) });
    expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
    return r.data!.recordPermanentExclusion as {
      id: string;
      daySixDate: string;
      academicYear: string;
      governorOutcome: string;
    };
  }
  async function suspend(pupilId: string, over: Record<string, unknown> = {}, token = ctx.world.tokens.secondaryStaff) {
    const r = await ctx.api.gql(token, SUSPEND, { input: suspendInput(pupilId, over) });
    expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
    return r.data!.recordSuspension as { id: string; schoolDays: number; daySixDate: string | null };
  }
  const eventOf = async (pupilId: string, type: string) =>
    ((await ctx.api.gql(ctx.world.tokens.laOfficer, TIMELINE, { p: pupilId })).data!.pupilTimeline as any[]).find(
      (e) => e.type === type,
    );

  describe('recordPermanentExclusion', () => {
    it('day-6 clock: from Wed 22 Oct 2025 the LA’s duty starts Wed 5 Nov (22, 23, 24 Oct, half-term, 3, 4, 5 Nov); writes its event, outbox row and audit row', async () => {
      const pupil = await addPupil(ctx.world.prisma);
      const before = await counts();
      const ex = await exclude(pupil.id);
      expect(ex).toMatchObject({ daySixDate: '2025-11-05', academicYear: '2025-26', governorOutcome: 'PENDING' });
      const after = await counts();
      expect({
        exclusions: after.exclusions - before.exclusions,
        events: after.events - before.events,
        outbox: after.outbox - before.outbox,
        audit: after.audit - before.audit,
      }).toEqual({ exclusions: 1, events: 1, outbox: 1, audit: 1 });
      const row = await ctx.world.prisma.exclusion.findUniqueOrThrow({ where: { id: ex.id } });
      expect(row).toMatchObject({
        kind: 'PERMANENT',
        schoolId: IDS.secondaryA,
        pupilId: pupil.id,
        schoolDays: null,
        reasonCategory: 'PHYSICAL_ASSAULT_ADULT',
      });
      const ev = await eventOf(pupil.id, 'PERMANENT_EXCLUSION_RECORDED');
      expect(ev).toMatchObject({
        occurredOn: '2025-10-22',
        exclusionId: ex.id,
        data: { schoolId: IDS.secondaryA, reasonCategory: 'PHYSICAL_ASSAULT_ADULT' },
      });
      expect(await ctx.world.prisma.outboxEvent.findFirst({ where: { aggregateId: ex.id } })).toMatchObject({
        aggregateType: 'EXCLUSION',
        laId: IDS.laA,
      });
      expect(
        await ctx.world.prisma.auditEvent.findFirst({
          where: { operation: 'exclusion.permanent', subjectIds: { has: ex.id } },
        }),
      ).toMatchObject({ actorId: IDS.users.secondaryStaff });
    });

    it('an LA officer may record it for a school of the LA', async () => {
      const pupil = await addPupil(ctx.world.prisma);
      const ex = await exclude(pupil.id, { startDate: '2025-11-03' }, ctx.world.tokens.laOfficer);
      // Mon 3 – Fri 7 Nov are days 1–5: day 6 is Mon 10 Nov.
      expect(ex.daySixDate).toBe('2025-11-10');
    });

    it('refusals write nothing: another school’s exclusion, a role that cannot exclude, a pupil out of scope, a school of another LA, a future date, a date before birth, a reason outside the DfE list', async () => {
      const pupil = await addPupil(ctx.world.prisma);
      const other = await addPupil(ctx.world.prisma, { schoolId: IDS.academyA });
      const t = ctx.world.tokens;
      await refused(
        t.secondaryStaff,
        EXCLUDE,
        { input: excludeInput(pupil.id, { schoolId: IDS.academyA }) },
        'FORBIDDEN',
      );
      for (const role of [t.panel, t.pruStaff, t.analyst])
        await refused(role, EXCLUDE, { input: excludeInput(pupil.id) }, 'FORBIDDEN');
      await refused(t.secondaryStaff, EXCLUDE, { input: excludeInput(other.id) }, 'NOT_FOUND');
      await refused(t.laOfficer, EXCLUDE, { input: excludeInput(pupil.id, { schoolId: IDS.secondaryB }) }, 'NOT_FOUND');
      await refused(
        t.secondaryStaff,
        EXCLUDE,
        { input: excludeInput(pupil.id, { startDate: addDays(today, 1) }) },
        'VALIDATION_FAILED',
      );
      await refused(
        t.secondaryStaff,
        EXCLUDE,
        { input: excludeInput(pupil.id, { startDate: '2011-05-09' }) },
        'VALIDATION_FAILED',
      );
      await refused(
        t.secondaryStaff,
        EXCLUDE,
        { input: excludeInput(pupil.id, { reasonCategory: 'BEING_LATE' }) },
        'VALIDATION_FAILED',
      );
    });
  });

  describe('recordGovernorDecision (domain.md §5.1, rule E4)', () => {
    it('the board upholds: recorded once, with its event, outbox row and audit row', async () => {
      const pupil = await addPupil(ctx.world.prisma);
      const ex = await exclude(pupil.id);
      const before = await counts();
      const r = await ctx.api.gql(ctx.world.tokens.secondaryStaff, GOVERNORS, {
        input: { exclusionId: ex.id, outcome: 'UPHELD', decisionDate: '2025-11-12', note: 'Board met.' },
      });
      expect(r.errors).toBeUndefined();
      expect(r.data!.recordGovernorDecision).toEqual({
        id: ex.id,
        governorOutcome: 'UPHELD',
        governorDecisionDate: '2025-11-12',
      });
      const after = await counts();
      expect([
        after.exclusions - before.exclusions,
        after.events - before.events,
        after.outbox - before.outbox,
        after.audit - before.audit,
      ]).toEqual([0, 1, 1, 1]);
      expect(await eventOf(pupil.id, 'GOVERNOR_DECISION_RECORDED')).toMatchObject({
        occurredOn: '2025-11-12',
        exclusionId: ex.id,
        data: { outcome: 'UPHELD' },
      });
    });

    it('a reinstated suspension no longer counts towards the 45 days (rule E1)', async () => {
      const pupil = await addPupil(ctx.world.prisma);
      const s = await suspend(pupil.id, { schoolDays: 40, startDate: '2025-09-15' });
      const total = async () =>
        (await ctx.api.gql(ctx.world.tokens.secondaryStaff, TOTAL, { p: pupil.id, y: '2025-26' })).data!
          .suspensionTotal;
      expect(await total()).toEqual({ academicYear: '2025-26', schoolDays: 40, cap: 45, remaining: 5 });
      await refused(
        ctx.world.tokens.secondaryStaff,
        SUSPEND,
        { input: suspendInput(pupil.id, { schoolDays: 6 }) },
        'RULE_BLOCKED',
        'E1',
      );
      const r = await ctx.api.gql(ctx.world.tokens.laOfficer, GOVERNORS, {
        input: { exclusionId: s.id, outcome: 'REINSTATED', decisionDate: '2025-09-25', note: 'Reinstated.' },
      });
      expect(r.data?.recordGovernorDecision.governorOutcome).toBe('REINSTATED');
      expect(await total()).toEqual({ academicYear: '2025-26', schoolDays: 0, cap: 45, remaining: 45 });
      expect((await suspend(pupil.id, { schoolDays: 6 })).schoolDays).toBe(6);
    });

    it('all five refusals write nothing: a role that cannot decide, an exclusion out of scope, a decision already recorded, a date before the exclusion, a date in the future', async () => {
      const pupil = await addPupil(ctx.world.prisma);
      const ex = await exclude(pupil.id);
      const t = ctx.world.tokens;
      const decide = (over: Record<string, unknown> = {}) => ({
        input: { exclusionId: ex.id, outcome: 'UPHELD', decisionDate: '2025-11-12', note: 'Board met.', ...over },
      });
      for (const role of [t.panel, t.pruStaff, t.analyst]) await refused(role, GOVERNORS, decide(), 'FORBIDDEN');
      for (const outsider of [t.academyStaff, t.laOfficerB]) await refused(outsider, GOVERNORS, decide(), 'NOT_FOUND');
      const early = await refused(
        t.secondaryStaff,
        GOVERNORS,
        decide({ decisionDate: '2025-10-21' }),
        'VALIDATION_FAILED',
      );
      expect(JSON.stringify(early)).toContain('2025-10-22');
      await refused(t.secondaryStaff, GOVERNORS, decide({ decisionDate: addDays(today, 1) }), 'VALIDATION_FAILED');
      expect((await ctx.api.gql(t.secondaryStaff, GOVERNORS, decide())).errors).toBeUndefined();
      await refused(t.laOfficer, GOVERNORS, decide({ outcome: 'REINSTATED' }), 'CONFLICT');
    });
  });

  describe('reading: exclusion(id) and suspensionTotal, scoped (exclusionScope)', () => {
    it('the LA, the excluding school and a provider with a placement of the pupil see it; other schools, other providers, the panel, the analyst and another LA do not', async () => {
      const pupil = await addPupil(ctx.world.prisma);
      const ex = await exclude(pupil.id);
      // A placement at the PRU (the LA's day-6 provision) lets the PRU see the exclusion.
      const placed = await ctx.api.gql(ctx.world.tokens.laOfficer, COMMISSION, {
        input: placementInput(pupil.id, { startDate: '2025-11-05' }),
      });
      expect(placed.errors).toBeUndefined();
      const t = ctx.world.tokens;
      const read = async (token: string) => {
        const r = await ctx.api.gql(token, READ, { id: ex.id });
        return r.data?.exclusion ?? null;
      };
      const expected = {
        id: ex.id,
        kind: 'PERMANENT',
        startDate: '2025-10-22',
        schoolDays: null,
        daySixDate: '2025-11-05',
        academicYear: '2025-26',
        governorOutcome: 'PENDING',
        school: { id: IDS.secondaryA },
        pupil: { id: pupil.id },
      };
      for (const who of [t.laOfficer, t.secondaryStaff, t.pruStaff]) expect(await read(who)).toEqual(expected);
      for (const who of [t.academyStaff, t.unregStaff, t.panel, t.laOfficerB]) expect(await read(who)).toBeNull();
      // Each read that found it is audited; the refusals reveal nothing.
      const reads = await ctx.world.prisma.auditEvent.findMany({
        where: { operation: 'exclusion.read', subjectIds: { has: ex.id } },
      });
      expect(reads.map((a) => a.actorId).sort()).toEqual(
        [IDS.users.laOfficer, IDS.users.secondaryStaff, IDS.users.pruStaff].sort(),
      );
    });

    it('the year’s suspensions across all schools, half days included; another year counts apart; out of scope is NOT_FOUND', async () => {
      const pupil = await addPupil(ctx.world.prisma);
      await ctx.world.prisma.enrolment.create({
        data: { pupilId: pupil.id, schoolId: IDS.academyA, startDate: new Date('2025-09-01') },
      });
      await suspend(pupil.id, { startDate: '2025-09-15', schoolDays: 2.5 });
      await suspend(
        pupil.id,
        { schoolId: IDS.academyA, startDate: '2025-11-10', schoolDays: 10 },
        ctx.world.tokens.academyStaff,
      );
      await suspend(pupil.id, { startDate: '2026-09-14', schoolDays: 1 });
      const total = (token: string, y: string) => ctx.api.gql(token, TOTAL, { p: pupil.id, y });
      expect((await total(ctx.world.tokens.laOfficer, '2025-26')).data?.suspensionTotal).toEqual({
        academicYear: '2025-26',
        schoolDays: 12.5,
        cap: 45,
        remaining: 32.5,
      });
      expect((await total(ctx.world.tokens.secondaryStaff, '2026-27')).data?.suspensionTotal).toEqual({
        academicYear: '2026-27',
        schoolDays: 1,
        cap: 45,
        remaining: 44,
      });
      expect((await total(ctx.world.tokens.laOfficer, '2024-25')).data?.suspensionTotal).toEqual({
        academicYear: '2024-25',
        schoolDays: 0,
        cap: 45,
        remaining: 45,
      });
      for (const outsider of [ctx.world.tokens.laOfficerB, ctx.world.tokens.analyst, ctx.world.tokens.pruStaff]) {
        const r = await total(outsider, '2025-26');
        expect(r.data ?? null).toBeNull();
        expect(r.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      }
    });
  });

  describe('correctEvent on exclusion events (the record follows; the original stays)', () => {
    it('a suspension’s length corrected to 6 days: the day-6 date appears; the year total follows', async () => {
      const pupil = await addPupil(ctx.world.prisma);
      const s = await suspend(pupil.id, { schoolDays: 5 });
      expect(s.daySixDate).toBeNull();
      const ev = await eventOf(pupil.id, 'SUSPENSION_RECORDED');
      const before = await counts();
      const fix = await ctx.api.gql(ctx.world.tokens.secondaryStaff, CORRECT, {
        i: { eventId: ev.id, correction: { schoolDays: 6 }, reason: 'It was six days.' },
      });
      expect(fix.errors).toBeUndefined();
      expect(fix.data!.correctEvent).toMatchObject({
        type: 'CORRECTION',
        correctsEventId: ev.id,
        data: { correctedType: 'SUSPENSION_RECORDED', appliedToRecord: true },
      });
      const after = await counts();
      expect([after.events - before.events, after.outbox - before.outbox, after.audit - before.audit]).toEqual([
        1, 1, 1,
      ]);
      // Mon 3 – Fri 7 Nov are days 1–5: day 6 is Mon 10 Nov.
      expect((await ctx.api.gql(ctx.world.tokens.laOfficer, READ, { id: s.id })).data?.exclusion).toMatchObject({
        schoolDays: 6,
        daySixDate: '2025-11-10',
      });
      expect(
        (await ctx.api.gql(ctx.world.tokens.laOfficer, TOTAL, { p: pupil.id, y: '2025-26' })).data?.suspensionTotal
          .schoolDays,
      ).toBe(6);
      expect(await eventOf(pupil.id, 'SUSPENSION_RECORDED')).toMatchObject({
        id: ev.id,
        data: { schoolDays: 5 },
        correctedBy: [fix.data!.correctEvent.id],
      });
    });

    it('a permanent exclusion’s start corrected to Mon 3 Nov moves its day-6 date to Mon 10 Nov', async () => {
      const pupil = await addPupil(ctx.world.prisma);
      const ex = await exclude(pupil.id);
      const ev = await eventOf(pupil.id, 'PERMANENT_EXCLUSION_RECORDED');
      const fix = await ctx.api.gql(ctx.world.tokens.laOfficer, CORRECT, {
        i: { eventId: ev.id, correction: { startDate: '2025-11-03' }, reason: 'Wrong date keyed.' },
      });
      expect(fix.errors).toBeUndefined();
      expect((await ctx.api.gql(ctx.world.tokens.laOfficer, READ, { id: ex.id })).data?.exclusion).toMatchObject({
        startDate: '2025-11-03',
        daySixDate: '2025-11-10',
        academicYear: '2025-26',
      });
    });

    it('all eight refusals write nothing, and the record is unchanged', async () => {
      const pupil = await addPupil(ctx.world.prisma);
      const a = await suspend(pupil.id, { startDate: '2025-09-15', schoolDays: 40 });
      await suspend(pupil.id, { startDate: '2025-11-03', schoolDays: 3 });
      const placedPupil = await addPupil(ctx.world.prisma);
      const placed = await ctx.api.gql(ctx.world.tokens.laOfficer, COMMISSION, {
        input: placementInput(placedPupil.id),
      });
      expect(placed.errors).toBeUndefined();
      const suspension = (
        await ctx.api.gql(ctx.world.tokens.laOfficer, TIMELINE, { p: pupil.id })
      ).data!.pupilTimeline.find((e: any) => e.exclusionId === a.id);
      const started = await eventOf(placedPupil.id, 'PLACEMENT_STARTED');
      const t = ctx.world.tokens;
      const fix = (eventId: string, correction: Record<string, unknown>, reason = 'Keyed wrongly.') => ({
        i: { eventId, correction, reason },
      });
      // 1. No reason given.
      await refused(t.laOfficer, CORRECT, fix(suspension.id, { schoolDays: 39 }, ' '), 'VALIDATION_FAILED');
      // 2. An event out of scope (another LA; a school the pupil is not on) answers like a missing one; the
      // analyst's role may correct nothing at all (permission table), so it is refused before anything is read.
      for (const outsider of [t.laOfficerB, t.academyStaff])
        await refused(outsider, CORRECT, fix(suspension.id, { schoolDays: 39 }), 'NOT_FOUND');
      await refused(t.analyst, CORRECT, fix(suspension.id, { schoolDays: 39 }), 'FORBIDDEN');
      // 3. A field the event does not have, or nothing to correct.
      const shape = await refused(
        t.laOfficer,
        CORRECT,
        fix(suspension.id, { reasonCategory: 'BULLYING' }),
        'VALIDATION_FAILED',
      );
      expect(JSON.stringify(shape)).toContain('startDate, schoolDays');
      await refused(t.laOfficer, CORRECT, fix(suspension.id, {}), 'VALIDATION_FAILED');
      // 4. A date before the pupil's birth (10 May 2011).
      await refused(t.laOfficer, CORRECT, fix(suspension.id, { startDate: '2011-05-09' }), 'VALIDATION_FAILED');
      // 5. A date more than a year ahead.
      await refused(t.laOfficer, CORRECT, fix(started.id, { startDate: addDays(today, 400) }), 'VALIDATION_FAILED');
      // 6. Dates that would put a placement's end before its start (it ended Fri 19 Dec 2025).
      const ended = await ctx.api.gql(t.laOfficer, END, {
        input: {
          placementId: placed.data!.commissionPlacement.id,
          endDate: '2025-12-19',
          destination: 'NEET',
          reason: 'Left',
        },
      });
      expect(ended.errors).toBeUndefined();
      await refused(t.laOfficer, CORRECT, fix(started.id, { startDate: '2026-01-05' }), 'VALIDATION_FAILED');
      // 7. Not in half days (rule E7).
      await refused(t.laOfficer, CORRECT, fix(suspension.id, { schoolDays: 40.3 }), 'VALIDATION_FAILED');
      // 8. Past the 45-day cap with the other suspension of the year (rule E1): 43 + 3 = 46.
      const e1 = await refused(t.laOfficer, CORRECT, fix(suspension.id, { schoolDays: 43 }), 'RULE_BLOCKED', 'E1');
      expect(e1.message).toContain('46');
      expect(await ctx.world.prisma.exclusion.findUniqueOrThrow({ where: { id: a.id } })).toMatchObject({
        startDate: new Date('2025-09-15T00:00:00Z'),
      });
      expect(Number((await ctx.world.prisma.exclusion.findUniqueOrThrow({ where: { id: a.id } })).schoolDays)).toBe(40);
    });
  });
});
