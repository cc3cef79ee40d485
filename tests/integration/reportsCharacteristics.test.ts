import { beforeAll, describe, expect, it } from 'vitest';
import { IDS } from '../support/fixtures';
import { buildReportWorld, Q, SPRING_2026 } from '../support/reports';
import { useApiWorld } from '../support/apiWorld';

/**
 * Reports count characteristics as they were on the day that matters (src/domain/characteristics.ts):
 * the movement date for the movement summary, the placement start for pupils moved into AP, the last
 * day on the roll in the period for a school's roll. Figures hand-counted from the world in
 * tests/support/reports.ts (spring term 2025-26: 5 Jan – 12 Apr 2026), whose unchanged figures are in
 * reports.test.ts: SEN_STATUS { NONE: [2, 2], SEN_SUPPORT: [2, 1], EHCP: [1, 1] }, FSM { YES: [2, 1], NO: [3, 3] },
 * LOOKED_AFTER { YES: [1, 1], NO: [4, 3] } as [entries, exits].
 */
describe('reports: characteristics as at the movement date', () => {
  const ctx = useApiWorld({
    setup: async (world) => ({ rw: await buildReportWorld(world.prisma) }),
  });

  const CHANGE = `mutation($input: ChangeCharacteristicsInput!) { changePupilCharacteristics(input: $input) { id senStatus fsmEligible lookedAfter } }`;
  const change = async (input: Record<string, unknown>) => {
    const r = await ctx.api.gql(ctx.world.tokens.laOfficer, CHANGE, {
      input: { reason: 'Recorded by the LA', ...input },
    });
    expect(r.errors).toBeUndefined();
    return r.data!.changePupilCharacteristics as { senStatus: string; fsmEligible: boolean; lookedAfter: boolean };
  };
  const dim = (r: any, d: string) =>
    Object.fromEntries(
      r.breakdowns
        .find((b: any) => b.dimension === d)
        .rows.filter((x: any) => (x.entries?.value ?? 0) + x.exits.value > 0)
        .map((x: any) => [x.key, [x.entries === null ? null : x.entries.value, x.exits.value]]),
    );
  const summary = async () => {
    const res = await ctx.api.gql(ctx.world.tokens.laOfficer, Q.MOVEMENT_SUMMARY, { p: SPRING_2026 });
    expect(res.errors).toBeUndefined();
    return res.data!.r as any;
  };

  // The changes every test below starts from (set up here, so no test depends on another having run).
  const applied: Record<string, { senStatus: string; fsmEligible: boolean; lookedAfter: boolean }> = {};
  beforeAll(async () => {
    // P1 (SEN support, FSM): 1a enters 5 Jan and exits 13 Feb; 1b enters 2 Mar.
    // An EHC plan from 20 Feb: 1b's entry counts as EHCP, 1a's entry and exit stay SEN support.
    applied.ehcp = await change({ pupilId: ctx.rw.pupils.P1, effectiveOn: '2026-02-20', senStatus: 'EHCP' });
    // Recorded afterwards but effective earlier (1 Jan): P1 no longer FSM for both entries and the exit.
    applied.fsm = await change({ pupilId: ctx.rw.pupils.P1, effectiveOn: '2026-01-01', fsmEligible: false });
    // P2 (looked after): 2a exits 30 Jan, 2b enters 2 Feb. Leaving care on 1 May, after the term, changes nothing in it.
    applied.care = await change({ pupilId: ctx.rw.pupils.P2, effectiveOn: '2026-05-01', lookedAfter: false });
  });

  it('a change part-way through the term splits the pupil’s movements; back-dated and later changes apply by their dates', async () => {
    expect(applied.ehcp).toMatchObject({ senStatus: 'EHCP' });
    expect(applied.fsm).toMatchObject({ senStatus: 'EHCP', fsmEligible: false });
    expect(applied.care).toMatchObject({ lookedAfter: false });

    const r = await summary();
    expect(dim(r, 'SEN_STATUS')).toEqual({ NONE: [2, 2], SEN_SUPPORT: [1, 1], EHCP: [2, 1] });
    expect(dim(r, 'EHCP')).toEqual({ YES: [2, 1], NO: [3, 3] });
    expect(dim(r, 'FSM')).toEqual({ NO: [5, 4] });
    expect(dim(r, 'LOOKED_AFTER')).toEqual({ YES: [1, 1], NO: [4, 3] });
    // Totals do not move.
    expect([r.entries.value, r.exits.value]).toEqual([5, 4]);
  });

  it('a back-dated change does not overwrite a later one: the current value is the one holding today', async () => {
    // Effective 10 Jan, recorded after the 20 Feb EHC plan: SEN support from 10 Jan to 19 Feb, EHCP after.
    const now = await change({ pupilId: ctx.rw.pupils.P1, effectiveOn: '2026-01-10', senStatus: 'SEN_SUPPORT' });
    expect(now.senStatus).toBe('EHCP');
    const spans = await ctx.world.prisma.pupilCharacteristicSpan.findMany({
      where: { pupilId: ctx.rw.pupils.P1 },
      orderBy: { validFrom: { sort: 'asc', nulls: 'first' } },
    });
    expect(
      spans.map((s) => [
        s.validFrom?.toISOString().slice(0, 10) ?? null,
        s.validUntil?.toISOString().slice(0, 10) ?? null,
        s.senStatus,
        s.fsmEligible,
      ]),
    ).toEqual([
      [null, '2026-01-01', 'SEN_SUPPORT', true],
      ['2026-01-01', '2026-02-20', 'SEN_SUPPORT', false],
      ['2026-02-20', null, 'EHCP', false],
    ]);
    // The movement summary is unchanged by a change that restates what already held.
    expect(dim(await summary(), 'SEN_STATUS')).toEqual({ NONE: [2, 2], SEN_SUPPORT: [1, 1], EHCP: [2, 1] });
  });

  it('the school profile: moved pupils as at their placement start, the roll as at each pupil’s last day on it in the period', async () => {
    const res = await ctx.api.gql(ctx.world.tokens.laOfficer, Q.SCHOOL_MOVEMENT_PROFILE, {
      p: SPRING_2026,
      f: { schoolId: IDS.secondaryA },
    });
    expect(res.errors).toBeUndefined();
    const hill = (res.data!.r as any).schools[0];
    const of = (c: string) => hill.disproportionality.find((d: any) => d.characteristic === c);
    // Moved from Hillside: P1 (1a on 5 Jan: SEN support, no FSM since 1 Jan), P3, P5: none has an EHC plan
    // when moved, and nobody is FSM (P1 was the only one).
    expect(hill.pupilsMovedToAp.value).toBe(3);
    expect([of('EHCP').movedWith.value, of('SEN_SUPPORT').movedWith.value, of('FSM').movedWith.value]).toEqual([
      0, 1, 0,
    ]);
    // On Hillside's roll in the term: P1 (still on it on 12 Apr: EHCP), P3, P4 (FSM), P5, P11, P13.
    expect(hill.pupilsOnRollInPeriod.value).toBe(6);
    expect([of('EHCP').rollWith.value, of('SEN_SUPPORT').rollWith.value, of('FSM').rollWith.value]).toEqual([1, 0, 1]);
  });

  it('a pupil whose characteristics never changed has no spans: the current values are used', async () => {
    expect(await ctx.world.prisma.pupilCharacteristicSpan.count({ where: { pupilId: ctx.rw.pupils.P4 } })).toBe(0);
    // P4 (FSM) is on Hillside's roll: counted as FSM above from the current value.
    expect(await ctx.world.prisma.pupil.findUniqueOrThrow({ where: { id: ctx.rw.pupils.P4! } })).toMatchObject({
      fsmEligible: true,
    });
  });
});
