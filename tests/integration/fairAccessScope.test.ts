import { beforeAll, describe, expect, it } from 'vitest';
import { addPupil, IDS, type UserKey } from '../support/fixtures';
import { useApiWorld } from '../support/apiWorld';
import { DECIDE, REFER, fapClient, referralInput, type FapClient } from '../support/fairAccess';

/** Who sees and does what (issue 6 §6): one access layer, and a record outside scope answers like a missing one. */
describe('fair access scope per role, and audit', () => {
  const ctx = useApiWorld();
  let fa: FapClient;
  let allocatedRef: string;
  let openRef: string;
  let otherLaRef: string;
  let referredPupil: string;
  let unreferredPupil: string;
  let meeting: string;

  beforeAll(async () => {
    fa = fapClient(ctx.api);
    meeting = await fa.meeting(ctx.world.tokens.panel, '2025-11-05');
    const p1 = await addPupil(ctx.world.prisma);
    allocatedRef = (await fa.refer(ctx.world.tokens.laOfficer, p1.id)).id;
    await fa.decide(ctx.world.tokens.panel, {
      referralId: allocatedRef,
      meetingId: meeting,
      outcome: 'ALLOCATE_SCHOOL',
      allocatedSchoolId: IDS.academyA,
      admissionDeadline: '2025-11-14',
    });
    const p2 = await addPupil(ctx.world.prisma, { schoolId: IDS.primaryA });
    referredPupil = p2.id;
    // The LA refers; a panel member reaches only pupils already referred (issue 11, finding 4).
    openRef = (await fa.refer(ctx.world.tokens.laOfficer, p2.id, { yearGroupSought: 5 })).id;
    unreferredPupil = (await addPupil(ctx.world.prisma)).id;
    const pB = await addPupil(ctx.world.prisma, { laId: IDS.laB });
    otherLaRef = (await fa.refer(ctx.world.tokens.laOfficerB, pB.id)).id;
  });

  const READ = `query($id: UUID!) { fairAccessReferral(id: $id) { id pupil { id } } }`;
  const LIST = `{ fairAccessReferrals { totalCount nodes { id } } }`;
  const seen = async (user: UserKey) => {
    const out: string[] = [];
    for (const id of [allocatedRef, openRef, otherLaRef])
      if ((await ctx.api.gql(ctx.world.tokens[user], READ, { id })).data?.fairAccessReferral) out.push(id);
    return out;
  };

  it.each([
    ['laOfficer', ['allocated', 'open']],
    ['panel', ['allocated', 'open']],
    ['academyStaff', ['allocated']],
    ['secondaryStaff', []],
    ['pruStaff', []],
    ['analyst', []],
    ['laOfficerB', ['otherLa']],
  ] as const)('%s sees %j', async (user, expected) => {
    const names: Record<string, string> = { [allocatedRef]: 'allocated', [openRef]: 'open', [otherLaRef]: 'otherLa' };
    expect((await seen(user)).map((id) => names[id])).toEqual(expected);
    const list = (await ctx.api.gql(ctx.world.tokens[user], LIST)).data!.fairAccessReferrals;
    expect(list.nodes.map((n: any) => names[n.id]).sort()).toEqual([...expected].sort());
    expect(list.totalCount).toBe(expected.length);
  });

  it('a panel member sees the pupils referred in their LA, and no others', async () => {
    const q = `query($id: UUID!) { pupil(id: $id) { id } }`;
    expect((await ctx.api.gql(ctx.world.tokens.panel, q, { id: referredPupil })).data?.pupil?.id).toBe(referredPupil);
    expect((await ctx.api.gql(ctx.world.tokens.panel, q, { id: unreferredPupil })).data?.pupil).toBeNull();
  });

  it('writes are refused to roles that may not make them', async () => {
    const pupil = await addPupil(ctx.world.prisma);
    for (const user of ['academyStaff', 'pruStaff', 'analyst'] as const) {
      expect(
        (await ctx.api.gql(ctx.world.tokens[user], REFER, { input: referralInput(pupil.id) })).errors?.[0]?.extensions
          ?.code,
        user,
      ).toBe('FORBIDDEN');
      expect(
        (
          await ctx.api.gql(ctx.world.tokens[user], DECIDE, {
            input: { referralId: openRef, meetingId: meeting, outcome: 'NOT_ELIGIBLE', rationale: 'x', decidedBy: 'x' },
          })
        ).errors?.[0]?.extensions?.code,
        user,
      ).toBe('FORBIDDEN');
    }
    // A panel member cannot refer a pupil they do not see: answered like a pupil that does not exist.
    const asPanel = (id: string) => ctx.api.gql(ctx.world.tokens.panel, REFER, { input: referralInput(id) });
    expect(JSON.stringify(await asPanel(pupil.id))).toBe(
      JSON.stringify(await asPanel('00000000-0000-4000-8000-00000000ffff')),
    );
    expect((await asPanel(pupil.id)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    // Another LA's officer cannot reach this LA's referral at all.
    expect(
      (
        await ctx.api.gql(ctx.world.tokens.laOfficerB, DECIDE, {
          input: { referralId: openRef, meetingId: meeting, outcome: 'NOT_ELIGIBLE', rationale: 'x', decidedBy: 'x' },
        })
      ).errors?.[0]?.extensions?.code,
    ).toBe('NOT_FOUND');
    expect(await ctx.world.prisma.fairAccessReferral.count({ where: { pupilId: pupil.id } })).toBe(0);
  });

  it('aggregates are for officers, the panel and analysts; meetings for officers and the panel', async () => {
    const FAIR = `{ fairShare(academicYear: "2025-26") { total } }`;
    const TURN = `{ whoseTurn(yearGroup: 9, asOf: "2025-11-05") { entries { rank } } }`;
    const RET = `{ adjudicatorReturn(academicYear: "2025-26") { total } }`;
    for (const user of ['laOfficer', 'panel', 'analyst'] as const)
      for (const q of [FAIR, TURN, RET])
        expect((await ctx.api.gql(ctx.world.tokens[user], q)).errors, `${user} ${q}`).toBeUndefined();
    for (const user of ['academyStaff', 'pruStaff'] as const)
      for (const q of [FAIR, TURN, RET])
        expect((await ctx.api.gql(ctx.world.tokens[user], q)).errors?.[0]?.extensions?.code, `${user} ${q}`).toBe(
          'FORBIDDEN',
        );
    const MEETINGS = `{ panelMeetings { id } }`;
    expect((await ctx.api.gql(ctx.world.tokens.panel, MEETINGS)).data?.panelMeetings).toHaveLength(1);
    expect((await ctx.api.gql(ctx.world.tokens.academyStaff, MEETINGS)).data?.panelMeetings).toEqual([]);
    expect((await ctx.api.gql(ctx.world.tokens.laOfficerB, MEETINGS)).data?.panelMeetings).toEqual([]);
  });

  it('a school sees the decisions about it on a meeting, not the others', async () => {
    const q = `query($id: UUID!) { fairAccessReferral(id: $id) { currentDecision { meeting { decisions { id referral { id } } } } } }`;
    const asSchool = (await ctx.api.gql(ctx.world.tokens.academyStaff, q, { id: allocatedRef })).data!
      .fairAccessReferral;
    expect(asSchool.currentDecision.meeting.decisions.map((d: any) => d.referral.id)).toEqual([allocatedRef]);
  });

  it('everything is audited: writes, reads of referrals and of the pupil they are about', async () => {
    const since = new Date();
    await ctx.api.gql(ctx.world.tokens.academyStaff, READ, { id: allocatedRef });
    const rows = await ctx.world.prisma.auditEvent.findMany({
      where: { at: { gte: since }, actorId: IDS.users.academyStaff },
      orderBy: { id: 'asc' },
    });
    expect(rows.map((r) => r.operation)).toEqual(['fairAccess.referral.read', 'pupil.read']);
    expect(rows[0]).toMatchObject({ actorRole: 'SCHOOL_STAFF', actorOrgId: IDS.academyA, subjectType: 'REFERRAL' });
    expect(rows[0]!.subjectIds).toContain(allocatedRef);
    const writes = await ctx.world.prisma.auditEvent.findMany({
      where: { operation: { in: ['fairAccess.refer', 'fairAccess.decide', 'fairAccess.meeting'] } },
    });
    expect(writes.map((w) => w.operation).sort()).toEqual([
      'fairAccess.decide',
      'fairAccess.meeting',
      'fairAccess.refer',
      'fairAccess.refer',
      'fairAccess.refer',
    ]);
  });
});
