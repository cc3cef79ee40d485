import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { addPupil, buildWorld, IDS, type World } from '../support/fixtures';
import { place } from '../support/reports';
import { noticesQueued, reconcileFlags } from '../../src/flags/flagStore';
import { scanIds } from '../../src/flags/evaluate';
import type { FlagCandidate } from '../../src/domain/flags/types';

/**
 * The nightly scan's pages (scanIds: every open or flagged placement once, whatever the page size) and
 * what it does with each (reconcileFlags over several subjects at once: each subject's flags follow its
 * own candidates; nothing outside the evaluated rules and subjects changes).
 */
describe('nightly scan pages and the flag store', () => {
  let db: TestDatabase;
  let world: World;
  beforeAll(async () => {
    db = await createTestDatabase();
    world = await buildWorld(db);
  });
  afterAll(async () => {
    await world?.close();
    await db?.drop();
  });

  const candidate = (ruleId: string, subjectId: string, periodKey = '', evidenceScore = 10): FlagCandidate => ({
    ruleId: ruleId as FlagCandidate['ruleId'],
    outcome: 'ACCESS_TO_EDUCATION',
    severity: 'HIGH',
    subjectType: 'PLACEMENT',
    subjectId,
    periodKey,
    laId: IDS.laA,
    placementId: subjectId,
    title: `${ruleId} test`,
    evidence: { days: evidenceScore },
    evidenceScore,
    configVersion: 'test',
    proposal: false,
  });
  const status = async (ruleId: string, subjectId: string) =>
    (await world.prisma.flag.findFirst({ where: { ruleId, subjectId } }))?.status ?? null;
  const placementScope = (id: string) => ({ rules: ['P3', 'P4'], owner: 'subjectId' as const, id });

  it('opens, refreshes, reopens and resolves per subject; other rules and other subjects are left as they are', async () => {
    const [a, b, c, d] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    // Before: a's P3 open, b's P3 open, b's P7 open (a rule not evaluated), c's P4 resolved, d's P3 open (not in the page).
    const first = await reconcileFlags(
      world.prisma,
      [placementScope(a), placementScope(b), placementScope(c), placementScope(d)],
      [candidate('P3', a), candidate('P3', b), candidate('P7', b), candidate('P4', c), candidate('P3', d)],
    );
    expect(first.opened).toHaveLength(5);
    expect(first.resolved).toBe(0);
    await reconcileFlags(world.prisma, [placementScope(c)], []);
    expect(await status('P4', c)).toBe('RESOLVED');

    // The page: a and b and c evaluated; a still P3, b no longer, c's P4 back, a new P4 for a.
    const page = await reconcileFlags(
      world.prisma,
      [placementScope(a), placementScope(b), placementScope(c)],
      [candidate('P3', a, '', 20), candidate('P4', a), candidate('P4', c)],
    );
    expect(page.opened.map((o) => o.prev).sort()).toEqual([null, 'RESOLVED'].sort());
    expect(page.refreshed).toBe(1);
    expect(page.resolved).toBe(1);
    expect(await status('P3', a)).toBe('OPEN');
    expect(await status('P4', a)).toBe('OPEN');
    expect(await status('P3', b)).toBe('RESOLVED');
    expect(await status('P7', b)).toBe('OPEN'); // P7 was not among the rules evaluated
    expect(await status('P4', c)).toBe('OPEN');
    expect(await status('P3', d)).toBe('OPEN'); // d was not in the page
    expect((await world.prisma.flag.findFirst({ where: { ruleId: 'P3', subjectId: a } }))?.evidenceScore).toBe(20);

    // The same page again: nothing opens or resolves (idempotent).
    const again = await reconcileFlags(
      world.prisma,
      [placementScope(a), placementScope(b), placementScope(c)],
      [candidate('P3', a, '', 20), candidate('P4', a), candidate('P4', c)],
    );
    expect(again).toEqual({ opened: [], notices: expect.any(Array), refreshed: 3, resolved: 0 });
    // No worker queued their notifications here, so each flag's latest opening is still a pending notice,
    // returned by every evaluation that sees the flag until it is queued (issue 18: a killed worker loses none).
    expect(again.notices.map((n) => n.opening).sort()).toEqual(['RESOLVED', 'new', 'new']);
    await noticesQueued(world.prisma, again.notices);
    const queued = await reconcileFlags(
      world.prisma,
      [placementScope(a), placementScope(b), placementScope(c)],
      [candidate('P3', a, '', 20), candidate('P4', a), candidate('P4', c)],
    );
    expect(queued.notices).toEqual([]);
  });

  it('scan pages: open placements and ended ones with a live flag, each once, in uuid order, across page boundaries of any size', async () => {
    const opened: string[] = [];
    const ended: string[] = [];
    for (let i = 0; i < 8; i++) {
      const pupil = await addPupil(world.prisma);
      const base = {
        pupilId: pupil.id,
        providerId: IDS.pru,
        reason: 'PERMANENT_EXCLUSION',
        legalBasis: 'S19_LA_DAY_SIX_PERMANENT_EXCLUSION',
        tier: 'TIER_2_TIME_LIMITED',
        start: '2026-01-05',
        plannedEnd: '2026-03-27',
      } as const;
      if (i < 3) opened.push(await place(world.prisma, base));
      else ended.push(await place(world.prisma, { ...base, end: '2026-02-13', destination: 'MAINSTREAM_SCHOOL' }));
    }
    // Ended placements: two with a live flag (open, acknowledged), one whose flag resolved, two with none;
    // one open placement also has a live flag (listed once). A pupil-subject flag names no placement.
    const flag = (
      subjectId: string,
      status: 'OPEN' | 'ACKNOWLEDGED' | 'RESOLVED',
      subjectType: 'PLACEMENT' | 'PUPIL' = 'PLACEMENT',
    ) =>
      world.prisma.flag.create({
        data: {
          ruleId: 'P3',
          outcome: 'ACCESS_TO_EDUCATION',
          severity: 'HIGH',
          subjectType,
          subjectId,
          laId: IDS.laA,
          title: 't',
          evidence: {},
          configVersion: 'test',
          status,
          periodKey: `scan-${randomUUID()}`,
        },
      });
    await flag(ended[0]!, 'OPEN');
    await flag(ended[0]!, 'ACKNOWLEDGED'); // two live flags: still one subject
    await flag(ended[1]!, 'ACKNOWLEDGED');
    await flag(ended[2]!, 'RESOLVED');
    await flag(opened[0]!, 'OPEN');
    await flag(randomUUID(), 'OPEN', 'PUPIL');
    const liveFlagged = new Set(
      (
        await world.prisma.flag.findMany({
          where: { subjectType: 'PLACEMENT', status: { in: ['OPEN', 'ACKNOWLEDGED'] } },
          select: { subjectId: true },
        })
      ).map((f) => f.subjectId),
    );
    const openIds = (await world.prisma.placement.findMany({ where: { status: 'OPEN' }, select: { id: true } })).map(
      (p) => p.id,
    );
    const expected = [...new Set([...openIds, ...liveFlagged])].sort();
    expect(expected).toEqual(expect.arrayContaining([...opened, ended[0], ended[1]]));
    expect(expected).not.toContain(ended[2]);
    expect(expected).not.toContain(ended[3]);

    // Pages as the worker chains them (each after the last id of the one before), at several sizes.
    for (const size of [1, 2, 3, 500]) {
      const seen: string[] = [];
      let after: string | null = null;
      for (;;) {
        const ids = await scanIds(world.prisma, 'PLACEMENT', after, size);
        seen.push(...ids);
        if (ids.length < size) break;
        after = ids.at(-1)!;
      }
      expect(seen, `pages of ${size}`).toEqual(expected);
    }
  });
});
