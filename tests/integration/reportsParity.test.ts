import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { IDS } from '../support/fixtures';
import { place, pupil, Q } from '../support/reports';
import { useApiWorld } from '../support/apiWorld';
import { Rng } from '../../src/demo/random';
import { addDays } from '../../src/domain/dates';
import { yearGroupFor } from '../../src/domain/academicYear';
import { loadBankHolidays, parseSheffieldTermDatesJson, SchoolCalendar } from '../../src/domain/calendar';
import { classifyStay } from '../../src/domain/reports/stayLengths';
import { distribution } from '../../src/domain/reports/percentiles';
import { reviewTimeliness } from '../../src/domain/reports/reviewTimeliness';

/**
 * The reports rank and count in SQL for speed (school days from an array of the LA calendar's running
 * count, percentile_disc, year groups by date arithmetic, reviews through a compact encoding). This
 * checks them against the pure domain functions on random placements, so the two cannot drift apart.
 */
describe('oversight reports: SQL equals the domain functions on random data', () => {
  const cal = new SchoolCalendar(
    loadBankHolidays(),
    parseSheffieldTermDatesJson(
      JSON.parse(readFileSync('data/reference/sheffield_la_term_dates_2025_2028.json', 'utf8')),
    ),
  );
  const made: {
    tier: string;
    providerId: string;
    startDate: string;
    endDate: string | null;
    dob: string;
    reviews: string[];
  }[] = [];
  const PROVIDERS = [IDS.pru, IDS.independentAp, IDS.unregUkprn];
  const TIERS = ['TIER_1_TARGETED_SUPPORT', 'TIER_2_TIME_LIMITED', 'TIER_3_TRANSITIONAL'] as const;

  const ctx = useApiWorld({
    setup: async (world) => {
      const rng = new Rng(5);
      for (let i = 0; i < 90; i++) {
        // Birthdays around the 31 August / 1 September boundary and 29 February included.
        const dob = rng.pick(['2010-08-31', '2010-09-01', '2012-02-29', '2011-12-31', '2009-01-01', '2013-06-15']);
        const pupilId = await pupil(world.prisma, { dob });
        const startDate = addDays('2025-06-01', rng.int(0, 420));
        const endDate = rng.chance(0.3) ? null : addDays(startDate, rng.int(0, 300));
        const tier = rng.pick(TIERS);
        const providerId = rng.pick(PROVIDERS);
        const id = await place(world.prisma, {
          pupilId,
          providerId,
          reason: 'HEALTH_NEEDS',
          legalBasis: 'S19_HEALTH',
          tier,
          start: startDate,
          plannedEnd: addDays(startDate, 60),
          end: endDate ?? undefined,
          destination: endDate ? 'NEET' : undefined,
          hours: 10,
        });
        const reviews = [1, 2, 3]
          .map(() => addDays(startDate, rng.int(10, 200)))
          .filter((r) => !endDate || r <= endDate);
        for (const r of new Set(reviews))
          await world.prisma.placementReview.create({
            data: { placementId: id, reviewDate: new Date(`${r}T00:00:00Z`), outcome: 'CONTINUE', notes: 'x' },
          });
        made.push({ tier, providerId, startDate, endDate, dob, reviews: [...new Set(reviews)] });
      }
    },
  });

  const FROM = '2025-09-01';
  const TO = '2026-08-31';
  const run = async (q: string, vars: Record<string, unknown>) => {
    const r = await ctx.api.gql(ctx.world.tokens.laOfficer, q, vars);
    expect(r.errors).toBeUndefined();
    return r.data!.r;
  };
  const stats = (s: any) => ({
    n: s.stays.value,
    median: s.median.value,
    p75: s.p75.value,
    p90: s.p90.value,
    max: s.max.value,
  });

  it('stay lengths: school days and nearest-rank percentiles as classifyStay and distribution compute them', async () => {
    const r = await run(Q.STAY_LENGTHS, { p: { academicYear: '2025-26' } });
    const stays = made.flatMap((m) => {
      const c = classifyStay(cal, m, FROM, TO, TO);
      return c ? [{ ...c, tier: m.tier, providerId: m.providerId }] : [];
    });
    const expectRow = (key: string, pick: (s: (typeof stays)[number]) => boolean) => {
      const row = r.rows.find((x: any) => x.key === key);
      for (const kind of ['CLOSED', 'OPEN'] as const) {
        const d = distribution(stays.filter((s) => s.kind === kind && pick(s)).map((s) => s.schoolDays));
        expect(stats(row[kind.toLowerCase()]), `${key} ${kind}`).toEqual(d);
      }
    };
    expectRow('ALL', () => true);
    for (const t of TIERS) expectRow(t, (s) => s.tier === t);
    for (const p of PROVIDERS) expectRow(p, (s) => s.providerId === p);
    expect(stays.filter((s) => s.kind === 'CLOSED').length).toBeGreaterThan(20);
    expect(stays.filter((s) => s.kind === 'OPEN').length).toBeGreaterThan(5);
  });

  it('provider scorecard: closed stays per tier and reviews due and on time as the domain functions count them', async () => {
    const r = await run(Q.PROVIDER_SCORECARD, { p: { academicYear: '2025-26' } });
    for (const p of PROVIDERS) {
      const row = r.providers.find((x: any) => x.providerId === p);
      for (const t of TIERS) {
        const days = made
          .filter((m) => m.providerId === p && m.tier === t && m.endDate && m.endDate >= FROM && m.endDate <= TO)
          .map((m) => cal.schoolDaysBetween(m.startDate, m.endDate!));
        expect(stats(row.stayLengths.find((s: any) => s.tier === t).closed), `${p} ${t}`).toEqual(distribution(days));
      }
      let due = 0;
      let onTime = 0;
      for (const m of made.filter(
        (x) => x.providerId === p && x.startDate <= TO && (x.endDate === null || x.endDate >= FROM),
      )) {
        const t = reviewTimeliness(
          cal,
          { startDate: m.startDate, endDate: m.endDate, reviewDates: m.reviews },
          FROM,
          TO,
        );
        due += t.due;
        onTime += t.onTime;
      }
      expect([row.reviews.due.value, row.reviews.onTime.value], p).toEqual([due, onTime]);
    }
  });

  it('movement summary: year groups on the movement date as yearGroupFor computes them', async () => {
    const r = await run(Q.MOVEMENT_SUMMARY, { p: { academicYear: '2025-26' } });
    const counts = new Map<string, number>();
    for (const m of made.filter((x) => x.startDate >= FROM && x.startDate <= TO)) {
      const yg = yearGroupFor(m.dob, '2025-26');
      const key = yg === null ? 'NOT_SCHOOL_AGE' : yg === 0 ? 'R' : `Y${yg}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    const rows = r.breakdowns.find((b: any) => b.dimension === 'YEAR_GROUP').rows;
    expect(Object.fromEntries(rows.map((x: any) => [x.key, x.entries.value]))).toEqual(Object.fromEntries(counts));
  });
});
