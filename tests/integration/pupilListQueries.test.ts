import { PrismaPg } from '@prisma/adapter-pg';
import { describe, expect, it } from 'vitest';
import { PrismaClient } from '../../src/generated/prisma/client';
import { useApiWorld } from '../support/apiWorld';
import { addPupil, IDS } from '../support/fixtures';
import { COMMISSION, placementInput } from '../support/movements';

// Issue 17: the nested fields of the pupil list (placements with their provider, flags, exclusions, enrolments)
// are read per request through DataLoader, so a page costs a fixed number of SQL statements whatever its size.
// The API runs on a client that reports every statement it sends.
const statements: string[] = [];

const PAGE = `query ($first: Int) {
  pupils(first: $first) {
    nodes {
      id
      placements { id provider { id name } }
      flags { id ruleId }
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
      placements: { id: string; provider: { id: string } }[];
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
      expect(n.placements.map((p) => p.provider.id)).toEqual([IDS.pru]);
      expect(n.flags.map((f) => f.ruleId).sort()).toEqual(['TEST_A', 'TEST_B']);
      expect(n.enrolments.map((e) => e.school.id)).toEqual([IDS.secondaryA]);
      expect(n.homeLocalAuthority.code).toBe('373');
    }
    // The flags belong to their own pupil (grouping by key, not by position).
    const flagTitles = await ctx.world.prisma.flag.findMany({ where: { pupilId: { in: ids } } });
    for (const n of large.nodes)
      for (const f of n.flags) expect(flagTitles.find((t) => t.id === f.id)?.pupilId).toBe(n.id);

    // The client reports statements at all (the list, its count, each nested field's batch), so equal counts mean
    // something: with one statement per pupil per field the page of 12 would cost at least 5 × 10 more.
    expect(small.count).toBeGreaterThanOrEqual(7);
    expect(large.count).toBe(small.count);
    // One statement per nested field at most, plus the list, its count and the audit rows: well under a page's size.
    expect(large.count).toBeLessThan(20);
  });
});
