import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { useApiWorld } from '../support/apiWorld';
import { addPupil, IDS, type UserKey } from '../support/fixtures';
import { COMMISSION, SUSPEND, placementInput } from '../support/movements';
import { REFER, referralInput } from '../support/fairAccess';
import { enrol, place } from '../support/reports';

/**
 * Issue 11's findings inside an LA, each reproduced as the outside probe ran it against the demo service,
 * and now answered as the permission table says (src/access/permissions.ts, docs/permissions.md).
 */
const CORRECT = `mutation($i: CorrectEventInput!) { correctEvent(input: $i) { id } }`;
const PUPIL = `query($id: UUID!) { pupil(id: $id) { id } }`;
const PLACEMENT = `query($id: UUID!) { placement(id: $id) { id objectives safeguardingLead } }`;
const WHEREABOUTS = `query($id: UUID!, $on: LocalDate!) { pupilWhereabouts(pupilId: $id, on: $on) { placements { id objectives safeguardingLead reviews { notes } } } }`;
const TIMELINE = `query($id: UUID!) { pupilTimeline(pupilId: $id) { id type } }`;
const d = (iso: string) => new Date(`${iso}T00:00:00Z`);

describe('issue 11: the holes inside an LA', () => {
  const ctx = useApiWorld();
  const gql = (user: UserKey, query: string, variables: Record<string, unknown> = {}) =>
    ctx.api.gql(ctx.world.tokens[user], query, variables);
  /** The answer the caller gets for the same request about a record that does not exist. */
  const asMissing = async (user: UserKey, query: string, vars: (id: string) => Record<string, unknown>, id: string) => {
    const [real, missing] = [await gql(user, query, vars(id)), await gql(user, query, vars(randomUUID()))];
    return { real, missing, same: JSON.stringify(real) === JSON.stringify(missing) };
  };

  // A pupil on Hillside's roll, referred to the panel, placed by the LA at the PRU and at Bridge (another
  // provider), and suspended by Hillside.
  let pupil: string;
  let pruPlacement: string;
  let bridgePlacement: string;
  let suspension: string;
  beforeAll(async () => {
    pupil = (await addPupil(ctx.world.prisma, { dob: '2011-05-10' })).id;
    const commission = async (input: Record<string, unknown>) => {
      const r = await gql('laOfficer', COMMISSION, { input });
      if (r.errors) throw new Error(JSON.stringify(r.errors));
      return r.data!.commissionPlacement.id as string;
    };
    pruPlacement = await commission(placementInput(pupil, { hoursPerWeek: 10, safeguardingLead: 'A. Lead' }));
    bridgePlacement = await commission(
      placementInput(pupil, {
        providerId: IDS.independentAp,
        hoursPerWeek: 10,
        safeguardingLead: 'B. Lead',
        objectives: 'Bridge objectives',
        safeguardingConfirmedOn: '2025-10-01',
      }),
    );
    const s = await gql('secondaryStaff', SUSPEND, {
      input: {
        pupilId: pupil,
        schoolId: IDS.secondaryA,
        startDate: '2025-10-06',
        schoolDays: 2,
        reasonCategory: 'OTHER',
        note: 'Suspended',
      },
    });
    if (s.errors) throw new Error(JSON.stringify(s.errors));
    suspension = s.data!.recordSuspension.id;
    const r = await gql('laOfficer', REFER, { input: referralInput(pupil) });
    if (r.errors) throw new Error(JSON.stringify(r.errors));
  });

  const eventOf = async (where: { placementId?: string; exclusionId?: string }, type: string) =>
    (await ctx.world.prisma.pupilEvent.findFirstOrThrow({ where: { ...where, type } })).id;

  it('finding 1: correctEvent is authorised per the event’s owning organisation, and refusals look like a missing event', async () => {
    const bridgeStarted = await eventOf({ placementId: bridgePlacement }, 'PLACEMENT_STARTED');
    const suspended = await eventOf({ exclusionId: suspension }, 'SUSPENSION_RECORDED');
    const vars = (correction: Record<string, unknown>) => (id: string) => ({
      i: { eventId: id, correction, reason: 'Probe' },
    });
    // The probe: a well-formed correction that would have rewritten the record.
    for (const [user, ev, correction] of [
      ['panel', bridgeStarted, { startDate: '2025-10-21' }],
      ['pruStaff', bridgeStarted, { startDate: '2025-10-21' }],
      ['panel', suspended, { schoolDays: 1 }],
      ['pruStaff', suspended, { schoolDays: 1 }],
    ] as const) {
      const r = await asMissing(user, CORRECT, vars(correction), ev);
      expect(r.same, `${user}: ${JSON.stringify(r.real)}`).toBe(true);
      expect(r.real.errors?.[0]?.extensions?.code, user).toBe(user === 'panel' ? 'FORBIDDEN' : 'NOT_FOUND');
    }
    expect((await ctx.world.prisma.placement.findUniqueOrThrow({ where: { id: bridgePlacement } })).startDate).toEqual(
      d('2025-10-20'),
    );
    expect(Number((await ctx.world.prisma.exclusion.findUniqueOrThrow({ where: { id: suspension } })).schoolDays)).toBe(
      2,
    );
    // The owners may: the school its suspension, the PRU its own placement's start.
    expect((await gql('secondaryStaff', CORRECT, vars({ schoolDays: 1.5 })(suspended))).errors).toBeUndefined();
    expect(
      (
        await gql(
          'pruStaff',
          CORRECT,
          vars({ tier: 'TIER_2_TIME_LIMITED' })(await eventOf({ placementId: pruPlacement }, 'PLACEMENT_STARTED')),
        )
      ).errors,
    ).toBeUndefined();
    expect(
      (await gql('secondaryStaff', CORRECT, vars({ startDate: '2025-10-21' })(bridgeStarted))).errors?.[0]?.extensions
        ?.code,
    ).toBe('NOT_FOUND');
  });

  it('finding 2: pupilWhereabouts lists only the placements placement(id) would show the caller', async () => {
    for (const user of ['laOfficer', 'panel', 'secondaryStaff', 'pruStaff', 'academyStaff'] as const) {
      const w = await gql(user, WHEREABOUTS, { id: pupil, on: '2025-11-03' });
      const listed: string[] = (w.data?.pupilWhereabouts?.placements ?? []).map((p: { id: string }) => p.id).sort();
      const readable: string[] = [];
      for (const id of [pruPlacement, bridgePlacement])
        if ((await gql(user, PLACEMENT, { id })).data?.placement) readable.push(id);
      expect(listed, user).toEqual(readable.sort());
    }
    // The probe's cases: the panel sees no placement at all, the PRU only its own.
    expect(
      (await gql('panel', WHEREABOUTS, { id: pupil, on: '2025-11-03' })).data?.pupilWhereabouts.placements,
    ).toEqual([]);
    const pru = (await gql('pruStaff', WHEREABOUTS, { id: pupil, on: '2025-11-03' })).data?.pupilWhereabouts.placements;
    expect(pru.map((p: { id: string }) => p.id)).toEqual([pruPlacement]);
    expect(JSON.stringify(pru)).not.toContain('B. Lead');
  });

  it('finding 4: a write about a pupil the caller cannot see answers exactly like a missing pupil, and never reveals the date of birth', async () => {
    const hidden = (await addPupil(ctx.world.prisma, { dob: '2011-03-17', schoolId: IDS.academyA })).id;
    // The probe walked dates towards the birthday; every step must now answer alike.
    for (const date of ['2000-01-01', '2011-03-16', '2011-03-17', '2011-03-18']) {
      const probes: [UserKey, string, (id: string) => Record<string, unknown>][] = [
        ['pruStaff', COMMISSION, (id) => ({ input: placementInput(id, { startDate: date }) })],
        ['panel', COMMISSION, (id) => ({ input: placementInput(id, { startDate: date }) })],
        [
          'secondaryStaff',
          `mutation($i: EnrolPupilInput!) { enrolPupil(input: $i) { id } }`,
          (id) => ({ i: { pupilId: id, schoolId: IDS.secondaryA, startDate: date, reason: 'Probe' } }),
        ],
        ['panel', REFER, (id) => ({ input: referralInput(id, { referredOn: date, agreedToConsiderOn: null }) })],
      ];
      for (const [user, query, vars] of probes) {
        const r = await asMissing(user, query, vars, hidden);
        expect(r.same, `${user} ${date}: ${JSON.stringify(r.real)}`).toBe(true);
        expect(JSON.stringify(r.real)).not.toMatch(/date of birth|2011-03-17/);
      }
    }
    expect(await ctx.world.prisma.placement.count({ where: { pupilId: hidden } })).toBe(0);
    expect(await ctx.world.prisma.fairAccessReferral.count({ where: { pupilId: hidden } })).toBe(0);
    expect(await ctx.world.prisma.enrolment.count({ where: { pupilId: hidden } })).toBe(1);
  });

  describe('finding 5: analysts get fair share, whose turn and the adjudicator return suppressed', () => {
    beforeAll(async () => {
      const admitted = (await addPupil(ctx.world.prisma, { schoolId: IDS.academyA })).id;
      const m = await ctx.world.prisma.fairAccessPanelMeeting.create({
        data: { laId: IDS.laA, meetingDate: d('2025-11-05'), attendingOrganisations: ['LA'], createdBy: 'test' },
      });
      const r = await ctx.world.prisma.fairAccessReferral.create({
        data: {
          laId: IDS.laA,
          pupilId: admitted,
          referringParty: 'LA_SERVICE',
          referrerName: 'Officer',
          referredOn: d('2025-11-03'),
          categories: ['AP_REINTEGRATION_OR_PEX'],
          route: 'PANEL',
          status: 'ADMITTED',
          yearGroupSought: 9,
          senStatus: 'NONE',
          currentlyLookedAfter: false,
          context: 'c',
          previousSchoolIds: [],
          agreedToConsiderOn: d('2025-11-03'),
          admittedOn: d('2025-11-17'),
          admittedSchoolId: IDS.academyA,
          createdBy: 'test',
        },
      });
      await ctx.world.prisma.fairAccessDecision.create({
        data: {
          referralId: r.id,
          meetingId: m.id,
          outcome: 'ALLOCATE_SCHOOL',
          rationale: 'r',
          decidedBy: 'p',
          recordedBy: 'test',
          allocatedSchoolId: IDS.academyA,
          admissionDeadline: d('2025-11-14'),
        },
      });
    });
    const FAIR = `{ fairShare(academicYear: "2025-26") { school { id } total per100OnRoll byYearGroup { yearGroup admissions } suppressed } }`;
    const TURN = `{ whoseTurn(yearGroup: 9, asOf: "2025-12-01") { suppressed entries { school { id } yearGroupPlacements allPlacements yearGroupPer100 allPer100 lastPlacementOn suppressed } } }`;
    const RET = `{ adjudicatorReturn(academicYear: "2025-26") { total suppressed rows { school { id } admissions suppressed } csv } }`;

    it('an LA officer sees the single admission exactly', async () => {
      const fair = (await gql('laOfficer', FAIR)).data!.fairShare.find((r: any) => r.school.id === IDS.academyA);
      expect(fair).toMatchObject({ total: 1, byYearGroup: [{ yearGroup: 9, admissions: 1 }], suppressed: false });
      const turn = (await gql('laOfficer', TURN)).data!.whoseTurn.entries.find(
        (e: any) => e.school.id === IDS.academyA,
      );
      expect(turn).toMatchObject({ yearGroupPlacements: 1, lastPlacementOn: '2025-11-17', suppressed: false });
      expect((await gql('laOfficer', RET)).data!.adjudicatorReturn).toMatchObject({ total: 1, suppressed: false });
    });

    it('an analyst gets no small number and no exact date', async () => {
      const fair = (await gql('analyst', FAIR)).data!.fairShare;
      const row = fair.find((r: any) => r.school.id === IDS.academyA);
      expect(row).toMatchObject({
        total: null,
        per100OnRoll: null,
        byYearGroup: [{ yearGroup: 9, admissions: null }],
        suppressed: true,
      });
      const turn = (await gql('analyst', TURN)).data!.whoseTurn;
      expect(turn.suppressed).toBe(true);
      expect(turn.entries.every((e: any) => e.lastPlacementOn === null)).toBe(true);
      expect(turn.entries.find((e: any) => e.school.id === IDS.academyA)).toMatchObject({
        yearGroupPlacements: null,
        allPlacements: null,
        yearGroupPer100: null,
        suppressed: true,
      });
      const ret = (await gql('analyst', RET)).data!.adjudicatorReturn;
      expect(ret).toMatchObject({ total: null, suppressed: true });
      expect(ret.rows.find((r: any) => r.school.id === IDS.academyA)).toMatchObject({
        admissions: null,
        suppressed: true,
      });
      const csvRow = ret.csv.split('\n').find((l: string) => l.includes('900002'));
      expect(csvRow.trim().endsWith(',c')).toBe(true);
      // Nothing in any of the three answers is a figure between 1 and 4.
      for (const body of [fair, turn, ret])
        expect(JSON.stringify(body)).not.toMatch(/"(total|admissions|yearGroupPlacements|allPlacements)":[1-4]\b/);
    });
  });

  describe('finding 6: a provider’s access ends with its relationship to the pupil', () => {
    let old: string;
    let recent: string;
    let oldPlacement: string;
    let recentPlacement: string;
    beforeAll(async () => {
      // Ended well over a year ago, and ended last term (inside the default 130 school days).
      old = (await addPupil(ctx.world.prisma)).id;
      recent = (await addPupil(ctx.world.prisma)).id;
      const ended = (pupilId: string, start: string, end: string) =>
        place(ctx.world.prisma, {
          pupilId,
          providerId: IDS.pru,
          reason: 'HEALTH_NEEDS',
          legalBasis: 'S19_HEALTH',
          tier: 'TIER_2_TIME_LIMITED',
          start,
          plannedEnd: end,
          end,
          destination: 'MAINSTREAM_SCHOOL',
          destinationSchoolId: IDS.secondaryA,
        });
      oldPlacement = await ended(old, '2025-01-06', '2025-07-18');
      recentPlacement = await ended(recent, '2026-04-20', '2026-07-17');
      for (const [p, pl] of [
        [old, oldPlacement],
        [recent, recentPlacement],
      ] as const) {
        await ctx.world.prisma.pupilEvent.create({
          data: {
            pupilId: p,
            type: 'PLACEMENT_STARTED',
            occurredOn: d('2025-01-06'),
            actorId: IDS.users.laOfficer,
            actorRole: 'LA_OFFICER',
            actorOrgId: IDS.laA,
            reason: 'Started',
            data: {},
            placementId: pl,
          },
        });
        // A later event by another organisation: a permanent exclusion elsewhere.
        await ctx.world.prisma.pupilEvent.create({
          data: {
            pupilId: p,
            type: 'PERMANENT_EXCLUSION_RECORDED',
            occurredOn: d('2026-10-05'),
            actorId: IDS.users.secondaryStaff,
            actorRole: 'SCHOOL_STAFF',
            actorOrgId: IDS.secondaryA,
            reason: 'Excluded',
            data: {},
          },
        });
      }
      await enrol(ctx.world.prisma, recent, IDS.academyA, '2026-07-20');
    });

    it('a placement that ended over a year ago: the pupil, the placement and the timeline answer like missing records', async () => {
      for (const [query, vars] of [
        [PUPIL, (id: string) => ({ id })],
        [TIMELINE, (id: string) => ({ id })],
      ] as const) {
        expect((await asMissing('pruStaff', query, vars, old)).same).toBe(true);
      }
      expect((await asMissing('pruStaff', PLACEMENT, (id) => ({ id }), oldPlacement)).same).toBe(true);
    });

    it('a recently ended placement stays readable, but the timeline shows only the provider’s own placement, not later events by others', async () => {
      expect((await gql('pruStaff', PUPIL, { id: recent })).data?.pupil?.id).toBe(recent);
      expect((await gql('pruStaff', PLACEMENT, { id: recentPlacement })).data?.placement?.id).toBe(recentPlacement);
      const events = (await gql('pruStaff', TIMELINE, { id: recent })).data!.pupilTimeline.map(
        (e: { type: string }) => e.type,
      );
      expect(events).toEqual(['PLACEMENT_STARTED']);
      const all = (await gql('laOfficer', TIMELINE, { id: recent })).data!.pupilTimeline.map(
        (e: { type: string }) => e.type,
      );
      expect(all).toContain('PERMANENT_EXCLUSION_RECORDED');
    });

    it('the window is the LA’s setting: shortened to nothing the recent one goes too; lengthened the old one comes back', async () => {
      const SET = `mutation($v: Float!) { setThresholdOverride(key: "providerAccessAfterPlacementSchoolDays", value: $v, reason: "Test") { value } }`;
      try {
        expect((await gql('laOfficer', SET, { v: 0 })).data?.setThresholdOverride.value).toBe(0);
        expect((await gql('pruStaff', PUPIL, { id: recent })).data?.pupil).toBeNull();
        expect((await gql('laOfficer', SET, { v: 400 })).data?.setThresholdOverride.value).toBe(400);
        expect((await gql('pruStaff', PUPIL, { id: old })).data?.pupil?.id).toBe(old);
      } finally {
        await ctx.world.prisma.laRuleOverride.deleteMany({ where: { key: 'providerAccessAfterPlacementSchoolDays' } });
      }
      expect((await gql('pruStaff', PUPIL, { id: old })).data?.pupil).toBeNull();
    });
  });

  it('finding 7: rolls name the pupils they show in the audit trail, and flag reads are audited', async () => {
    const since = new Date();
    const flag = await ctx.world.prisma.flag.create({
      data: {
        ruleId: 'P2',
        outcome: 'x',
        severity: 'HIGH',
        subjectType: 'PLACEMENT',
        subjectId: pruPlacement,
        laId: IDS.laA,
        pupilId: pupil,
        placementId: pruPlacement,
        providerId: IDS.pru,
        title: 'Review overdue',
        evidence: {},
        configVersion: 't',
      },
    });
    await gql('pruStaff', `query($id: UUID!) { providerRoll(providerId: $id, on: "2025-11-03") { id } }`, {
      id: IDS.pru,
    });
    await gql('secondaryStaff', `query($id: UUID!) { schoolPupilsInAp(schoolId: $id, on: "2025-11-03") { id } }`, {
      id: IDS.secondaryA,
    });
    await gql('pruStaff', `query($id: UUID!) { flag(id: $id) { id } }`, { id: flag.id });
    await gql('laOfficer', `{ flags(first: 50) { nodes { id } } }`);
    await gql('laOfficer', `query($id: UUID!) { pupil(id: $id) { flags { id } } }`, { id: pupil });
    const res = await fetch(`${ctx.api.url}/flags/${flag.id}`, {
      headers: { authorization: `Bearer ${ctx.world.tokens.pruStaff}` },
    });
    expect(res.status).toBe(200);
    const rows = await ctx.world.prisma.auditEvent.findMany({ where: { at: { gte: since } }, orderBy: { id: 'asc' } });
    const named = (op: string) => rows.filter((r) => r.operation === op && r.subjectIds.includes(pupil));
    expect(named('provider.roll').length, 'providerRoll names the pupil').toBe(1);
    expect(named('school.pupilsInAp').length, 'schoolPupilsInAp names the pupil').toBe(1);
    expect(named('flag.read').map((r) => r.actorRole)).toEqual(['PROVIDER_STAFF', 'PROVIDER_STAFF']);
    expect(
      rows.filter((r) => r.operation === 'flag.list' && r.subjectIds.includes(flag.id)).map((r) => r.actorRole),
    ).toEqual(['LA_OFFICER', 'LA_OFFICER']);
  });

  describe('finding 10: registering an existing UPN or school reveals nothing outside the caller’s scope', () => {
    const REGISTER = `mutation($i: RegisterPupilInput!) { registerPupil(input: $i) { id } }`;
    const input = (upn: string, onRollFrom?: string) => ({
      i: {
        upn,
        firstName: 'Probe',
        lastName: 'Probe',
        dateOfBirth: '2011-01-01',
        sex: 'F',
        reason: 'Probe',
        ...(onRollFrom ? { onRollFrom } : {}),
      },
    });

    it('another LA’s UPN and another school’s pupil get one answer, naming no one; a pupil in scope is a CONFLICT', async () => {
      const otherLa = await addPupil(ctx.world.prisma, { laId: IDS.laB, firstName: 'Secretname' });
      const otherSchool = await addPupil(ctx.world.prisma, { schoolId: IDS.academyA, firstName: 'Hiddenname' });
      const laAnswer = await gql('laOfficer', REGISTER, input(otherLa.upn));
      expect(
        (await gql('laOfficer', `query($u: String!) { pupilByUpn(upn: $u) { id } }`, { u: otherLa.upn })).data
          ?.pupilByUpn,
      ).toBeNull();
      const schoolAnswer = await gql('secondaryStaff', REGISTER, input(otherSchool.upn, '2025-09-01'));
      const schoolOtherLa = await gql('secondaryStaff', REGISTER, input(otherLa.upn, '2025-09-01'));
      expect(laAnswer.errors?.[0]?.extensions?.code).toBe('VALIDATION_FAILED');
      // The same answer whoever holds the record.
      expect(JSON.stringify(schoolAnswer)).toBe(JSON.stringify(laAnswer));
      expect(JSON.stringify(schoolOtherLa)).toBe(JSON.stringify(laAnswer));
      for (const a of [laAnswer, schoolAnswer])
        expect(JSON.stringify(a)).not.toMatch(
          /Secretname|Hiddenname|372|Rotherham|Riverside|2011-05-10|already recorded/,
        );
      const inScope = await gql(
        'secondaryStaff',
        REGISTER,
        input((await addPupil(ctx.world.prisma)).upn, '2025-09-01'),
      );
      expect(inScope.errors?.[0]?.extensions?.code).toBe('CONFLICT');
      expect(await ctx.world.prisma.pupil.count({ where: { firstName: 'Probe' } })).toBe(0);
      const refused = await ctx.world.prisma.auditEvent.findMany({ where: { operation: 'pupil.register.refused' } });
      expect(refused.flatMap((r) => r.subjectIds)).toEqual(expect.arrayContaining([otherLa.id, otherSchool.id]));
    });

    it('another LA’s school is not named; one of the caller’s own LA is', async () => {
      const SCHOOL = `mutation($i: RegisterSchoolInput!) { registerSchool(input: $i) { id } }`;
      const school = (urn: string, laestab: string) => ({
        i: { urn, laestab, name: 'Probe School', phase: 'SECONDARY', type: 'MAINTAINED', numberOnRoll: 100 },
      });
      const other = await gql('laOfficer', SCHOOL, school('900101', '3739901'));
      expect(other.errors?.[0]?.extensions?.code).toBe('CONFLICT');
      expect(JSON.stringify(other)).not.toMatch(/Valley|372|Rotherham/);
      const own = await gql('laOfficer', SCHOOL, school('900002', '3739902'));
      expect(own.errors?.[0]?.message).toContain('Riverside Academy');
    });
  });
});
