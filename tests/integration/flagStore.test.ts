import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { buildWorld, IDS, type World } from '../support/fixtures';
import { reconcileFlags } from '../../src/flags/flagStore';
import type { FlagCandidate } from '../../src/domain/flags/types';

/**
 * reconcileFlags over a page of several subjects at once (as the nightly scan calls it): each subject's
 * flags follow its own candidates, and nothing outside the evaluated rules and subjects changes.
 */
describe('flag store: one page of subjects reconciled together', () => {
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
    ruleId: ruleId as FlagCandidate['ruleId'], outcome: 'ACCESS_TO_EDUCATION', severity: 'HIGH',
    subjectType: 'PLACEMENT', subjectId, periodKey, laId: IDS.laA, placementId: subjectId, title: `${ruleId} test`,
    evidence: { days: evidenceScore }, evidenceScore, configVersion: 'test', proposal: false,
  });
  const status = async (ruleId: string, subjectId: string) =>
    (await world.prisma.flag.findFirst({ where: { ruleId, subjectId } }))?.status ?? null;
  const placementScope = (id: string) => ({ rules: ['P3', 'P4'], owner: 'subjectId' as const, id });

  it('opens, refreshes, reopens and resolves per subject; other rules and other subjects are left as they are', async () => {
    const [a, b, c, d] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    // Before: a's P3 open, b's P3 open, b's P7 open (a rule not evaluated), c's P4 resolved, d's P3 open (not in the page).
    const first = await reconcileFlags(world.prisma, [placementScope(a), placementScope(b), placementScope(c), placementScope(d)], [
      candidate('P3', a), candidate('P3', b), candidate('P7', b), candidate('P4', c), candidate('P3', d),
    ]);
    expect(first.opened).toHaveLength(5);
    expect(first.resolved).toBe(0);
    await reconcileFlags(world.prisma, [placementScope(c)], []);
    expect(await status('P4', c)).toBe('RESOLVED');

    // The page: a and b and c evaluated; a still P3, b no longer, c's P4 back, a new P4 for a.
    const page = await reconcileFlags(world.prisma, [placementScope(a), placementScope(b), placementScope(c)], [
      candidate('P3', a, '', 20), candidate('P4', a), candidate('P4', c),
    ]);
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
    const again = await reconcileFlags(world.prisma, [placementScope(a), placementScope(b), placementScope(c)], [
      candidate('P3', a, '', 20), candidate('P4', a), candidate('P4', c),
    ]);
    expect(again).toEqual({ opened: [], refreshed: 3, resolved: 0 });
  });
});
