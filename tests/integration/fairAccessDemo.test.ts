import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { createPrisma } from '../../src/db/prisma';
import type { PrismaClient } from '../../src/generated/prisma/client';
import { seedDemoData } from '../../src/demo/seed';
import { seedFairAccess, type SeedFairAccessResult } from '../../src/demo/fairAccess';
import { loadReferralSnapshots } from '../../src/flags/referralSnapshots';
import { evaluateReferral, resolveThresholds } from '../../src/domain/flags';
import { createCalendarService } from '../../src/calendar/calendarService';
import { systemClock } from '../../src/time/clock';

/** The demo fair access year on top of the demo data set, through the real use cases. */
describe('demo data: a year of fair access panels', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let result: SeedFairAccessResult;
  beforeAll(async () => {
    db = await createTestDatabase();
    prisma = createPrisma(db.ownerUrl, 5);
    await seedDemoData(prisma, {});
    result = await seedFairAccess(prisma, {});
  }, 240_000);
  afterAll(async () => {
    await prisma?.$disconnect();
    await db?.drop();
  });

  it('a year of meetings, a realistic mix of outcomes, nothing refused by the rules', async () => {
    expect(result.skipped, result.skippedReasons.join('\n')).toBe(0);
    expect(result.meetings).toBeGreaterThanOrEqual(15);
    expect(result.referrals).toBeGreaterThanOrEqual(25);
    const meetings = await prisma.fairAccessPanelMeeting.findMany({ orderBy: { meetingDate: 'asc' } });
    const spanDays = (meetings.at(-1)!.meetingDate.getTime() - meetings[0]!.meetingDate.getTime()) / 86_400_000;
    expect(spanDays).toBeGreaterThanOrEqual(360);
    const outcomes = new Set(
      (await prisma.fairAccessDecision.findMany({ select: { outcome: true } })).map((d) => d.outcome),
    );
    for (const o of ['ALLOCATE_SCHOOL', 'AP_PLACEMENT', 'DEFER', 'MANAGED_MOVE'] as const)
      expect(outcomes, o).toContain(o);
    expect(outcomes.has('NOT_ELIGIBLE') || outcomes.has('WITHDRAWN')).toBe(true);
    expect(await prisma.fairAccessReferral.count({ where: { status: 'ROUTED_TO_LA_DIRECTION' } })).toBe(1);
  });

  it('refusals, one academy direction through the Secretary of State, and admissions', async () => {
    expect(await prisma.fairAccessSchoolResponse.count({ where: { outcome: 'REFUSED' } })).toBeGreaterThanOrEqual(1);
    const sos = await prisma.fairAccessDirection.findMany({
      where: { route: 'SECRETARY_OF_STATE_DIRECTION' },
      include: { school: true },
    });
    expect(sos).toHaveLength(1);
    expect(sos[0]!.school.type).toBe('ACADEMY');
    expect(await prisma.fairAccessReferral.count({ where: { status: 'ADMITTED' } })).toBeGreaterThanOrEqual(10);
  });

  it('some open cases are overdue, and the flag rules see them', async () => {
    expect(result.openOverdue).toBeGreaterThanOrEqual(1);
    const ids = (await prisma.fairAccessReferral.findMany({ select: { id: true } })).map((r) => r.id);
    const snaps = await loadReferralSnapshots(prisma, ids);
    expect(snaps).toHaveLength(ids.length);
    const la = snaps[0]!.laId;
    const cal = await createCalendarService(prisma).calendarFor(la);
    const flags = snaps.flatMap((s) => evaluateReferral(s, systemClock.today(), cal, resolveThresholds()));
    expect(flags.filter((f) => f.ruleId === 'F1').length).toBe(result.openOverdue);
    // Every referral's writes reached the outbox.
    const outboxed = await prisma.outboxEvent.findMany({
      where: { aggregateType: 'REFERRAL' },
      distinct: ['aggregateId'],
      select: { aggregateId: true },
    });
    expect(outboxed.length).toBe(ids.length);
  });
});
