import { PrismaPg } from '@prisma/adapter-pg';
import { describe, expect, it } from 'vitest';
import { PrismaClient } from '../../src/generated/prisma/client';
import { useApiWorld } from '../support/apiWorld';
import { addPupil, IDS } from '../support/fixtures';
import { COMMISSION, placementInput } from '../support/movements';

// Issue 18 goal 2: a request's read-audit rows are written together, in one INSERT before the response leaves
// (src/record/readAudit.ts, src/http/readAuditPlugin.ts), and a read whose audit cannot be written is not
// answered. The API runs on a client that reports every statement it sends.
const statements: string[] = [];

const READ = `query ($pupilId: UUID!, $placementId: UUID!) {
  pupil(id: $pupilId) { id }
  pupilTimeline(pupilId: $pupilId) { id type }
  placement(id: $placementId) { id }
}`;

const auditInserts = () =>
  statements.filter((s) => /^INSERT INTO "[^"]*"\."AuditEvent"|^INSERT INTO "AuditEvent"/.test(s));

describe('read audit: one INSERT per request, written before the answer', () => {
  const ctx = useApiWorld({
    services: (db) => {
      const prisma = new PrismaClient({
        adapter: new PrismaPg({ connectionString: db.appUrl }),
        log: [{ emit: 'event', level: 'query' }],
      });
      prisma.$on('query', (e) => statements.push(e.query));
      return { prisma };
    },
  });

  async function placedPupil() {
    const pupil = await addPupil(ctx.world.prisma, { schoolId: IDS.secondaryA });
    const r = await ctx.api.gql(ctx.world.tokens.laOfficer, COMMISSION, { input: placementInput(pupil.id) });
    expect(r.errors).toBeUndefined();
    return { pupilId: pupil.id, placementId: r.data!.commissionPlacement.id as string };
  }

  it('writes the three reads’ audit rows in one statement, and they are there when the answer arrives', async () => {
    const { pupilId, placementId } = await placedPupil();
    const since = new Date();
    statements.length = 0;
    const r = await ctx.api.gql(ctx.world.tokens.laOfficer, READ, { pupilId, placementId });
    expect(r.errors).toBeUndefined();
    expect(r.data).toMatchObject({ pupil: { id: pupilId }, placement: { id: placementId } });
    expect(auditInserts()).toHaveLength(1);

    const rows = await ctx.world.prisma.auditEvent.findMany({
      where: { at: { gte: since }, operation: { in: ['pupil.read', 'pupil.timeline', 'placement.read'] } },
      orderBy: { id: 'asc' },
    });
    expect(rows.map((a) => a.operation).sort()).toEqual(['placement.read', 'pupil.read', 'pupil.timeline']);
    for (const a of rows) {
      expect(a).toMatchObject({ actorRole: 'LA_OFFICER', laId: IDS.laA });
      expect(a.subjectIds).toContain(a.operation === 'placement.read' ? placementId : pupilId);
    }
  });

  it('withholds the answer when its audit rows cannot be written, and writes none of them', async () => {
    const { pupilId, placementId } = await placedPupil();
    // The table's owner makes the audit INSERT fail for one operation of this request.
    await ctx.world.prisma.$executeRawUnsafe(`
      CREATE FUNCTION refuse_timeline_audit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.operation = 'pupil.timeline' THEN RAISE EXCEPTION 'audit refused by the test'; END IF;
        RETURN NEW;
      END $$`);
    await ctx.world.prisma.$executeRawUnsafe(
      `CREATE TRIGGER refuse_timeline_audit BEFORE INSERT ON "AuditEvent" FOR EACH ROW EXECUTE FUNCTION refuse_timeline_audit()`,
    );
    try {
      const before = await ctx.world.prisma.auditEvent.count();
      const res = await fetch(`${ctx.api.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${ctx.world.tokens.laOfficer}` },
        body: JSON.stringify({ query: READ, variables: { pupilId, placementId } }),
      });
      const body = (await res.json()) as { data?: unknown; errors?: { extensions?: { code?: string } }[] };
      expect(res.status).toBe(500);
      expect(body.data).toBeUndefined();
      expect(body.errors?.map((e) => e.extensions?.code)).toEqual(['INTERNAL_SERVER_ERROR']);
      // One statement for all three rows: the pupil's and the placement's rows were not written either.
      expect(await ctx.world.prisma.auditEvent.count()).toBe(before);
    } finally {
      await ctx.world.prisma.$executeRawUnsafe(`DROP TRIGGER refuse_timeline_audit ON "AuditEvent"`);
      await ctx.world.prisma.$executeRawUnsafe(`DROP FUNCTION refuse_timeline_audit()`);
    }
    // With the audit writable again, the same read is answered.
    const again = await ctx.api.gql(ctx.world.tokens.laOfficer, READ, { pupilId, placementId });
    expect(again.errors).toBeUndefined();
  });
});
