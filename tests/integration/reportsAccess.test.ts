import { describe, expect, it } from 'vitest';
import { IDS, type World } from '../support/fixtures';
import { buildReportWorld, CSV_QUERY, figuresOf, parseCsv, Q, SPRING_2026 } from '../support/reports';
import { useApiWorld } from '../support/apiWorld';

const REPORTS = Object.keys(Q) as (keyof typeof Q)[];
const varsFor = (report: keyof typeof Q, extra: Record<string, unknown> = {}) =>
  report === 'AP_POPULATION' ? { on: '2026-03-02', ...extra } : { p: SPRING_2026, ...extra };

describe('oversight reports: scope, roles, suppression and CSV export', () => {
  const ctx = useApiWorld({
    setup: async (world) => {
      await buildReportWorld(world.prisma);
    },
  });

  const gql = (who: keyof World['tokens'], report: keyof typeof Q, extra: Record<string, unknown> = {}) =>
    ctx.api.gql(ctx.world.tokens[who], Q[report], varsFor(report, extra));
  const ok = async (who: keyof World['tokens'], report: keyof typeof Q, extra: Record<string, unknown> = {}) => {
    const res = await gql(who, report, extra);
    expect(res.errors, `${who} ${report}`).toBeUndefined();
    return res.data!.r;
  };
  const csvOf = async (who: keyof World['tokens'], report: keyof typeof Q, extra: Record<string, unknown> = {}) => {
    const res = await ctx.api.gql(ctx.world.tokens[who], CSV_QUERY, { r: report, ...varsFor(report, extra) });
    expect(res.errors, `${who} ${report} csv`).toBeUndefined();
    return res.data!.reportCsv;
  };

  it('another LA never appears: LA 372 sees only its own movements, providers and referrals', async () => {
    const b = await ok('laOfficerB', 'MOVEMENT_SUMMARY');
    // LA 372's world: one placement starting 2 Mar and one ending 6 Feb at Valley Farm Project.
    expect([b.entries.value, b.exits.value]).toEqual([1, 1]);
    expect(b.breakdowns.find((x: any) => x.dimension === 'PROVIDER').rows.map((r: any) => r.key)).toEqual([IDS.unregB]);
    const card = await ok('laOfficerB', 'PROVIDER_SCORECARD');
    expect(card.providers.map((p: any) => p.providerId)).toEqual([IDS.unregB]);
    expect(card.providers[0].openFlags.find((f: any) => f.severity === 'CRIT').count.value).toBe(1);
    const reint = await ok('laOfficerB', 'REINTEGRATION');
    expect(reint.total.attempted.value).toBe(1);
    expect((await ok('laOfficerB', 'SCHOOL_MOVEMENT_PROFILE')).schools.map((s: any) => s.schoolId)).toEqual([
      IDS.secondaryB,
    ]);
    expect((await ok('laOfficerB', 'FAIR_ACCESS')).referrals.value).toBe(1);
    // LA 373 naming LA 372's provider or school as a filter gets nothing of it.
    const a = await ok('laOfficer', 'MOVEMENT_SUMMARY', { f: { providerId: IDS.unregB } });
    expect([a.entries.value, a.exits.value]).toEqual([0, 0]);
    expect((await ok('laOfficer', 'PROVIDER_SCORECARD', { f: { providerId: IDS.unregB } })).providers).toEqual([]);
    expect((await ok('laOfficer', 'SCHOOL_MOVEMENT_PROFILE', { f: { schoolId: IDS.secondaryB } })).schools).toEqual([]);
    expect((await ok('laOfficer', 'AP_POPULATION', { f: { providerId: IDS.unregB } })).placements.value).toBe(0);
    // And nothing of LA 373 in any LA 372 answer.
    for (const report of REPORTS) {
      const text = JSON.stringify(await ok('laOfficerB', report));
      for (const id of [IDS.pru, IDS.independentAp, IDS.unregUkprn, IDS.secondaryA, IDS.academyA, IDS.laA])
        expect(text, report).not.toContain(id);
    }
  });

  it('roles: LA officers and analysts run every report; providers and schools only their own row; panel members none', async () => {
    for (const report of REPORTS) {
      expect((await gql('panel', report)).errors?.[0]?.extensions?.code, report).toBe('FORBIDDEN');
      expect((await ctx.api.gql(null, Q[report], varsFor(report))).errors?.[0]?.extensions?.code).toBe(
        'UNAUTHENTICATED',
      );
      await ok('analyst', report);
    }
    const own = await ok('pruStaff', 'PROVIDER_SCORECARD');
    expect(own.providers.map((p: any) => p.providerId)).toEqual([IDS.pru]);
    expect(own.meta.suppressed).toBe(false);
    expect(
      (await gql('pruStaff', 'PROVIDER_SCORECARD', { f: { providerId: IDS.independentAp } })).errors?.[0]?.extensions
        ?.code,
    ).toBe('FORBIDDEN');
    expect((await gql('pruStaff', 'MOVEMENT_SUMMARY')).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const school = await ok('secondaryStaff', 'SCHOOL_MOVEMENT_PROFILE');
    expect(school.schools.map((s: any) => s.schoolId)).toEqual([IDS.secondaryA]);
    expect(school.schools[0].pupilsMovedToAp.value).toBe(3);
    expect(
      (await gql('secondaryStaff', 'SCHOOL_MOVEMENT_PROFILE', { f: { schoolId: IDS.academyA } })).errors?.[0]
        ?.extensions?.code,
    ).toBe('FORBIDDEN');
    expect((await gql('secondaryStaff', 'STAY_LENGTHS')).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // Report runs are audited.
    expect(
      await ctx.world.prisma.auditEvent.count({
        where: { actorId: IDS.users.analyst, operation: 'report.query.MOVEMENT_SUMMARY' },
      }),
    ).toBeGreaterThan(0);
  });

  it('suppression: analysts always get small counts hidden with a marker, and the rates built from them; LA officers exact', async () => {
    const exact = await ok('laOfficer', 'MOVEMENT_SUMMARY');
    const hidden = await ok('analyst', 'MOVEMENT_SUMMARY');
    expect(hidden.meta).toMatchObject({ suppressed: true, suppressionThreshold: 5 });
    // 5 entries are shown; 4 exits, 1 transfer, 4 new to AP are below 5.
    expect(hidden.entries).toEqual({ value: 5, suppressed: false });
    expect([hidden.exits, hidden.transfersIn, hidden.newToAp]).toEqual(
      Array(3).fill({ value: null, suppressed: true }),
    );
    expect(exact.exits).toEqual({ value: 4, suppressed: false });
    // Zero is shown: it identifies nobody.
    const tier1 = hidden.breakdowns
      .find((b: any) => b.dimension === 'TIER')
      .rows.find((r: any) => r.key === 'TIER_1_TARGETED_SUPPORT');
    expect(tier1).toMatchObject({ entries: { value: null, suppressed: true }, exits: { value: 0, suppressed: false } });
    // A rate built from hidden counts is hidden too (PRU: 1 sustained, 1 broken down).
    const reint = await ok('analyst', 'REINTEGRATION');
    expect(reint.total.rate).toEqual({ value: null, suppressed: true });
    // An LA officer's export marked for sharing is suppressed like an analyst's.
    const shared = await ok('laOfficer', 'MOVEMENT_SUMMARY', { s: true });
    expect(shared.meta.suppressed).toBe(true);
    expect(figuresOf(shared)).toEqual(figuresOf(hidden));
  });

  it('secondary suppression: a hidden cell cannot be recovered from its row total (threshold configurable)', async () => {
    process.env.REPORT_SUPPRESSION_THRESHOLD = '3';
    try {
      const r = await ok('analyst', 'MOVEMENT_SUMMARY');
      expect(r.meta.suppressionThreshold).toBe(3);
      expect([r.entries, r.exits]).toEqual([
        { value: 5, suppressed: false },
        { value: 4, suppressed: false },
      ]);
      // 1 transfer is below 3; 4 new to AP would give it away (5 − 4), so it is hidden too.
      expect([r.transfersIn, r.newToAp]).toEqual([
        { value: null, suppressed: true },
        { value: null, suppressed: true },
      ]);
      const rows = (d: string) =>
        Object.fromEntries(r.breakdowns.find((b: any) => b.dimension === d).rows.map((x: any) => [x.key, x.entries]));
      // Entries by commissioner: LA 2 (< 3) and Hillside 3, which would reveal it from the total of 5.
      expect(rows('COMMISSIONING_SCHOOL')).toEqual({
        LA: { value: null, suppressed: true },
        [IDS.secondaryA]: { value: null, suppressed: true },
      });
      // Tiers 1, 3, 1: two cells are hidden already, so tier 2's 3 stays visible.
      expect(rows('TIER').TIER_2_TIME_LIMITED).toEqual({ value: 3, suppressed: false });
      // Sex: F 4, M 1 → M hidden, so F must be too.
      expect(rows('SEX')).toEqual({ F: { value: null, suppressed: true }, M: { value: null, suppressed: true } });
      // For every dimension, no row has exactly one hidden cell against a visible total.
      for (const b of r.breakdowns) {
        const cells = b.rows.map((x: any) => (b.dimension === 'DESTINATION' ? x.exits : x.entries));
        expect(cells.filter((c: any) => c.suppressed).length, b.dimension).not.toBe(1);
      }
    } finally {
      delete process.env.REPORT_SUPPRESSION_THRESHOLD;
    }
  });

  it('CSV export of every report equals the query, figure for figure, for exact and suppressed output', async () => {
    for (const who of ['laOfficer', 'analyst'] as const) {
      for (const report of REPORTS) {
        const query = await ok(who, report);
        const file = await csvOf(who, report);
        expect(file).toMatchObject({ report, contentType: 'text/csv; charset=utf-8', suppressed: who === 'analyst' });
        const rows: Record<string, string>[] = parseCsv(file.csv);
        expect(rows.length).toBe(file.rows);
        const figures = rows
          .filter(
            (r) =>
              r.section !== 'meta' &&
              r.section !== 'census' &&
              r.measure !== 'numberOnRoll' &&
              r.status !== 'not applicable' &&
              !['attendance', 'attainment'].includes(r.measure!),
          )
          .map((r) => r.value!);
        expect(figures.sort(), `${who} ${report}`).toEqual(figuresOf(query).sort());
        expect(rows.find((r) => r.section === 'meta' && r.measure === 'applied')?.value).toBe(
          String(who === 'analyst'),
        );
      }
    }
    // Spot checks by key: the CSV rows carry the same figures in the same places.
    const csv = parseCsv((await csvOf('laOfficer', 'REINTEGRATION')).csv);
    expect(csv.filter((r) => r.section === 'total').map((r) => [r.measure, r.value])).toEqual([
      ['attempted', '3'],
      ['sustained', '1'],
      ['brokenDown', '1'],
      ['pending', '1'],
      ['rate', '0.5'],
    ]);
    const hidden = parseCsv((await csvOf('analyst', 'MOVEMENT_SUMMARY')).csv);
    expect(hidden.find((r) => r.section === 'totals' && r.measure === 'exits')).toMatchObject({
      value: 'c',
      status: 'suppressed',
    });
    const card = parseCsv((await csvOf('laOfficer', 'PROVIDER_SCORECARD')).csv);
    expect(card.find((r) => r.key === IDS.pru && r.measure === 'attendance')).toMatchObject({
      value: '',
      status: 'no data yet',
    });
  });

  it('CSV keeps scope and roles: LA 372 exports only its own data; panel members cannot export', async () => {
    const b = await csvOf('laOfficerB', 'MOVEMENT_SUMMARY');
    expect(b.csv).not.toContain(IDS.pru);
    expect(b.csv).toContain(IDS.unregB);
    expect(
      (await ctx.api.gql(ctx.world.tokens.panel, CSV_QUERY, { r: 'MOVEMENT_SUMMARY', p: SPRING_2026 })).errors?.[0]
        ?.extensions?.code,
    ).toBe('FORBIDDEN');
    const own = await csvOf('pruStaff', 'PROVIDER_SCORECARD');
    expect(own.csv).not.toContain(IDS.independentAp);
    expect(
      await ctx.world.prisma.auditEvent.count({ where: { operation: 'report.csv.PROVIDER_SCORECARD' } }),
    ).toBeGreaterThan(0);
  });
});
