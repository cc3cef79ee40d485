import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { addPupil, buildWorld, IDS, type World } from '../support/fixtures';
import { placementRow } from '../support/records';
import { loadEveryProviderPlacement } from '../support/providerSnapshotsReference';
import { loadProviderSnapshots } from '../../src/flags/snapshots/providers';
import { evaluateChange, evaluateChanges, type ChangeKind } from '../../src/flags/evaluate';
import { evaluateProvider } from '../../src/domain/flags/evaluate';
import { ruleConfigsFor } from '../../src/rules/ruleConfig';
import { createCalendarService } from '../../src/calendar/calendarService';
import { addDays } from '../../src/domain/dates';
import { systemClock } from '../../src/time/clock';
import type { FlagCandidate } from '../../src/domain/flags/types';

/**
 * Issue 18 goal 3: the provider loader that reads aggregates (only unregistered providers' placements of
 * pupils who could be full-time) gives the same flags as the old loader that read every placement; and
 * changes coalesced into one evaluation raise and clear exactly the flags one evaluation per change did.
 */
describe('flag evaluation: aggregates and coalescing agree with the old path', () => {
  let db: TestDatabase;
  let world: World;
  const today = systemClock.today();
  const PROVIDERS = [IDS.unregSetting, IDS.unregUkprn, IDS.unregB, IDS.pru, IDS.independentAp];

  // A small deterministic generator, so a failure can be replayed.
  let seed = 18;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const day = (d: string) => new Date(`${d}T00:00:00Z`);

  const placement = (pupilId: string, providerId: string, laId: string, o: Parameters<typeof placementRow>[2]) =>
    placementRow(world.prisma, { pupilId, providerId, laId }, o);

  /** Pupils at every provider: part-time, full-time, split across placements, ended, not of school age. */
  async function seedProviders(n: number) {
    const made: string[] = [];
    for (let i = 0; i < n; i += 1) {
      const providerId = pick(PROVIDERS);
      const laId = providerId === IDS.unregB ? IDS.laB : IDS.laA;
      const pupil = await addPupil(world.prisma, {
        laId,
        dob: pick(['2004-03-01', '2011-05-10', '2013-11-20', '2015-01-02', '2021-06-30']),
        senStatus: pick(['NONE', 'NONE', 'SEN_SUPPORT', 'EHCP'] as const),
        lookedAfter: rand() < 0.2,
      });
      // A pupil's placements at one provider never overlap (a database constraint): one after another.
      const parts = pick([1, 1, 1, 2, 3]);
      let cursor = addDays(today, -1 - Math.floor(rand() * 900));
      for (let k = 0; k < parts && cursor < today; k += 1) {
        const last = k === parts - 1;
        const end = addDays(cursor, Math.floor(rand() * 300));
        const shape = !last || end < today ? pick(['ended', 'ended', last ? 'open' : 'ended'] as const) : 'open';
        const startDate = parts === 1 && rand() < 0.15 ? addDays(today, 10) : cursor;
        const p = await placement(pupil.id, providerId, laId, {
          hoursPerWeek: pick([3, 6, 9, 9.5, 12, 17.9, 18, 18.1, 20, 25]),
          ...(rand() < 0.3 && laId === IDS.laA
            ? { commissionerKind: 'SCHOOL', commissioningSchoolId: IDS.secondaryA }
            : { commissionerKind: 'LA' }),
          startDate: day(startDate),
          endDate: shape === 'ended' && startDate === cursor ? day(end < today ? end : addDays(today, -1)) : null,
          status: shape === 'ended' && startDate === cursor ? 'ENDED' : 'OPEN',
          destination: shape === 'ended' && startDate === cursor ? 'NEET' : null,
        });
        cursor = addDays(end, 1 + Math.floor(rand() * 30));
        made.push(p.id);
      }
    }
    return made;
  }

  /** Evidence lists placements in load order; the order carries no meaning, so compare it sorted. */
  const canonical = (cs: FlagCandidate[]) =>
    cs
      .map((c) =>
        JSON.parse(
          JSON.stringify(c, (_k, v) => (Array.isArray(v) && v.every((x) => typeof x === 'string') ? [...v].sort() : v)),
        ),
      )
      .sort((a, b) =>
        `${a.ruleId}|${a.subjectId}|${a.periodKey}`.localeCompare(`${b.ruleId}|${b.subjectId}|${b.periodKey}`),
      );

  beforeAll(async () => {
    db = await createTestDatabase();
    world = await buildWorld(db);
    await world.prisma.provider.update({ where: { id: IDS.unregSetting }, data: { riskAssessmentDate: null } });
  });
  afterAll(async () => {
    await world?.close();
    await db?.drop();
  });

  it('the aggregate provider loader raises exactly the flags the every-placement loader did', async () => {
    await seedProviders(160);
    // Enough full-time pupils at one setting for U1 (five at once), whatever the random mix gave.
    for (let i = 0; i < 6; i += 1) {
      const pupil = await addPupil(world.prisma, { dob: '2012-02-02', lookedAfter: i === 0 });
      await placement(pupil.id, IDS.unregSetting, IDS.laA, { hoursPerWeek: 20, startDate: day(addDays(today, -40)) });
    }
    const calendars = createCalendarService(world.prisma);
    let compared = 0;
    const rulesSeen = new Set<string>();
    for (const asOf of [today, addDays(today, -200), addDays(today, -400), addDays(today, 40)]) {
      const thresholds = await ruleConfigsFor(world.prisma, [IDS.laA, IDS.laB]);
      const before = await loadEveryProviderPlacement(world.prisma, PROVIDERS, asOf);
      const after = await loadProviderSnapshots(world.prisma, PROVIDERS, asOf, (las) =>
        ruleConfigsFor(world.prisma, las),
      );
      expect(after.map((s) => s.provider.id).sort()).toEqual(before.map((s) => s.provider.id).sort());
      for (const old of before) {
        const now = after.find((s) => s.provider.id === old.provider.id)!;
        const cal = await calendars.calendarFor(old.provider.laId);
        const t = thresholds.get(old.provider.laId)!;
        const expected = evaluateProvider(old, asOf, cal, t);
        expect(canonical(evaluateProvider(now, asOf, cal, t)), `${old.provider.name} on ${asOf}`).toEqual(
          canonical(expected),
        );
        // The new loader reads fewer rows: none at all for a registered provider.
        expect(now.placements.length).toBeLessThanOrEqual(old.placements.length);
        if (old.provider.kind !== 'UNREGISTERED') expect(now.placements).toEqual([]);
        compared += 1;
        for (const c of expected) rulesSeen.add(c.ruleId);
      }
    }
    expect(compared).toBe(PROVIDERS.length * 4);
    // The comparison covered flags, not only silence.
    expect([...rulesSeen].sort()).toEqual(expect.arrayContaining(['U1', 'U2', 'U5']));
  });

  /** The Flag table as the user sees it, without the times of evaluation. */
  const flagState = () =>
    world.prisma.$queryRaw<unknown[]>`
      SELECT "ruleId", "subjectType"::text, "subjectId"::text, "periodKey", "status"::text, "severity"::text, "title", "evidence", "evidenceScore"
        FROM "Flag" ORDER BY 1, 2, 3, 4`;

  async function withOwner<T>(fn: (c: pg.Client) => Promise<T>) {
    const c = new pg.Client({ connectionString: db.ownerUrl });
    await c.connect();
    try {
      return await fn(c);
    } finally {
      await c.end();
    }
  }
  const saveFlags = () =>
    withOwner((c) => c.query(`DROP TABLE IF EXISTS flag_copy; CREATE TABLE flag_copy AS SELECT * FROM "Flag"`));
  const restoreFlags = () =>
    withOwner((c) => c.query(`DELETE FROM "Flag"; INSERT INTO "Flag" SELECT * FROM flag_copy`));

  /** Runs both paths from the same starting flags and returns what each left. */
  async function bothWays(changes: { kind: ChangeKind; id: string }[]) {
    const deps = { prisma: world.prisma, calendars: createCalendarService(world.prisma) };
    await saveFlags();
    const one = { opened: 0, resolved: 0 };
    for (const c of changes) {
      const r = await evaluateChange(deps, c.kind, c.id, today);
      one.opened += r.opened.length;
      one.resolved += r.resolved;
    }
    const perChange = await flagState();
    await restoreFlags();
    const r = await evaluateChanges(deps, changes, today);
    return {
      perChange,
      coalesced: await flagState(),
      one,
      together: { opened: r.opened.length, resolved: r.resolved },
    };
  }

  it('changes coalesced in one tick raise and clear exactly what one evaluation per change did', async () => {
    // Twelve placements at one unregistered setting in one tick: U1/U2/U5 at the provider, P3 on each placement.
    const ids: string[] = [];
    for (let i = 0; i < 12; i += 1) {
      const pupil = await addPupil(world.prisma, { dob: '2011-09-09', lookedAfter: i % 4 === 0 });
      const p = await placement(pupil.id, IDS.unregUkprn, IDS.laA, {
        hoursPerWeek: 22,
        startDate: day(addDays(today, -90)),
        plannedEndDate: day(addDays(today, -10)),
      });
      ids.push(p.id);
    }
    const raise = await bothWays(ids.map((id) => ({ kind: 'PLACEMENT' as const, id })));
    expect(raise.coalesced).toEqual(raise.perChange);
    expect(raise.together.opened).toBeGreaterThanOrEqual(12 + 2);
    expect(raise.together.opened).toBe(raise.one.opened);

    // Ending them (and a pupil change in the same tick) clears the same flags either way.
    await world.prisma.placement.updateMany({
      where: { id: { in: ids } },
      data: { status: 'ENDED', endDate: day(today), destination: 'NEET' },
    });
    const someone = await world.prisma.placement.findUniqueOrThrow({ where: { id: ids[0]! } });
    const clear = await bothWays([
      ...ids.map((id) => ({ kind: 'PLACEMENT' as const, id })),
      { kind: 'PUPIL' as const, id: someone.pupilId },
    ]);
    expect(clear.coalesced).toEqual(clear.perChange);
    expect(clear.together.resolved).toBeGreaterThan(0);
    expect(clear.together.resolved).toBe(clear.one.resolved);
  });
});
