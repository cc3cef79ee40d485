import type { Destination } from '../generated/prisma/enums';
import type { Ctx, PupilRec } from './context';
import { enrolmentOn, isFree, schoolInfo } from './context';
import { addDays, maxDate, randomSchoolDay, schoolDaysBefore } from './dates';
import { runChain, finish, yearGroupOn, hoursFor, type Episode, type EpisodeResult } from './episodeKit';
import { awaitingPlaceEpisode, laEpisode, lookedAfterEpisode, pexEpisode, type LaKindName } from './laEpisodes';
import type { Rng } from './random';
import { latestEnd } from './reintegrations';
import { clusterEpisode, schoolEpisode, type SchoolKind } from './schoolEpisodes';
import { DEMO_SECONDARY_URN } from './users';

/** Decides who is in AP, when and why, so that about 150 pupils are in AP today with two years of history behind them. */

type Kind = 'PEX' | SchoolKind | LaKindName | 'AWAITING';

// [kind, min, max] distinct pupils in AP today (plus the U1 cluster of 6 and the U2 pupil).
const ACTIVE: readonly (readonly [Kind, number, number])[] = [
  ['PEX', 10, 13],
  ['OFFSITE', 16, 20],
  ['TIER1', 28, 34],
  ['TIER2', 32, 38],
  ['HEALTH', 14, 18],
  ['EHCP', 12, 16],
  ['OTHER_SCHOOL', 4, 6],
  ['OTHER_LA', 4, 6],
  ['AWAITING', 2, 3],
];
const HISTORIC: readonly (readonly [Kind, number, number])[] = [
  ['PEX', 3, 5],
  ['OFFSITE', 25, 35],
  ['TIER1', 30, 40],
  ['TIER2', 30, 40],
  ['HEALTH', 20, 28],
  ['EHCP', 4, 7],
  ['OTHER_SCHOOL', 6, 10],
  ['OTHER_LA', 4, 6],
  ['AWAITING', 10, 15],
];
/** Days before today an open episode may have started. */
const ACTIVE_AGE: Record<Kind, readonly [number, number]> = {
  PEX: [35, 330],
  OFFSITE: [5, 100],
  TIER1: [5, 200],
  TIER2: [5, 170],
  HEALTH: [5, 300],
  EHCP: [30, 600],
  OTHER_SCHOOL: [5, 200],
  OTHER_LA: [5, 200],
  AWAITING: [5, 45],
};
/** School days a historic episode lasts. */
const LENGTH: Record<Kind, readonly [number, number]> = {
  PEX: [60, 190],
  OFFSITE: [25, 70],
  TIER1: [20, 90],
  TIER2: [25, 80],
  HEALTH: [20, 120],
  EHCP: [100, 300],
  OTHER_SCHOOL: [25, 70],
  OTHER_LA: [25, 70],
  AWAITING: [10, 40],
};
const YEARS: Record<Kind, readonly [number, number]> = {
  PEX: [6, 11],
  OFFSITE: [7, 11],
  TIER1: [2, 10],
  TIER2: [6, 11],
  HEALTH: [1, 11],
  EHCP: [3, 11],
  OTHER_SCHOOL: [5, 11],
  OTHER_LA: [5, 11],
  AWAITING: [3, 11],
};

function run(ctx: Ctx, rng: Rng, kind: Kind, e: Episode): EpisodeResult {
  switch (kind) {
    case 'PEX':
      return pexEpisode(ctx, rng, e);
    case 'AWAITING':
      return awaitingPlaceEpisode(ctx, rng, e);
    case 'HEALTH':
    case 'EHCP':
    case 'OTHER_LA':
      return laEpisode(ctx, rng, e, kind);
    default:
      return schoolEpisode(ctx, rng, e, kind);
  }
}

class Planner {
  private used = new Set<PupilRec>();
  private cum: number[] = [];
  private pool: PupilRec[];
  constructor(
    private ctx: Ctx,
    private rng: Rng,
  ) {
    const demoSchool = ctx.las.main.schools.find((s) => s.row.urn === DEMO_SECONDARY_URN)!.row.id;
    this.pool = ctx.pupils.filter((p) => p.la === ctx.las.main && p.yearGroupNow <= 11);
    let total = 0;
    for (const p of this.pool) {
      const now = p.enrolments[p.enrolments.length - 1];
      total += p.risk * (now?.schoolId === demoSchool && !now.endDate ? 2.5 : 1);
      this.cum.push(total);
    }
  }

  draw(pred: (p: PupilRec) => boolean, tries = 4000): PupilRec | null {
    const total = this.cum[this.cum.length - 1]!;
    for (let i = 0; i < tries; i++) {
      const r = this.rng.next() * total;
      let lo = 0;
      let hi = this.cum.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (this.cum[mid]! > r) hi = mid;
        else lo = mid + 1;
      }
      const p = this.pool[lo]!;
      if (!this.used.has(p) && pred(p)) {
        this.used.add(p);
        return p;
      }
    }
    return null;
  }

  /** On a mainstream roll from well before `from` until `to` (today: still on it), in the kind's year groups. */
  fits(p: PupilRec, kind: Kind, from: string, to: string | null): boolean {
    const e = enrolmentOn(p, from);
    if (!e || !p.stable || e.startDate > addDays(from, -10)) return false;
    if (to === null ? e.endDate != null : e.endDate != null && e.endDate < to) return false;
    const k = schoolInfo(p.la, e.schoolId).kind;
    const yg = yearGroupOn(p, from);
    const [lo, hi] = YEARS[kind];
    if ((k !== 'PRIMARY' && k !== 'SECONDARY') || yg < lo || yg > hi) return false;
    if (kind === 'EHCP' && p.row.senStatus !== 'EHCP') return false;
    return isFree(p, { start: addDays(from, -10), end: to ?? '9999-12-31' });
  }

  active(kind: Kind): boolean {
    const { ctx, rng } = this;
    const cal = ctx.las.main.cal;
    const [minAge, maxAge] = ACTIVE_AGE[kind];
    if (kind === 'AWAITING') {
      const since = addDays(ctx.today, -maxAge);
      const p = this.draw(
        (x) =>
          !!x.arrivedOn &&
          x.arrivedOn >= since &&
          x.arrivedOn <= addDays(ctx.today, -minAge) &&
          x.enrolments.length === 1 &&
          !x.enrolments[0]!.endDate &&
          yearGroupOn(x, x.arrivedOn) >= 3,
      );
      return !!p && run(ctx, rng, kind, { pupil: p, start: p.arrivedOn!, end: null }).placements.length > 0;
    }
    if (kind !== 'EHCP' && kind !== 'TIER1' && rng.chance(0.12) && this.reentry(kind)) return true;
    const start = randomSchoolDay(rng, cal, addDays(ctx.today, -maxAge), addDays(ctx.today, -minAge));
    const p = start && this.draw((x) => this.fits(x, kind, start, null));
    return !!p && run(ctx, rng, kind, { pupil: p, start: start!, end: null }).placements.some((x) => !x.endDate);
  }

  /** A return to school that broke down, then AP again (rule R1's "failed reintegration"). */
  private reentry(kind: Kind): boolean {
    const { ctx, rng } = this;
    const cal = ctx.las.main.cal;
    const first = randomSchoolDay(rng, cal, addDays(ctx.historyStart, 10), addDays(ctx.today, -300));
    const p = first && this.draw((x) => this.fits(x, 'TIER2', first, null) && this.fits(x, kind, first, null));
    if (!p || !first) return false;
    const end = cal.nthSchoolDayFrom(first, rng.int(30, 50));
    const r = schoolEpisode(
      ctx,
      rng,
      { pupil: p, start: first, end, destination: 'MAINSTREAM_SCHOOL', forceBreakdown: true },
      rng.chance(0.5) ? 'TIER2' : 'OFFSITE',
    );
    if (!r.brokeDownOn) return false;
    const again = cal.nthSchoolDayFrom(r.brokeDownOn, rng.int(5, 15));
    if (again > addDays(ctx.today, -5)) return false;
    return run(ctx, rng, kind, { pupil: p, start: again, end: null }).placements.some((x) => !x.endDate);
  }

  historic(kind: Kind, destination?: Destination): void {
    const { ctx, rng } = this;
    const cal = ctx.las.main.cal;
    const len = rng.int(LENGTH[kind][0], LENGTH[kind][1]);
    if (kind === 'AWAITING') {
      const p = this.draw(
        (x) =>
          !!x.arrivedOn &&
          x.arrivedOn >= addDays(ctx.historyStart, 5) &&
          x.arrivedOn <= addDays(ctx.today, -90) &&
          x.enrolments.length === 1 &&
          !x.enrolments[0]!.endDate &&
          yearGroupOn(x, x.arrivedOn) >= 3,
      );
      if (p) run(ctx, rng, kind, { pupil: p, start: p.arrivedOn!, end: cal.nthSchoolDayFrom(p.arrivedOn!, len) });
      return;
    }
    const latest = addDays(ctx.today, -30 - Math.ceil(len * 1.6));
    const start = randomSchoolDay(rng, cal, addDays(ctx.historyStart, 5), latest);
    if (!start) return;
    const end = cal.nthSchoolDayFrom(start, len);
    const p = this.draw(
      (x) =>
        end <= latestEnd(ctx, x) &&
        this.fits(x, kind, start, end) &&
        (!destination || enrolmentOn(x, start)?.endDate == null),
    );
    if (p) run(ctx, rng, kind, { pupil: p, start, end, destination });
  }

  /** Year 11 leavers whose last months were in AP, ending in a post-16 destination. */
  leaver(p: PupilRec, destination?: Destination): void {
    const { ctx, rng } = this;
    const roll = p.enrolments[p.enrolments.length - 1];
    if (!roll?.endDate) return;
    const ehcp = p.row.senStatus === 'EHCP';
    const kind = rng.weighted<Kind>([
      ['PEX', 15],
      ['TIER2', 45],
      ['HEALTH', 10],
      ['OFFSITE', 15],
      ['OTHER_SCHOOL', 15],
      ['EHCP', ehcp ? 15 : 0],
    ]);
    const len = rng.int(40, kind === 'PEX' ? 150 : 100);
    const start = maxDate(
      schoolDaysBefore(p.la.cal, roll.endDate, len),
      p.la.cal.nextSchoolDayOnOrAfter(addDays(maxDate(ctx.historyStart, roll.startDate), 15)),
    );
    if (start >= roll.endDate) return;
    this.used.add(p);
    run(ctx, rng, kind, {
      pupil: p,
      start,
      end: roll.endDate,
      destination: destination ?? (rng.chance(0.75) ? 'POST16_EET' : 'NEET'),
    });
  }

  /** Five or more pupils of compulsory school age full-time at one unregistered provider (U1), and a looked-after child (U2). */
  unregisteredFullTime(): void {
    const { ctx, rng } = this;
    const cal = ctx.las.main.cal;
    const demoSchool = ctx.las.main.schools.find((s) => s.row.urn === DEMO_SECONDARY_URN)!.row.id;
    for (let i = 0; i < 6; i++) {
      const start = randomSchoolDay(rng, cal, addDays(ctx.today, -110), addDays(ctx.today, -15))!;
      const ok = (x: PupilRec) =>
        x.yearGroupNow >= 8 &&
        x.yearGroupNow <= 10 &&
        !x.row.lookedAfter &&
        x.row.senStatus !== 'EHCP' &&
        this.fits(x, 'TIER2', start, null);
      const p = this.draw((x) => ok(x) && (i >= 2 || enrolmentOn(x, start)?.schoolId === demoSchool)) ?? this.draw(ok);
      if (p) clusterEpisode(ctx, rng, { pupil: p, start, end: null }, i % 3 !== 1);
    }
    const start = randomSchoolDay(rng, cal, addDays(ctx.today, -90), addDays(ctx.today, -20))!;
    const young = (x: PupilRec) => x.yearGroupNow >= 7 && x.yearGroupNow <= 10 && this.fits(x, 'TIER2', start, null);
    const lac = this.draw((x) => !!x.row.lookedAfter && young(x)) ?? this.draw(young);
    if (lac) {
      lac.row.lookedAfter = true;
      lookedAfterEpisode(ctx, rng, { pupil: lac, start, end: null });
    }
  }

  /** A permanent exclusion the governors overturned: day-6 provision until the pupil went back. */
  reinstated(): void {
    const { ctx, rng } = this;
    const start = randomSchoolDay(rng, ctx.las.main.cal, addDays(ctx.historyStart, 10), addDays(ctx.today, -120));
    const p = start && this.draw((x) => this.fits(x, 'PEX', start, null));
    if (p && start) pexEpisode(ctx, rng, { pupil: p, start, end: null }, { reinstated: true });
  }

  /** A recent permanent exclusion with no provision arranged yet (rule E3). */
  pexWithoutProvision(): void {
    const { ctx, rng } = this;
    const start = schoolDaysBefore(ctx.las.main.cal, ctx.today, rng.int(7, 12));
    const p = this.draw((x) => this.fits(x, 'PEX', start, null) && yearGroupOn(x, start) >= 8);
    if (p) pexEpisode(ctx, rng, { pupil: p, start, end: null }, { noProvision: true });
  }
}

/** A few school-commissioned placements in the second LA, for scope tests. */
function otherLa(ctx: Ctx, rng: Rng): void {
  const la = ctx.las.other;
  const provider = ctx.provider(la, 'OTHER_LA');
  const pupils = ctx.pupils
    .filter((p) => p.la === la && p.yearGroupNow >= 8 && p.enrolments.length === 1 && !p.enrolments[0]!.endDate)
    .slice(0, 4);
  pupils.forEach((p, i) => {
    const historic = i === 3;
    const start = randomSchoolDay(
      rng,
      la.cal,
      maxDate(addDays(p.enrolments[0]!.startDate, 10), addDays(ctx.today, historic ? -400 : -150)),
      addDays(ctx.today, historic ? -200 : -20),
    );
    if (!start) return;
    const e: Episode = { pupil: p, start, end: historic ? la.cal.nthSchoolDayFrom(start, 40) : null };
    const spec = {
      provider,
      commissioner: 'SCHOOL' as const,
      commissioningSchoolId: p.enrolments[0]!.schoolId,
      reason: 'BEHAVIOUR_EARLY_INTERVENTION' as const,
      tier: 'TIER_2_TIME_LIMITED' as const,
      hours: hoursFor(rng, provider),
      plannedEnd: la.cal.nthSchoolDayFrom(start, 45),
      startActor: la.officer,
    };
    const placements = runChain(ctx, rng, {
      e,
      spec,
      final: e.end
        ? { date: e.end, destination: 'MAINSTREAM_SCHOOL', destinationSchoolId: p.enrolments[0]!.schoolId }
        : undefined,
    });
    finish(ctx, rng, e, placements, p.enrolments[0]);
  });
}

export function buildHistories(ctx: Ctx): void {
  const rng = ctx.rng.fork('histories');
  const plan = new Planner(ctx, rng);
  plan.unregisteredFullTime();
  for (const [kind, min, max] of ACTIVE) {
    const want = rng.int(min, max);
    for (let n = 0, tries = 0; n < want && tries < want * 5; tries++) if (plan.active(kind)) n++;
  }
  // Every destination appears at least once.
  const forced: Partial<Record<Kind, Destination[]>> = {
    TIER2: ['CHILDREN_MISSING_EDUCATION', 'ELECTIVE_HOME_EDUCATION', 'MOVED_OUT_OF_LA', 'ANOTHER_AP', 'OTHER'],
    EHCP: ['SPECIAL_SCHOOL'],
  };
  for (const [kind, min, max] of HISTORIC) {
    const want = rng.int(min, max);
    for (let n = 0; n < want; n++) plan.historic(kind, forced[kind]?.[n]);
  }
  ctx.pupils
    .filter((p) => p.yearGroupNow >= 12)
    .forEach((p, i) => plan.leaver(p, i === 0 ? 'NEET' : i === 1 ? 'POST16_EET' : undefined));
  plan.pexWithoutProvision();
  plan.reinstated();
  plan.reinstated();
  otherLa(ctx, rng);
}
