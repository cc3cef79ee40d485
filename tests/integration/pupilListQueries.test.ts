import { PrismaPg } from '@prisma/adapter-pg';
import { describe, expect, it } from 'vitest';
import { PrismaClient } from '../../src/generated/prisma/client';
import { useApiWorld } from '../support/apiWorld';
import { addPupil, IDS } from '../support/fixtures';
import { COMMISSION, END, placementInput } from '../support/movements';
import { fapClient } from '../support/fairAccess';

// Issue 17: the nested fields of a list (a pupil's placements with their provider, previous and next placement
// and direction reviews, flags, exclusions, enrolments, managed moves and inclusion base spells; a referral's
// previous schools, timeliness and decisions with their meeting's decisions and placement) are read per request
// through DataLoader, so a page costs a fixed number of SQL statements whatever its size. The API runs on a
// client that reports every statement it sends.
const statements: string[] = [];

const PAGE = `query ($first: Int) {
  pupils(first: $first) {
    nodes {
      id
      placements {
        id
        provider { id name }
        previousPlacement { id }
        nextPlacement { id }
        directionReviewRequests { id }
        directionReviewMeetings { id problems }
      }
      flags { id ruleId }
      managedMoves { id fromSchool { id } toSchool { id } }
      inclusionBaseSpells { id base { id school { id } } }
      exclusions { id }
      enrolments { school { id } }
      homeLocalAuthority { code }
    }
  }
}`;

type Page = {
  pupils: {
    nodes: {
      id: string;
      placements: {
        id: string;
        provider: { id: string };
        previousPlacement: { id: string } | null;
        nextPlacement: { id: string } | null;
      }[];
      flags: { id: string; ruleId: string }[];
      enrolments: { school: { id: string } }[];
      homeLocalAuthority: { code: string };
    }[];
  };
};

describe('pupil list: nested fields in a fixed number of statements', () => {
  const ctx = useApiWorld({
    services: (db) => {
      const prisma = new PrismaClient({
        adapter: new PrismaPg({ connectionString: db.appUrl }),
        log: [{ emit: 'event', level: 'query' }],
      });
      prisma.$on('query', (e) => statements.push(e.query));
      return { prisma };
    },
    setup: async (world) => {
      // 12 pupils on the secondary's roll, each with one placement at the PRU and two flags of its own.
      const pupils = [];
      for (let i = 0; i < 12; i++) pupils.push(await addPupil(world.prisma, { schoolId: IDS.secondaryA }));
      return { pupilIds: pupils.map((p) => p.id) };
    },
  });

  it('costs the same for a page of 2 and a page of 12, and each pupil gets its own rows', async () => {
    const ids = (ctx as unknown as { pupilIds: string[] }).pupilIds;
    for (const id of ids) {
      const r = await ctx.api.gql(ctx.world.tokens.laOfficer, COMMISSION, { input: placementInput(id) });
      expect(r.errors).toBeUndefined();
      // Each pupil moves on to a second provider: two placements, each the other's previous or next.
      const moved = await ctx.api.gql(ctx.world.tokens.laOfficer, END, {
        input: {
          placementId: r.data!.commissionPlacement.id,
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
      for (const ruleId of ['TEST_A', 'TEST_B'])
        await ctx.world.prisma.flag.create({
          data: {
            ruleId,
            outcome: 'raised',
            severity: 'MED',
            subjectType: 'PUPIL',
            subjectId: id,
            laId: IDS.laA,
            pupilId: id,
            title: `${ruleId} for ${id}`,
            evidence: {},
            configVersion: 'test',
          },
        });
    }
    const token = ctx.world.tokens.laOfficer;
    // Warm up: the caller's standing is cached after the first request, so it does not count in either run.
    await ctx.api.gql(token, PAGE, { first: 1 });

    const run = async (first: number) => {
      statements.length = 0;
      const r = await ctx.api.gql<Page>(token, PAGE, { first });
      expect(r.errors).toBeUndefined();
      return { count: statements.length, nodes: r.data!.pupils.nodes };
    };
    const small = await run(2);
    const large = await run(12);

    expect(small.nodes).toHaveLength(2);
    expect(large.nodes).toHaveLength(12);
    for (const n of large.nodes) {
      // Newest first: the transfer's placement follows the PRU's, and each names the other.
      const [later, earlier] = n.placements;
      expect(n.placements.map((p) => p.provider.id)).toEqual([IDS.independentAp, IDS.pru]);
      expect([later!.previousPlacement?.id, later!.nextPlacement]).toEqual([earlier!.id, null]);
      expect([earlier!.previousPlacement, earlier!.nextPlacement?.id]).toEqual([null, later!.id]);
      expect(n.flags.map((f) => f.ruleId).sort()).toEqual(['TEST_A', 'TEST_B']);
      expect(n.enrolments.map((e) => e.school.id)).toEqual([IDS.secondaryA]);
      expect(n.homeLocalAuthority.code).toBe('373');
    }
    // The flags belong to their own pupil (grouping by key, not by position).
    const flagTitles = await ctx.world.prisma.flag.findMany({ where: { pupilId: { in: ids } } });
    for (const n of large.nodes)
      for (const f of n.flags) expect(flagTitles.find((t) => t.id === f.id)?.pupilId).toBe(n.id);

    // The client reports statements at all (the list, its count, each nested field's batch), so equal counts mean
    // something: with one statement per pupil per field the page of 12 would cost at least 12 × 10 more.
    expect(small.count).toBeGreaterThanOrEqual(12);
    expect(large.count).toBe(small.count);
    // One statement per nested field at most, plus the list, its count and the audit rows: well under a page's size.
    expect(large.count).toBeLessThan(30);
  });

  it('a page of referrals costs the same for 2 and 12: previous schools, timeliness, decisions, their meeting and placement', async () => {
    const fap = fapClient(ctx.api);
    const { laOfficer, panel } = ctx.world.tokens;
    const meetingId = await fap.meeting(panel, '2025-11-05');
    const referrals: string[] = [];
    for (let i = 0; i < 12; i++) {
      const pupil = await addPupil(ctx.world.prisma);
      const ref = await fap.refer(laOfficer, pupil.id, { previousSchoolIds: [IDS.secondaryA, IDS.academyA] });
      await fap.decide(panel, {
        referralId: ref.id,
        meetingId,
        outcome: 'AP_PLACEMENT',
        rationale: 'Assessment place first',
        placement: {
          providerId: IDS.pru,
          reason: 'AWAITING_SCHOOL_PLACE',
          tier: 'TIER_2_TIME_LIMITED',
          startDate: '2025-11-10',
          plannedEndDate: '2026-02-13',
          hoursPerWeek: 25,
          registration: 'DUAL_REGISTERED',
          objectives: 'Assessment of needs',
          reintegrationPlan: 'Back to mainstream through the panel',
          registrationConfirmed: true,
        },
      });
      referrals.push(ref.id);
    }
    const REFERRALS = `query ($first: Int) {
      fairAccessReferrals(first: $first) {
        nodes {
          id
          previousSchools { id name }
          timeliness(asOf: "2025-11-20") { allocateBy allocatedOn }
          decisions { id meeting { id decisions { id } } placement { id previousPlacement { id } nextPlacement { id } } }
        }
      }
    }`;
    await ctx.api.gql(laOfficer, REFERRALS, { first: 1 });
    const run = async (first: number) => {
      statements.length = 0;
      const r = await ctx.api.gql<any>(laOfficer, REFERRALS, { first });
      expect(r.errors).toBeUndefined();
      return { count: statements.length, nodes: r.data!.fairAccessReferrals.nodes as any[] };
    };
    const small = await run(2);
    const large = await run(12);

    expect(small.nodes).toHaveLength(2);
    expect(large.nodes).toHaveLength(12);
    const placements = await ctx.world.prisma.fairAccessDecision.findMany({ where: { referralId: { in: referrals } } });
    for (const n of large.nodes) {
      expect(referrals).toContain(n.id);
      // Its own previous schools, by name.
      expect(n.previousSchools.map((s: any) => s.id).sort()).toEqual([IDS.secondaryA, IDS.academyA].sort());
      const names = n.previousSchools.map((s: any) => s.name);
      expect(names).toEqual([...names].sort());
      expect(n.timeliness).toEqual({ allocateBy: expect.any(String), allocatedOn: '2025-11-05' });
      // Each referral's own decision, at the one meeting, with the placement it opened.
      const own = placements.find((d) => d.referralId === n.id)!;
      expect(n.decisions).toHaveLength(1);
      expect(n.decisions[0].id).toBe(own.id);
      expect(n.decisions[0].placement).toEqual({ id: own.placementId, previousPlacement: null, nextPlacement: null });
      expect(n.decisions[0].meeting.id).toBe(meetingId);
      expect(n.decisions[0].meeting.decisions.map((d: any) => d.id)).toContain(own.id);
    }
    expect(small.count).toBeGreaterThanOrEqual(8);
    expect(large.count).toBe(small.count);
    expect(large.count).toBeLessThan(25);
  });
});
