import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { useApiWorld } from '../support/apiWorld';
import { addPupil, IDS, type UserKey } from '../support/fixtures';
import { buildAccessWorld, type AccessWorld } from '../support/accessWorld';
import { TEST_JWT } from '../support/api';
import { figuresOf, Q } from '../support/reports';
import { issueToken } from '../../src/auth/tokens';

/**
 * Restriction of processing (UK GDPR art. 18) and rectification (art. 16), through the API. A restricted
 * pupil is hidden on every read path from everyone but the LA officers named on the restriction —
 * including another officer of the same LA — exactly as if the record did not exist; aggregates still
 * count them. The paths are the access matrix's reads of a pupil and of every record about one.
 */
type Q2 = [string, Record<string, unknown>];
interface ReadPath {
  name: string;
  call: (w: AccessWorld) => Q2;
  /** Lists: whether the target is in the answer. Single reads are compared with a missing record's answer. */
  reached?: (data: any, w: AccessWorld) => boolean;
  missing?: () => Q2;
}
const one = (query: string, id: (w: AccessWorld) => string, key = 'id'): ReadPath => ({
  name: /\{\s*(\w+)\(/.exec(query)![1]!,
  call: (w) => [query, { [key]: id(w) }],
  missing: () => [query, { [key]: randomUUID() }],
});
const list = (query: string, reached: (d: any, w: AccessWorld) => boolean): ReadPath => ({
  name: /\{\s*(\w+)\(/.exec(query)![1]!,
  call: () => [query, {}],
  reached,
});

const PATHS: ReadPath[] = [
  one('query($id: UUID!) { pupil(id: $id) { id lastName } }', (w) => w.pupil.own),
  {
    name: 'pupilByUpn',
    call: (w) => ['query($u: String!) { pupilByUpn(upn: $u) { id } }', { u: w.upn.own }],
    reached: (d) => d?.pupilByUpn !== null && d?.pupilByUpn !== undefined,
  },
  list('{ pupils(first: 200) { nodes { id } } }', (d, w) => d.pupils.nodes.some((n: any) => n.id === w.pupil.own)),
  one('query($id: UUID!) { pupilTimeline(pupilId: $id) { id } }', (w) => w.pupil.own),
  one('query($id: UUID!) { pupilWhereabouts(pupilId: $id, on: "2026-10-01") { summary } }', (w) => w.pupil.own),
  one(
    'query($id: UUID!) { suspensionTotal(pupilId: $id, academicYear: "2026-27") { schoolDays } }',
    (w) => w.pupil.own,
  ),
  one('query($id: UUID!) { subjectAccessExport(pupilId: $id) { pupilId } }', (w) => w.pupil.own),
  one('query($id: UUID!) { placement(id: $id) { id objectives } }', (w) => w.placement.own),
  list('{ placements(filter: {}, first: 500) { id } }', (d, w) =>
    d.placements.some((p: any) => p.id === w.placement.own),
  ),
  {
    name: 'providerRoll',
    call: () => ['query($id: UUID!) { providerRoll(providerId: $id, on: "2026-10-01") { id } }', { id: IDS.pru }],
    reached: (d, w) => d.providerRoll.some((p: any) => p.id === w.placement.own),
  },
  {
    name: 'schoolPupilsInAp',
    call: () => [
      'query($id: UUID!) { schoolPupilsInAp(schoolId: $id, on: "2026-10-01") { id } }',
      { id: IDS.secondaryA },
    ],
    reached: (d, w) => d.schoolPupilsInAp.some((p: any) => p.id === w.placement.own),
  },
  one('query($id: UUID!) { exclusion(id: $id) { id } }', (w) => w.exclusion.own),
  one('query($id: UUID!) { reintegration(id: $id) { id } }', (w) => w.reintegration.own),
  list('{ reintegrations(filter: {}, first: 500) { id } }', (d, w) =>
    d.reintegrations.some((r: any) => r.id === w.reintegration.own),
  ),
  one('query($id: UUID!) { flag(id: $id) { id } }', (w) => w.flag.own),
  list('{ flags(first: 200) { nodes { id } } }', (d, w) => d.flags.nodes.some((n: any) => n.id === w.flag.own)),
  one('query($id: UUID!) { fairAccessReferral(id: $id) { id } }', (w) => w.referral.own),
  list('{ fairAccessReferrals(first: 200) { nodes { id } } }', (d, w) =>
    d.fairAccessReferrals.nodes.some((n: any) => n.id === w.referral.own),
  ),
  one('query($id: UUID!) { panelDecision(id: $id) { id } }', (w) => w.decision.own),
];

const ROLE_USERS: UserKey[] = ['laOfficer', 'secondaryStaff', 'pruStaff', 'panel'];
const SECOND_OFFICER = '00000000-0000-4000-8000-0000000d0099';

describe('restriction (art. 18) on every read path, and rectification (art. 16)', () => {
  const ctx = useApiWorld<{ w: AccessWorld }>({
    setup: async (world) => {
      await world.prisma.appUser.create({
        data: {
          id: SECOND_OFFICER,
          email: 'second.officer@test',
          name: 'Second Officer',
          role: 'LA_OFFICER',
          laId: IDS.laA,
        },
      });
      return { w: await buildAccessWorld(world.prisma) };
    },
  });
  const tokens = async (): Promise<Record<string, string>> => ({
    ...Object.fromEntries(ROLE_USERS.map((u) => [u, ctx.world.tokens[u]])),
    secondOfficer: await issueToken(TEST_JWT, { userId: SECOND_OFFICER, role: 'LA_OFFICER', laId: IDS.laA }, '1h'),
  });

  async function reached(token: string, p: ReadPath): Promise<boolean> {
    const r = await ctx.api.gql(token, ...p.call(ctx.w));
    expect(r.errors?.[0]?.extensions?.code, `${p.name}: ${JSON.stringify(r.errors)}`).not.toBe('INTERNAL_SERVER_ERROR');
    if (p.reached) return r.data ? p.reached(r.data, ctx.w) : false;
    const missing = await ctx.api.gql(token, ...p.missing!());
    return JSON.stringify(r) !== JSON.stringify(missing);
  }

  async function snapshot(): Promise<Record<string, Record<string, boolean>>> {
    const t = await tokens();
    const out: Record<string, Record<string, boolean>> = {};
    for (const [who, token] of Object.entries(t)) {
      out[who] = {};
      for (const p of PATHS) out[who]![p.name] = await reached(token, p);
    }
    return out;
  }

  const reportFigures = async (token: string) => {
    const all: string[] = [];
    for (const [name, query] of Object.entries(Q)) {
      const vars = name === 'AP_POPULATION' ? { on: '2026-10-01' } : { p: { academicYear: '2026-27' } };
      const r = await ctx.api.gql(token, query, vars);
      expect(r.errors, name).toBeUndefined();
      all.push(...figuresOf(r.data!.r));
    }
    return all;
  };

  it('hides the pupil and every record about them from everyone but the officers named; aggregates still count them', async () => {
    const t = await tokens();
    const before = await snapshot();
    // Every path reaches the record for both LA officers before (LA-wide), and each role reaches some.
    for (const p of PATHS) {
      expect(before.laOfficer![p.name], `laOfficer ${p.name}`).toBe(true);
      expect(before.secondOfficer![p.name], `secondOfficer ${p.name}`).toBe(true);
    }
    for (const u of ['secondaryStaff', 'pruStaff', 'panel'])
      expect(Object.values(before[u]!).filter(Boolean).length, u).toBeGreaterThan(0);
    const figuresBefore = await reportFigures(t.secondOfficer!);

    const r = await ctx.api.gql(
      t.laOfficer!,
      `mutation($i: RestrictPupilRecordInput!) { restrictPupilRecord(input: $i) { id restricted } }`,
      { i: { pupilId: ctx.w.pupil.own, reason: 'Parent disputes the exclusion record' } },
    );
    expect(r.errors).toBeUndefined();
    expect(r.data!.restrictPupilRecord).toEqual({ id: ctx.w.pupil.own, restricted: true });

    const during = await snapshot();
    expect(during.laOfficer).toEqual(before.laOfficer);
    for (const who of ['secondOfficer', 'secondaryStaff', 'pruStaff', 'panel'])
      expect(
        Object.entries(during[who]!).filter(([, v]) => v),
        `${who} still reaches the restricted record`,
      ).toEqual([]);
    // The record is kept: aggregates are unchanged, and they name no pupil.
    expect(await reportFigures(t.secondOfficer!)).toEqual(figuresBefore);
    // A write to the restricted record is refused for everyone else like a missing record.
    const refused = await ctx.api.gql(
      t.secondOfficer!,
      `mutation($i: CorrectPupilDetailsInput!) { correctPupilDetails(input: $i) { id } }`,
      { i: { pupilId: ctx.w.pupil.own, lastName: 'Other', reason: 'r' } },
    );
    expect(refused.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');

    // Naming the second officer lets them in; lifting the restriction restores everyone's view.
    const named = await ctx.api.gql(
      t.laOfficer!,
      `mutation($i: RestrictPupilRecordInput!) { restrictPupilRecord(input: $i) { id } }`,
      { i: { pupilId: ctx.w.pupil.own, officerIds: [SECOND_OFFICER], reason: 'Second officer handles the dispute' } },
    );
    expect(named.errors).toBeUndefined();
    for (const p of PATHS) expect(await reached(t.secondOfficer!, p), p.name).toBe(true);
    expect(await reached(t.secondaryStaff!, PATHS[0]!)).toBe(false);

    const lifted = await ctx.api.gql(
      t.secondOfficer!,
      `mutation($i: LiftPupilRestrictionInput!) { liftPupilRestriction(input: $i) { id restricted } }`,
      { i: { pupilId: ctx.w.pupil.own, reason: 'Accuracy confirmed' } },
    );
    expect(lifted.errors).toBeUndefined();
    expect(await snapshot()).toEqual(before);

    const events = await ctx.world.prisma.pupilEvent.findMany({
      where: { pupilId: ctx.w.pupil.own, type: { in: ['RECORD_RESTRICTED', 'RESTRICTION_LIFTED'] } },
      orderBy: { seq: 'asc' },
    });
    expect(events.map((e) => [e.type, e.actorId, e.reason])).toEqual([
      ['RECORD_RESTRICTED', IDS.users.laOfficer, 'Parent disputes the exclusion record'],
      ['RECORD_RESTRICTED', IDS.users.laOfficer, 'Second officer handles the dispute'],
      ['RESTRICTION_LIFTED', SECOND_OFFICER, 'Accuracy confirmed'],
    ]);
    expect((events[1]!.data as any).visibleTo).toEqual([IDS.users.laOfficer, SECOND_OFFICER].sort());
  }, 240_000);

  it('only active LA officers of the LA can be named', async () => {
    const r = await ctx.api.gql(
      ctx.world.tokens.laOfficer,
      `mutation($i: RestrictPupilRecordInput!) { restrictPupilRecord(input: $i) { id } }`,
      { i: { pupilId: ctx.w.pupil.sameLaOther, officerIds: [IDS.users.secondaryStaff], reason: 'r' } },
    );
    expect(r.errors?.[0]?.extensions?.code).toBe('VALIDATION_FAILED');
    const p = await ctx.world.prisma.pupil.findUniqueOrThrow({ where: { id: ctx.w.pupil.sameLaOther } });
    expect(p.restrictedAt).toBeNull();
  });

  it('rectification keeps the old value, the new, who and why, and the subject access export shows both', async () => {
    const id = (await addPupil(ctx.world.prisma)).id;
    const old = await ctx.world.prisma.pupil.findUniqueOrThrow({ where: { id } });
    const r = await ctx.api.gql(
      ctx.world.tokens.laOfficer,
      `mutation($i: CorrectPupilDetailsInput!) { correctPupilDetails(input: $i) { id lastName dateOfBirth } }`,
      { i: { pupilId: id, lastName: 'Correctedname', dateOfBirth: '2011-06-30', reason: 'Birth certificate seen' } },
    );
    expect(r.errors).toBeUndefined();
    expect(r.data!.correctPupilDetails).toEqual({ id, lastName: 'Correctedname', dateOfBirth: '2011-06-30' });
    const ev = await ctx.world.prisma.pupilEvent.findFirstOrThrow({
      where: { pupilId: id, type: 'PERSONAL_DETAILS_CORRECTED' },
    });
    expect(ev.actorId).toBe(IDS.users.laOfficer);
    expect(ev.actorRole).toBe('LA_OFFICER');
    expect(ev.reason).toBe('Birth certificate seen');
    expect((ev.data as any).changes).toEqual([
      { field: 'lastName', from: old.lastName, to: 'Correctedname' },
      { field: 'dateOfBirth', from: old.dateOfBirth.toISOString().slice(0, 10), to: '2011-06-30' },
    ]);
    // History is append-only: the database refuses to rewrite the event (no approved anonymisation).
    await expect(
      ctx.world.prisma.pupilEvent.update({ where: { id: ev.id }, data: { reason: 'rewritten' } }),
    ).rejects.toThrow();
    const sar = await ctx.api.gql(
      ctx.world.tokens.laOfficer,
      'query($id: UUID!) { subjectAccessExport(pupilId: $id) { document } }',
      { id },
    );
    const timeline = sar.data!.subjectAccessExport.document.sections.timeline as any[];
    const corrected = timeline.find((e) => e.type === 'PERSONAL_DETAILS_CORRECTED');
    expect(corrected.data.changes[0]).toEqual({ field: 'lastName', from: old.lastName, to: 'Correctedname' });
    // Correcting to what is already recorded is refused and writes nothing.
    const again = await ctx.api.gql(
      ctx.world.tokens.laOfficer,
      `mutation($i: CorrectPupilDetailsInput!) { correctPupilDetails(input: $i) { id } }`,
      { i: { pupilId: id, lastName: 'Correctedname', reason: 'again' } },
    );
    expect(again.errors?.[0]?.extensions?.code).toBe('VALIDATION_FAILED');
    expect(
      await ctx.world.prisma.pupilEvent.count({ where: { pupilId: id, type: 'PERSONAL_DETAILS_CORRECTED' } }),
    ).toBe(1);
  });
});
