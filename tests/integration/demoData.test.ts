import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrismaClient } from '../../src/generated/prisma/client';
import { createPrisma } from '../../src/db/prisma';
import { seedDemoData, type SeedResult } from '../../src/demo/seed';
import { DEMO_USERS } from '../../src/demo/users';
import { createTestDatabase, type TestDatabase } from '../support/database';

const TODAY = '2026-11-22';

/** The demo data set loads into a migrated database: every constraint and trigger accepts it. */
describe('demo data seed', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let result: SeedResult;
  beforeAll(async () => {
    db = await createTestDatabase();
    prisma = createPrisma(db.ownerUrl, 4);
    result = await seedDemoData(prisma, { seed: 1, today: TODAY });
  });
  afterAll(async () => {
    await prisma?.$disconnect();
    await db?.drop();
  });

  it('inserts every generated row', async () => {
    const c = result.counts;
    expect(await prisma.localAuthority.count()).toBe(2);
    expect(await prisma.termDates.count()).toBe(3);
    expect(await prisma.school.count()).toBe(c.schools);
    expect(await prisma.provider.count()).toBe(c.providers);
    expect(await prisma.pupil.count()).toBe(c.pupils);
    expect(c.pupils).toBeGreaterThanOrEqual(2900);
    expect(await prisma.enrolment.count()).toBe(c.enrolments);
    expect(await prisma.exclusion.count()).toBe(c.exclusions);
    expect(await prisma.placement.count()).toBe(c.placements);
    expect(await prisma.placementReview.count()).toBe(c.reviews);
    expect(await prisma.reintegration.count()).toBe(c.reintegrations);
    expect(await prisma.reintegrationCheckpoint.count()).toBe(c.checkpoints);
    expect(await prisma.pupilEvent.count()).toBe(c.pupilEvents);
    expect(await prisma.outboxEvent.count({ where: { publishedAt: null } })).toBe(c.outbox);
  });

  it('has the demo users with their organisations', async () => {
    const users = await prisma.appUser.findMany({
      include: { la: true, school: true, provider: true },
      orderBy: { id: 'asc' },
    });
    expect(users.map((u) => u.id)).toEqual(DEMO_USERS.map((u) => u.id).sort());
    for (const u of users) {
      const demo = DEMO_USERS.find((x) => x.id === u.id)!;
      expect(u.la.code).toBe(demo.laCode);
      expect(u.school?.urn ?? undefined).toBe(demo.schoolUrn);
      expect(u.provider?.name ?? undefined).toBe(demo.providerName);
    }
  });

  it('puts about 150 pupils in AP today', async () => {
    const [row] = await prisma.$queryRaw<{ n: bigint }[]>`
      SELECT count(DISTINCT "pupilId") AS n FROM "Placement"
       WHERE "startDate" <= ${TODAY}::date AND ("endDate" IS NULL OR "endDate" >= ${TODAY}::date)`;
    const n = Number(row!.n);
    expect(n).toBeGreaterThanOrEqual(120);
    expect(n).toBeLessThanOrEqual(180);
  });

  it('starts every placement with a PLACEMENT_STARTED event, and corrections follow what they correct', async () => {
    const [missing] = await prisma.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM "Placement" p
       WHERE NOT EXISTS (SELECT 1 FROM "PupilEvent" e WHERE e."placementId" = p.id AND e.type = 'PLACEMENT_STARTED')`;
    expect(Number(missing!.n)).toBe(0);
    const [backwards] = await prisma.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM "PupilEvent" c JOIN "PupilEvent" o ON o.id = c."correctsEventId" WHERE c.seq < o.seq`;
    expect(Number(backwards!.n)).toBe(0);
    expect(await prisma.pupilEvent.count({ where: { type: 'CORRECTION' } })).toBeGreaterThanOrEqual(4);
  });

  it('is readable through the application role', async () => {
    const app = createPrisma(db.appUrl, 1);
    try {
      expect(await app.pupil.count()).toBe(result.counts.pupils);
    } finally {
      await app.$disconnect();
    }
  });
});
