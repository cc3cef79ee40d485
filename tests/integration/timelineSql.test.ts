import { describe, expect, it } from 'vitest';
import type { PrismaClient } from '../../src/generated/prisma/client';
import { pupilTimeline } from '../../src/queries/movements';
import { useApiWorld } from '../support/apiWorld';
import { buildPupilScopeWorld, SCOPE_ACTORS } from '../support/accessWorld';
import { IDS } from '../support/fixtures';
import { pupilTimelinePrisma } from '../support/pupilReadsPrisma';

/**
 * Issue 18 goal 2: a pupil's timeline is read in one SQL statement, the caller's event scope in SQL
 * (`timelineEventScopeSql`) and each event's later corrections with it. It must answer exactly what the Prisma
 * read it replaced answered (tests/support/pupilReadsPrisma.ts) for every role and pupil: the same events in the
 * same order (by date, then as recorded), with the same corrections, including corrections the caller does not
 * read itself, several corrections of one event (oldest first) and a correction of a correction.
 */
describe('pupil timeline in one SQL statement equals the Prisma read', () => {
  const ctx = useApiWorld({ setup: async (world) => ({ own: await buildTimelineWorld(world.prisma) }) });
  const d = (iso: string) => new Date(`${iso}T00:00:00Z`);

  async function buildTimelineWorld(prisma: PrismaClient) {
    const world = await buildPupilScopeWorld(prisma);
    type Event = { pupilId: string; type: string; on: string; org: string; placementId?: string; corrects?: string };
    const event = (e: Event) =>
      prisma.pupilEvent
        .create({
          data: {
            pupilId: e.pupilId,
            type: e.type,
            occurredOn: d(e.on),
            actorId: IDS.users.laOfficer,
            actorRole: 'LA_OFFICER',
            actorOrgId: e.org,
            reason: `${e.type} on ${e.on}`,
            data: { note: e.type, hours: 10 },
            placementId: e.placementId ?? null,
            correctsEventId: e.corrects ?? null,
          },
        })
        .then((r) => r.id);
    // An event about every placement (ended in the provider window, before it, open, of another LA), recorded
    // by its commissioner, all on one day so the order within a day is the order recorded.
    for (const pl of await prisma.placement.findMany({ orderBy: { startDate: 'asc' } }))
      await event({
        pupilId: pl.pupilId,
        type: pl.endDate ? 'PLACEMENT_ENDED' : 'PLACEMENT_REVIEWED',
        on: '2026-10-12',
        org: pl.commissioningSchoolId ?? pl.laId,
        placementId: pl.id,
      });
    const own = world.pupil.own;
    // The pupil's fair access events, one recorded by the PRU about no placement, and corrections: two of the
    // placement's start (the second by the PRU), and a correction of the first correction.
    await event({ pupilId: own, type: 'FAIR_ACCESS_REFERRED', on: '2026-10-01', org: IDS.laA });
    await event({ pupilId: own, type: 'FAIR_ACCESS_DECIDED', on: '2026-10-07', org: IDS.laA });
    await event({ pupilId: own, type: 'ATTENDANCE_NOTE', on: '2026-09-07', org: IDS.pru });
    const c1 = await event({
      pupilId: own,
      type: 'CORRECTION',
      on: '2026-09-07',
      org: IDS.secondaryA,
      corrects: world.event.own,
    });
    await event({ pupilId: own, type: 'CORRECTION', on: '2026-09-07', org: IDS.pru, corrects: world.event.own });
    await event({ pupilId: own, type: 'CORRECTION', on: '2026-09-07', org: IDS.laA, corrects: c1 });
    await event({
      pupilId: world.pupil.sameLaOther,
      type: 'CORRECTION',
      on: '2026-09-08',
      org: IDS.academyA,
      corrects: world.event.sameLaOther,
    });
    return { pupilId: own, startEvent: world.event.own, firstCorrection: c1 };
  }

  it('reads the same events, in the same order, with the same corrections, for every role and pupil', async () => {
    const prisma = ctx.world.prisma;
    const pupils = await prisma.pupil.findMany({ select: { id: true }, orderBy: { upn: 'asc' } });
    const seen = new Set<number>();
    let read = 0;
    for (const a of SCOPE_ACTORS)
      for (const p of pupils) {
        const viaSql = await pupilTimeline(prisma, a, p.id);
        expect(viaSql, `${a.role} ${a.schoolId ?? a.providerId ?? a.userId} ${p.id}`).toEqual(
          await pupilTimelinePrisma(prisma, a, p.id),
        );
        if (viaSql) {
          read++;
          if (p.id === ctx.own.pupilId) seen.add(viaSql.length);
        }
      }
    // The roles read different parts of the one pupil's timeline (all of it, a provider's part, the panel's).
    expect(read).toBeGreaterThan(20);
    expect(seen.size).toBeGreaterThanOrEqual(3);
    // The corrections of the placement's start, oldest first, whoever may read them.
    const officer = SCOPE_ACTORS[0]!;
    const all = (await pupilTimeline(prisma, officer, ctx.own.pupilId))!;
    const start = all.find((e) => e.id === ctx.own.startEvent)!;
    expect(start.correctedBy).toHaveLength(2);
    expect(start.correctedBy[0]).toEqual({ id: ctx.own.firstCorrection });
    expect(all.find((e) => e.id === ctx.own.firstCorrection)!.correctedBy).toHaveLength(1);
  });

  it('a pupil out of scope has no timeline, and the read is audited either way', async () => {
    const prisma = ctx.world.prisma;
    const school = SCOPE_ACTORS.find((a) => a.schoolId === IDS.academyA)!;
    const before = await prisma.auditEvent.count({ where: { operation: 'pupil.timeline' } });
    expect(await pupilTimeline(prisma, school, ctx.own.pupilId)).toBeNull();
    const officer = SCOPE_ACTORS[0]!;
    expect((await pupilTimeline(prisma, officer, ctx.own.pupilId))!.length).toBeGreaterThan(5);
    const rows = await prisma.auditEvent.findMany({ where: { operation: 'pupil.timeline' }, orderBy: { id: 'asc' } });
    expect(rows.slice(before).map((r) => r.subjectIds)).toEqual([[], [ctx.own.pupilId]]);
  });
});
