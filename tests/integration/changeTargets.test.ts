import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UnrecoverableError } from 'bullmq';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { addPupil, buildWorld, IDS, type World } from '../support/fixtures';
import { placementRow, referralRow } from '../support/records';
import { collectTargets, SCAN_KINDS, type ChangeKind, type Targets } from '../../src/flags/evaluate';
import { addDays } from '../../src/domain/dates';
import { systemClock } from '../../src/time/clock';

/**
 * Which subjects a change re-evaluates (src/flags/evaluate.ts, collectTargets), for every kind of change, now
 * that a relay pass's changes are resolved together in a few statements: each kind alone gives exactly the
 * subjects its rules read, and a mixed batch gives the union of its changes taken one at a time (what the
 * evaluation did when it looked changes up one by one).
 */
describe('the subjects a change moves', () => {
  let db: TestDatabase;
  let world: World;
  const today = systemClock.today();
  const day = (d: string) => new Date(`${d}T00:00:00Z`);
  let a: string;
  let b: string;
  let p1: string;
  let p2: string;
  let p3: string;
  let exclusion: string;
  let reintegration: string;
  let referral: string;

  const placement = async (pupilId: string, providerId: string, o: Parameters<typeof placementRow>[2] = {}) =>
    (await placementRow(world.prisma, { pupilId, providerId }, o)).id;

  beforeAll(async () => {
    db = await createTestDatabase();
    world = await buildWorld(db);
    a = (await addPupil(world.prisma)).id;
    b = (await addPupil(world.prisma)).id;
    // Pupil A: an ended placement at the PRU, then (a transfer) an open one at the unregistered setting.
    p1 = await placement(a, IDS.pru, {
      status: 'ENDED',
      endDate: day(addDays(today, -50)),
      destination: 'ANOTHER_AP',
      settingType: null,
      providerUrn: '900005',
    });
    p2 = await placement(a, IDS.unregSetting, {
      startDate: day(addDays(today, -49)),
      previousPlacementId: p1,
    });
    // Pupil B: open at the unregistered setting too.
    p3 = await placement(b, IDS.unregSetting);
    exclusion = (
      await world.prisma.exclusion.create({
        data: {
          pupilId: a,
          schoolId: IDS.secondaryA,
          kind: 'PERMANENT',
          startDate: day(addDays(today, -110)),
          reasonCategory: 'PHYSICAL_ASSAULT_ADULT',
          academicYear: '2026-27',
        },
      })
    ).id;
    reintegration = (
      await world.prisma.reintegration.create({
        data: { pupilId: a, placementId: p1, schoolId: IDS.secondaryA, startDate: day(addDays(today, -50)) },
      })
    ).id;
    referral = (await referralRow(world.prisma, b, addDays(today, -10))).id;
  });
  afterAll(async () => {
    await world?.close();
    await db?.drop();
  });

  const targetsOf = async (changes: { kind: ChangeKind; id: string }[]) => {
    const t = Object.fromEntries(SCAN_KINDS.map((k) => [k, new Set<string>()])) as Targets;
    await collectTargets(world.prisma, changes, t);
    return Object.fromEntries(SCAN_KINDS.map((k) => [k, [...t[k]].sort()]));
  };
  const expected = (t: Partial<Record<(typeof SCAN_KINDS)[number], string[]>>) =>
    Object.fromEntries(SCAN_KINDS.map((k) => [k, [...(t[k] ?? [])].sort()]));

  it('each kind of change alone moves exactly the subjects its rules read', async () => {
    const pupilA = expected({ PUPIL: [a], PLACEMENT: [p1, p2], PROVIDER: [IDS.pru, IDS.unregSetting] });
    // A placement: itself, the one it continues, the pupil's others, the pupil and its provider.
    expect(await targetsOf([{ kind: 'PLACEMENT', id: p2 }])).toEqual(
      expected({ PLACEMENT: [p1, p2], PUPIL: [a], PROVIDER: [IDS.unregSetting] }),
    );
    expect(await targetsOf([{ kind: 'PLACEMENT', id: p3 }])).toEqual(
      expected({ PLACEMENT: [p3], PUPIL: [b], PROVIDER: [IDS.unregSetting] }),
    );
    // A pupil's record, exclusion or reintegration: the pupil, every placement of theirs and those providers.
    expect(await targetsOf([{ kind: 'PUPIL', id: a }])).toEqual(pupilA);
    expect(await targetsOf([{ kind: 'EXCLUSION', id: exclusion }])).toEqual(pupilA);
    expect(await targetsOf([{ kind: 'REINTEGRATION', id: reintegration }])).toEqual(pupilA);
    // A provider: itself, its open placements and their pupils (U3), not its ended ones.
    expect(await targetsOf([{ kind: 'PROVIDER', id: IDS.unregSetting }])).toEqual(
      expected({ PROVIDER: [IDS.unregSetting], PLACEMENT: [p2, p3], PUPIL: [a, b] }),
    );
    expect(await targetsOf([{ kind: 'PROVIDER', id: IDS.pru }])).toEqual(expected({ PROVIDER: [IDS.pru] }));
    // A referral: itself, its LA's fair shares (F8) and its pupil.
    expect(await targetsOf([{ kind: 'REFERRAL', id: referral }])).toEqual(
      expected({ REFERRAL: [referral], FAIR_SHARE: [IDS.laA], PUPIL: [b] }),
    );
  });

  it('records that no longer exist move nothing, but a pupil id is evaluated (its flags resolve)', async () => {
    const gone = randomUUID();
    for (const kind of ['PLACEMENT', 'EXCLUSION', 'REINTEGRATION', 'REFERRAL'] as const)
      expect(await targetsOf([{ kind, id: gone }])).toEqual(expected({}));
    expect(await targetsOf([{ kind: 'PUPIL', id: gone }])).toEqual(expected({ PUPIL: [gone] }));
  });

  it('a mixed batch moves the union of its changes taken one at a time', async () => {
    const batch: { kind: ChangeKind; id: string }[] = [
      { kind: 'PLACEMENT', id: p3 },
      { kind: 'REFERRAL', id: referral },
      { kind: 'EXCLUSION', id: exclusion },
      { kind: 'PLACEMENT', id: p3 },
      { kind: 'PROVIDER', id: IDS.pru },
      { kind: 'REINTEGRATION', id: reintegration },
      { kind: 'PUPIL', id: b },
    ];
    const union = Object.fromEntries(SCAN_KINDS.map((k) => [k, new Set<string>()])) as Record<string, Set<string>>;
    for (const c of batch) {
      const one = await targetsOf([c]);
      for (const k of SCAN_KINDS) for (const id of one[k]!) union[k]!.add(id);
    }
    expect(await targetsOf(batch)).toEqual(Object.fromEntries(SCAN_KINDS.map((k) => [k, [...union[k]!].sort()])));
  });

  it('an unknown kind of change is refused for good (a retry would not read it better)', async () => {
    await expect(targetsOf([{ kind: 'SCHOOL' as ChangeKind, id: randomUUID() }])).rejects.toBeInstanceOf(
      UnrecoverableError,
    );
  });
});
