import { describe, expect, it } from 'vitest';
import { IDS, type World } from '../support/fixtures';
import { buildReportWorld, Q, SPRING_2026 } from '../support/reports';
import { useApiWorld } from '../support/apiWorld';

/**
 * Every figure below is counted by hand from the world described in tests/support/reports.ts
 * (spring term 2025-26 on Sheffield's calendar: 5 Jan – 12 Apr 2026).
 */
describe('oversight reports: figures on a hand-built world', () => {
  const ctx = useApiWorld({
    setup: async (world) => {
      await buildReportWorld(world.prisma);
    },
  });

  const run = async (
    report: keyof typeof Q,
    vars: Record<string, unknown> = {},
    who: keyof World['tokens'] = 'laOfficer',
  ) => {
    const res = await ctx.api.gql(
      ctx.world.tokens[who],
      Q[report],
      report === 'AP_POPULATION' ? vars : { p: SPRING_2026, ...vars },
    );
    expect(res.errors).toBeUndefined();
    return res.data!.r;
  };
  const v = (c: { value: number | null }) => c.value;
  /** A breakdown as { key: [entries, exits] }, non-zero rows only. */
  const dim = (r: any, d: string) =>
    Object.fromEntries(
      r.breakdowns
        .find((b: any) => b.dimension === d)
        .rows.filter((x: any) => (x.entries?.value ?? 0) + x.exits.value > 0)
        .map((x: any) => [x.key, [x.entries === null ? null : x.entries.value, x.exits.value]]),
    );

  it('the spring term resolves from the LA calendar: 5 Jan (first day after Christmas) to 12 Apr (day before the summer term)', async () => {
    const r = await run('MOVEMENT_SUMMARY');
    expect(r.meta.period).toEqual({ from: '2026-01-05', to: '2026-04-12', label: '2025-26 spring term' });
    expect(r.meta).toMatchObject({ report: 'MOVEMENT_SUMMARY', suppressed: false, suppressionThreshold: 5 });
  });

  it('movement trend: each month equals the movement summary and AP population for that month alone, and adds up to the term', async () => {
    const t = await run('MOVEMENT_TREND');
    expect(t.meta.report).toBe('MOVEMENT_TREND');
    // The spring term's calendar months, clipped to 5 Jan – 12 Apr.
    expect(t.months.map((m: any) => [m.label, m.from, m.to])).toEqual([
      ['Jan 2026', '2026-01-05', '2026-01-31'],
      ['Feb 2026', '2026-02-01', '2026-02-28'],
      ['Mar 2026', '2026-03-01', '2026-03-31'],
      ['Apr 2026', '2026-04-01', '2026-04-12'],
    ]);
    for (const m of t.months) {
      const s = await run('MOVEMENT_SUMMARY', { p: { from: m.from, to: m.to } });
      const pop = await run('AP_POPULATION', { on: m.to });
      expect([v(m.entries), v(m.exits), v(m.pupilsInAp)], m.label).toEqual([v(s.entries), v(s.exits), v(pop.pupils)]);
      const reasons = s.breakdowns.find((b: any) => b.dimension === 'REASON').rows;
      expect(
        m.entriesByReason.map((r: any) => [r.key, v(r.entries)]),
        m.label,
      ).toEqual(reasons.map((r: any) => [r.key, v(r.entries)]));
    }
    // The term's hand-counted 5 entries and 4 exits (next test) are spread over its months.
    const total = (k: 'entries' | 'exits') => t.months.reduce((a: number, m: any) => a + v(m[k])!, 0);
    expect([total('entries'), total('exits')]).toEqual([5, 4]);
  });

  it('movement summary: entries and exits by every dimension, boundaries inclusive, transfer and two placements counted', async () => {
    const r = await run('MOVEMENT_SUMMARY');
    // Entries: 1a (5 Jan, first day), 1b, 2b (transfer), 3a, 5a; not 4a (13 Apr, the day after). Exits: 1a, 2a, 5a (12 Apr, last day), 8a; not 7a (4 Jan).
    expect([r.entries, r.exits, r.transfersIn, r.newToAp, r.pupilsEntering].map(v)).toEqual([5, 4, 1, 4, 4]);
    expect(dim(r, 'TIER')).toEqual({
      TIER_1_TARGETED_SUPPORT: [1, 0],
      TIER_2_TIME_LIMITED: [3, 3],
      TIER_3_TRANSITIONAL: [1, 1],
    });
    expect(dim(r, 'REASON')).toEqual({
      SUSPENSION_OVER_FIVE_DAYS: [1, 1],
      BEHAVIOUR_EARLY_INTERVENTION: [1, 0],
      EHCP_NAMED: [1, 1],
      PERMANENT_EXCLUSION: [1, 0],
      OFF_SITE_DIRECTION: [1, 1],
      HEALTH_NEEDS: [0, 1],
    });
    expect(dim(r, 'LEGAL_BASIS')).toEqual({
      SCHOOL_DAY_SIX_SUSPENSION: [1, 1],
      SCHOOL_COMMISSIONED: [1, 0],
      S42_EHC_PLAN: [1, 1],
      S19_LA_DAY_SIX_PERMANENT_EXCLUSION: [1, 0],
      S29A_OFF_SITE_DIRECTION: [1, 1],
      S19_HEALTH: [0, 1],
    });
    expect(dim(r, 'DESTINATION')).toEqual({ MAINSTREAM_SCHOOL: [null, 2], ANOTHER_AP: [null, 1], NEET: [null, 1] });
    expect(dim(r, 'PROVIDER')).toEqual({ [IDS.independentAp]: [1, 1], [IDS.pru]: [3, 3], [IDS.unregUkprn]: [1, 0] });
    expect(dim(r, 'COMMISSIONING_SCHOOL')).toEqual({ LA: [2, 2], [IDS.secondaryA]: [3, 2] });
    expect(dim(r, 'YEAR_GROUP')).toEqual({ Y9: [0, 1], Y10: [3, 2], Y11: [2, 1] });
    expect(dim(r, 'SEN_STATUS')).toEqual({ NONE: [2, 2], SEN_SUPPORT: [2, 1], EHCP: [1, 1] });
    expect(dim(r, 'EHCP')).toEqual({ YES: [1, 1], NO: [4, 3] });
    expect(dim(r, 'LOOKED_AFTER')).toEqual({ YES: [1, 1], NO: [4, 3] });
    expect(dim(r, 'FSM')).toEqual({ YES: [2, 1], NO: [3, 3] });
    expect(dim(r, 'SEX')).toEqual({ F: [4, 3], M: [1, 1] });
    expect(dim(r, 'ETHNICITY')).toEqual({ BCRB: [1, 1], NOT_RECORDED: [1, 1], WBRI: [3, 2] });
    const prov = r.breakdowns.find((b: any) => b.dimension === 'PROVIDER').rows.map((x: any) => x.label);
    expect(prov).toEqual(['Bridge Independent AP', 'Northside PRU', 'Pathways Mentoring']);
  });

  it('movement summary filters: provider, school (commissioning or home school) and phase', async () => {
    const totals = async (f: Record<string, unknown>) => {
      const r = await run('MOVEMENT_SUMMARY', { f });
      return [v(r.entries), v(r.exits)];
    };
    expect(await totals({ providerId: IDS.pru })).toEqual([3, 3]);
    // Hillside: 1a, 1b, 5a commissioned by it; 3a is the LA's, after Hillside excluded P3.
    expect(await totals({ schoolId: IDS.secondaryA })).toEqual([4, 2]);
    expect(await totals({ schoolId: IDS.academyA })).toEqual([1, 2]);
    expect(await totals({ phase: 'SECONDARY' })).toEqual([5, 4]);
    expect(await totals({ phase: 'PRIMARY' })).toEqual([0, 0]);
  });

  it('period forms: from/to equals the academic-year term; a malformed period is refused', async () => {
    const byDates = await run('MOVEMENT_SUMMARY', { p: { from: '2026-01-05', to: '2026-04-12' } });
    expect([v(byDates.entries), v(byDates.exits)]).toEqual([5, 4]);
    // Shifting each end by one day drops the boundary movements: 1a's entry and 5a's exit.
    const inner = await run('MOVEMENT_SUMMARY', { p: { from: '2026-01-06', to: '2026-04-11' } });
    expect([v(inner.entries), v(inner.exits)]).toEqual([4, 3]);
    const bad = await ctx.api.gql(ctx.world.tokens.laOfficer, Q.MOVEMENT_SUMMARY, {
      p: { from: '2026-04-12', to: '2026-01-05' },
    });
    expect(bad.errors?.[0]?.extensions?.code).toBe('VALIDATION_FAILED');
    const both = await ctx.api.gql(ctx.world.tokens.laOfficer, Q.MOVEMENT_SUMMARY, {
      p: { academicYear: '2025-26', from: '2026-01-05' },
    });
    expect(both.errors?.[0]?.extensions?.code).toBe('VALIDATION_FAILED');
  });

  it('AP population on a date: providers, tiers, registration, kinds; unregistered full- and part-time per pupil', async () => {
    const on = async (d: string) => run('AP_POPULATION', { on: d });
    const rows = (xs: any[]) =>
      Object.fromEntries(
        xs.filter((x) => x.placements.value > 0).map((x) => [x.key ?? x.providerId, x.placements.value]),
      );
    const mar2 = await on('2026-03-02');
    expect([v(mar2.placements), v(mar2.pupils)]).toEqual([5, 5]);
    expect(rows(mar2.byProvider)).toEqual({ [IDS.independentAp]: 2, [IDS.pru]: 2, [IDS.unregUkprn]: 1 });
    expect(rows(mar2.byTier)).toEqual({ TIER_1_TARGETED_SUPPORT: 1, TIER_2_TIME_LIMITED: 3, TIER_3_TRANSITIONAL: 1 });
    expect(rows(mar2.byRegistration)).toEqual({ DUAL_REGISTERED: 4, HOME_SCHOOL_ONLY: 1 });
    expect(rows(mar2.byProviderKind)).toEqual({
      REGISTERED_SCHOOL: 2,
      REGISTERED_INDEPENDENT_SCHOOL: 2,
      UNREGISTERED: 1,
    });
    expect(
      [mar2.unregistered.pupils, mar2.unregistered.fullTimePupils, mar2.unregistered.partTimePupils].map(v),
    ).toEqual([1, 0, 1]);
    // 12 Apr: 5a's last day is included; 8a ended 20 Mar.
    const apr12 = await on('2026-04-12');
    expect(rows(apr12.byProvider)).toEqual({ [IDS.independentAp]: 1, [IDS.pru]: 2, [IDS.unregUkprn]: 1 });
    // 13 Apr: 4a starts at City Boxing, 20 h a week: P4 is full-time in unregistered AP (> 18 h), P1 part-time (6 h).
    const apr13 = await on('2026-04-13');
    expect(v(apr13.placements)).toBe(4);
    expect(
      [
        apr13.unregistered.placements,
        apr13.unregistered.pupils,
        apr13.unregistered.fullTimePupils,
        apr13.unregistered.partTimePupils,
      ].map(v),
    ).toEqual([2, 2, 1, 1]);
    expect(apr13.unregistered.fullTimeThresholdHours).toBe(18);
  });

  it('stay lengths in school days: closed and open separately, by tier and provider (nearest-rank percentiles)', async () => {
    const r = await run('STAY_LENGTHS');
    expect(r.asOf).toBe('2026-04-12');
    const s = (st: any) => [st.stays, st.median, st.p75, st.p90, st.max].map(v);
    const row = (key: string) => r.rows.find((x: any) => x.key === key);
    // Closed: 5a 20, 1a 30, 2a 55 (3 Nov – 30 Jan), 8a 115 (15 Sep – 20 Mar). Open at 12 Apr: 1b 20, 2b 35, 3a 45.
    expect(s(row('ALL').closed)).toEqual([4, 30, 55, 115, 115]);
    expect(s(row('ALL').open)).toEqual([3, 35, 45, 45, 45]);
    expect(s(row('TIER_2_TIME_LIMITED').closed)).toEqual([3, 30, 115, 115, 115]);
    expect(s(row('TIER_2_TIME_LIMITED').open)).toEqual([1, 45, 45, 45, 45]);
    expect(s(row('TIER_1_TARGETED_SUPPORT').closed)).toEqual([0, null, null, null, null]);
    expect(s(row('TIER_1_TARGETED_SUPPORT').open)).toEqual([1, 20, 20, 20, 20]);
    expect(s(row('TIER_3_TRANSITIONAL').closed)).toEqual([1, 55, 55, 55, 55]);
    expect(s(row(IDS.pru).closed)).toEqual([3, 30, 55, 55, 55]);
    expect(s(row(IDS.pru).open)).toEqual([1, 45, 45, 45, 45]);
    // The transfer: 2a closed at the PRU, 2b still open at Bridge.
    expect(s(row(IDS.independentAp).closed)).toEqual([1, 115, 115, 115, 115]);
    expect(s(row(IDS.independentAp).open)).toEqual([1, 35, 35, 35, 35]);
    expect(r.rows.map((x: any) => x.group)).toEqual([
      'ALL',
      'TIER',
      'TIER',
      'TIER',
      'PROVIDER',
      'PROVIDER',
      'PROVIDER',
    ]);
  });

  it('reintegration: attempted, sustained, broken down, pending by provider and receiving school; rate beside pending', async () => {
    const r = await run('REINTEGRATION');
    const row = (x: any) => [x.attempted, x.sustained, x.brokenDown, x.pending, x.rate].map(v);
    // P7's return on 5 Jan (first day) broke down; P1's (23 Feb) sustained; P8's (23 Mar) pending.
    expect(row(r.total)).toEqual([3, 1, 1, 1, 0.5]);
    expect(Object.fromEntries(r.byProvider.map((x: any) => [x.key, row(x)]))).toEqual({
      [IDS.independentAp]: [1, 0, 0, 1, null],
      [IDS.pru]: [2, 1, 1, 0, 0.5],
    });
    expect(Object.fromEntries(r.byReceivingSchool.map((x: any) => [x.key, row(x)]))).toEqual({
      [IDS.secondaryA]: [1, 1, 0, 0, 1],
      [IDS.academyA]: [2, 0, 1, 1, 0],
    });
  });

  it('school movement profile: moves per 100, exclusions, directions, disproportionality, M1 and M2', async () => {
    const r = await run('SCHOOL_MOVEMENT_PROFILE');
    expect([r.year10Census, r.year11Census]).toEqual(['2025-01-16', '2026-01-15']);
    expect(r.schools.map((s: any) => s.name)).toEqual([
      'Hillside Secondary',
      'Meadow Primary',
      'Oak Special School',
      'Riverside Academy',
    ]);
    const hill = r.schools[0];
    // P1, P3 (LA placement after Hillside excluded them) and P5; 2b is a transfer, not a move from a school.
    expect(
      [
        hill.pupilsMovedToAp,
        hill.movedPer100OnRoll,
        hill.permanentExclusions,
        hill.offSiteDirections,
        hill.pupilsOnRollInPeriod,
      ].map(v),
    ).toEqual([3, 0.3, 1, 1, 6]);
    const dp = Object.fromEntries(
      hill.disproportionality.map((x: any) => [
        x.characteristic,
        [x.movedWith, x.movedShare, x.rollWith, x.rollShare, x.ratio].map(v),
      ]),
    );
    // Roll in the period: P1, P3, P4, P5, P11, P13. SEN support 1 of 3 moved vs 1 of 6 on roll = 2; FSM 1/3 vs 2/6 = 1.
    expect(dp.SEN_SUPPORT).toEqual([1, 1 / 3, 1, 1 / 6, 2]);
    expect(dp.FSM[4]).toBeCloseTo(1, 10);
    expect(dp.EHCP).toEqual([0, 0, 0, 0, null]);
    expect(
      [hill.unexplainedExitCandidates, hill.year10Cohort, hill.year11RollLosses, hill.year11RollLossRate].map(v),
    ).toEqual([1, 3, 1, 1 / 3]);
    expect(hill.unexplainedExitsByCategory).toEqual([
      { category: 'CME_OR_UNKNOWN', count: { value: 1, suppressed: false } },
    ]);
    const river = r.schools[3];
    // No moves (P2's 2b is a transfer), P7's exclusion was reinstated; P9 (EHE) unexplained, P10 (moved away) explained, P5's subsidiary ignored.
    expect(
      [
        river.pupilsMovedToAp,
        river.movedPer100OnRoll,
        river.permanentExclusions,
        river.pupilsOnRollInPeriod,
        river.unexplainedExitCandidates,
      ].map(v),
    ).toEqual([0, 0, 0, 5, 1]);
    expect(river.unexplainedExitsByCategory.map((c: any) => c.category)).toEqual(['ELECTIVE_HOME_EDUCATION']);
    expect(river.disproportionality.find((x: any) => x.characteristic === 'EHCP').rollShare.value).toBe(0.2);
    expect(river.disproportionality.find((x: any) => x.characteristic === 'EHCP').ratio.value).toBeNull();
    // P13 left Riverside for Hillside between the censuses: a loss for Riverside, not in Hillside's Year 10 cohort.
    expect([river.year10Cohort, river.year11RollLosses].map(v)).toEqual([1, 1]);
    // Meadow's only pupil is homed in LA 372 (looked after): characteristics of cross-border pupils still count.
    const only = await run('SCHOOL_MOVEMENT_PROFILE', { f: { phase: 'PRIMARY' } });
    expect(only.schools.map((s: any) => s.name)).toEqual(['Meadow Primary']);
    const lac = only.schools[0].disproportionality.find((x: any) => x.characteristic === 'LOOKED_AFTER');
    expect([only.schools[0].pupilsOnRollInPeriod, lac.rollWith, lac.rollShare, lac.ratio].map(v)).toEqual([
      1,
      1,
      1,
      null,
    ]);
  });

  it('provider scorecard: reintegration, post-16, stays against tier, reviews on time, open flags; no data yet is not zero', async () => {
    const r = await run('PROVIDER_SCORECARD');
    expect(r.providers.map((p: any) => p.name)).toEqual([
      'Bridge Independent AP',
      'City Boxing Academy',
      'Northside PRU',
      'Pathways Mentoring',
    ]);
    const [bridge, boxing, pru, pathways] = r.providers;
    expect([pru.placementsStarted, pru.outreachEpisodes].map(v)).toEqual([3, 0]);
    expect([pru.reintegration.attempted, pru.reintegration.rate].map(v)).toEqual([2, 0.5]);
    expect([pru.post16.leavers, pru.post16.eet, pru.post16.neet, pru.post16.eetRate].map(v)).toEqual([1, 0, 1, 0]);
    const stay = (p: any, t: string) => {
      const x = p.stayLengths.find((s: any) => s.tier === t);
      return [x.closed.stays, x.closed.median, x.closed.max, x.overPlannedEnd].map(v);
    };
    expect(stay(pru, 'TIER_2_TIME_LIMITED')).toEqual([2, 20, 30, 0]);
    // 2a ran to 30 Jan against a planned end of 16 Jan.
    expect(stay(pru, 'TIER_3_TRANSITIONAL')).toEqual([1, 55, 55, 1]);
    // Reviews due in the period: 2a on 30 Jan (missed), 3a on 9 Mar (reviewed 27 Feb).
    expect([pru.reviews.due, pru.reviews.onTime, pru.reviews.late, pru.reviews.onTimeRate].map(v)).toEqual([
      2, 1, 1, 0.5,
    ]);
    expect(pru.openFlags.map((f: any) => [f.severity, f.count.value])).toEqual([
      ['CRIT', 0],
      ['HIGH', 1],
      ['MED', 1],
      ['INFO', 0],
    ]);
    expect(v(pru.openFlagsTotal)).toBe(2);
    // Bridge: 2b due 23 Mar (missed); 8a due 26 Jan and 2 Mar, reviewed 12 Jan and on 2 Mar itself.
    expect([bridge.reviews.due, bridge.reviews.onTime, bridge.reviews.late].map(v)).toEqual([3, 2, 1]);
    expect(bridge.reviews.onTimeRate.value).toBeCloseTo(2 / 3, 10);
    expect([bridge.reintegration.pending, bridge.reintegration.rate].map(v)).toEqual([1, null]);
    expect(bridge.post16.eetRate.value).toBeNull();
    expect([pathways.placementsStarted, pathways.outreachEpisodes].map(v)).toEqual([1, 1]);
    expect(v(boxing.placementsStarted)).toBe(0);
    for (const p of r.providers) {
      expect(p.attendance).toMatchObject({ status: 'NO_DATA_YET', value: null });
      expect(p.attainment).toMatchObject({ status: 'NO_DATA_YET', value: null });
    }
  });

  it("fair access: time to place is judged against the LA's allocation target, with its override (threshold table)", async () => {
    const SET = `mutation($v: Float!) { setThresholdOverride(key: "fairAccessAllocationSchoolDays", value: $v, reason: "Local target") { value } }`;
    expect((await run('FAIR_ACCESS')).targetSchoolDays).toBe(20);
    // R1 took 8 school days and R2 21: a target of 8 keeps R1 within it, 7 does not.
    expect((await ctx.api.gql(ctx.world.tokens.laOfficer, SET, { v: 8 })).errors).toBeUndefined();
    const at8 = await run('FAIR_ACCESS');
    expect([at8.targetSchoolDays, v(at8.placedWithinTarget)]).toEqual([8, 1]);
    expect((await ctx.api.gql(ctx.world.tokens.laOfficer, SET, { v: 7 })).errors).toBeUndefined();
    const at7 = await run('FAIR_ACCESS');
    expect([at7.targetSchoolDays, v(at7.placedWithinTarget), v(at7.withinTargetRate)]).toEqual([7, 0, 0]);
    expect((await ctx.api.gql(ctx.world.tokens.laOfficer, SET, { v: 20 })).errors).toBeUndefined();
    expect((await run('FAIR_ACCESS')).targetSchoolDays).toBe(20);
  });

  it('fair access: referrals and outcomes, time to place against 20 school days, fair share, refusals and directions', async () => {
    const r = await run('FAIR_ACCESS');
    expect([r.referrals, r.agreedToConsider, r.placed, r.placedWithinTarget, r.withinTargetRate].map(v)).toEqual([
      3, 2, 2, 1, 0.5,
    ]);
    expect(
      Object.fromEntries(r.outcomes.filter((o: any) => o.count.value > 0).map((o: any) => [o.key, o.count.value])),
    ).toEqual({ OPEN: 1, ALLOCATED: 1, ADMITTED: 1 });
    // R1: agreed 8 Jan, allocated 20 Jan = 8 school days; R2: agreed 12 Jan, allocated 10 Feb = 21.
    expect([r.timeToPlace.stays, r.timeToPlace.median, r.timeToPlace.p90, r.timeToPlace.max].map(v)).toEqual([
      2, 8, 21, 21,
    ]);
    expect([r.timeToAdmit.stays, r.timeToAdmit.median].map(v)).toEqual([1, 18]);
    expect([r.refusals, r.refusalsOnForbiddenGrounds, r.directionsRequested, r.directed].map(v)).toEqual([1, 1, 1, 1]);
    expect(r.schools.map((s: any) => s.name)).toEqual(['Hillside Secondary', 'Meadow Primary', 'Riverside Academy']);
    const river = r.schools[2];
    expect([river.admissions, river.admissionShare].map(v)).toEqual([1, 1]);
    expect(river.fairShare.value).toBeCloseTo(1200 / 2200, 10);
    expect(river.ratioToFairShare.value).toBeCloseTo(2200 / 1200, 10);
    expect([r.schools[0].refusals, r.schools[0].directionsRequested, r.schools[0].ratioToFairShare].map(v)).toEqual([
      1, 1, 0,
    ]);
    expect(r.schools[1].ratioToFairShare.value).toBeNull();
  });
});
