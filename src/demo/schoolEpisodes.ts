import type { ApTier, PlacementReason, PlacementRegistration } from '../generated/prisma/enums';
import type { Ctx, ProviderKey } from './context';
import {
  addCompanion,
  baseRoll,
  chooseDestination,
  destinationFields,
  finish,
  hoursFor,
  isMainstream,
  NONE,
  pickProvider,
  runChain,
  type ChainOpts,
  type DestinationMix,
  type Episode,
  type EpisodeResult,
} from './episodeKit';
import type { PlacementSpec } from './placements';
import type { Rng } from './random';

/** Episodes a school commissions: off-site directions, early intervention (tiers 1 and 2), other needs, the U1 cluster. */

export type SchoolKind = 'OFFSITE' | 'TIER1' | 'TIER2' | 'OTHER_SCHOOL';

interface KindConfig {
  reason: PlacementReason;
  tier: ApTier;
  providers: readonly (readonly [ProviderKey, number])[];
  registration?: PlacementRegistration;
  hours: 'FULL' | 'OUTREACH' | 'PART';
  plannedDays: readonly [number, number] | null;
  mix: DestinationMix;
  extendChance: number;
  transferTo: readonly ProviderKey[];
  companionChance: number;
}

const LEAVING_MIX: DestinationMix = [
  ['MAINSTREAM_SCHOOL', 64],
  ['MAINSTREAM_OTHER', 8],
  ['ANOTHER_AP', 7],
  ['ELECTIVE_HOME_EDUCATION', 6],
  ['MOVED_OUT_OF_LA', 5],
  ['CHILDREN_MISSING_EDUCATION', 2],
  ['OTHER', 4],
];

const KINDS: Record<SchoolKind, KindConfig> = {
  OFFSITE: {
    reason: 'OFF_SITE_DIRECTION',
    tier: 'TIER_2_TIME_LIMITED',
    hours: 'FULL',
    plannedDays: [30, 60],
    extendChance: 0.6,
    companionChance: 0,
    providers: [
      ['PRU', 40],
      ['AP_ACADEMY', 20],
      ['INDEPENDENT_2', 15],
      ['ROWANBANK', 10],
      ['EQUINE', 8],
      ['BOXING', 7],
    ],
    mix: [
      ['MAINSTREAM_SCHOOL', 70],
      ['MAINSTREAM_OTHER', 10],
      ['ANOTHER_AP', 6],
      ['ELECTIVE_HOME_EDUCATION', 5],
      ['MOVED_OUT_OF_LA', 4],
      ['OTHER', 5],
    ],
    transferTo: ['INDEPENDENT_1', 'AP_ACADEMY'],
  },
  TIER1: {
    reason: 'BEHAVIOUR_EARLY_INTERVENTION',
    tier: 'TIER_1_TARGETED_SUPPORT',
    hours: 'OUTREACH',
    plannedDays: null,
    extendChance: 0.2,
    companionChance: 0,
    registration: 'HOME_SCHOOL_ONLY',
    providers: [
      ['PRU', 70],
      ['AP_ACADEMY', 30],
    ],
    mix: [
      ['OTHER', 55],
      ['MAINSTREAM_SCHOOL', 40],
      ['MOVED_OUT_OF_LA', 5],
    ],
    transferTo: [],
  },
  TIER2: {
    reason: 'BEHAVIOUR_EARLY_INTERVENTION',
    tier: 'TIER_2_TIME_LIMITED',
    hours: 'FULL',
    plannedDays: [30, 65],
    extendChance: 0.65,
    companionChance: 0.25,
    providers: [
      ['INDEPENDENT_1', 25],
      ['INDEPENDENT_2', 15],
      ['PRU', 20],
      ['ROWANBANK', 10],
      ['EQUINE', 15],
      ['BOXING', 8],
      ['TUITION', 7],
    ],
    mix: LEAVING_MIX,
    transferTo: ['INDEPENDENT_1', 'PRU', 'EQUINE'],
  },
  OTHER_SCHOOL: {
    reason: 'OTHER',
    tier: 'TIER_2_TIME_LIMITED',
    hours: 'PART',
    plannedDays: [30, 60],
    extendChance: 0.6,
    companionChance: 0.2,
    providers: [
      ['TUITION', 30],
      ['EQUINE', 25],
      ['AP_ACADEMY', 25],
      ['INDEPENDENT_1', 20],
    ],
    mix: LEAVING_MIX,
    transferTo: [],
  },
};

const TIER1_DONE = 'Targeted support completed; the pupil continues full-time at the home school.';

export function schoolEpisode(ctx: Ctx, rng: Rng, e: Episode, kind: SchoolKind): EpisodeResult {
  const cfg = KINDS[kind];
  const p = e.pupil;
  const la = p.la;
  const cal = la.cal;
  const { base, last } = baseRoll(p, e.start);
  if (!base || !isMainstream(p, base)) return NONE;
  const provider = pickProvider(ctx, rng, la, cfg.providers);
  const hours = hoursFor(rng, provider, cfg.hours);
  const plannedEnd = cfg.plannedDays
    ? cal.nthSchoolDayFrom(e.start, rng.int(cfg.plannedDays[0], cfg.plannedDays[1]))
    : cfg.tier === 'TIER_1_TARGETED_SUPPORT' && rng.chance(0.5)
      ? cal.nthSchoolDayFrom(e.start, rng.int(30, 60))
      : null;
  const unregistered = provider.row.kind === 'UNREGISTERED';
  const spec: ChainOpts['spec'] = {
    provider,
    commissioner: 'SCHOOL',
    commissioningSchoolId: base.schoolId,
    reason: cfg.reason,
    tier: cfg.tier,
    hours,
    plannedEnd,
    registration: cfg.registration ?? (rng.chance(0.85) ? 'DUAL_REGISTERED' : 'HOME_SCHOOL_ONLY'),
    extendChance: cfg.extendChance,
    laNotified: !rng.chance(unregistered ? 0.22 : 0.05),
    overdueReviews: !e.end && rng.chance(0.12),
    hoursFrom: !e.end && rng.chance(0.1) ? Math.min(32.5, hours + rng.pick([-5, -2.5, 2.5, 5])) : undefined,
    offSite:
      cfg.reason === 'OFF_SITE_DIRECTION'
        ? {
            noticeSchoolDays: rng.int(2, 5),
            maxPeriod: cal.schoolDaysBetween(e.start, plannedEnd!),
            ehcpNotice: rng.chance(0.8),
          }
        : undefined,
  };
  if (spec.hoursFrom !== undefined && spec.hoursFrom <= 0) spec.hoursFrom = undefined;
  let final: PlacementSpec['end'];
  let transferKey: ProviderKey | undefined;
  if (e.end) {
    let d = chooseDestination(rng, e, cfg.mix, last);
    if (d === 'ANOTHER_AP') {
      transferKey =
        cfg.transferTo.find((k) => k !== provider.key && rng.chance(0.6)) ??
        cfg.transferTo.find((k) => k !== provider.key);
      d = chooseDestination(
        rng,
        { ...e, destination: undefined },
        cfg.mix.filter(([x]) => x !== 'ANOTHER_AP'),
        last,
      );
    }
    const f = destinationFields(rng, p, d, e.end, base.schoolId);
    final = {
      date: e.end,
      ...f,
      detail: kind === 'TIER1' && d === 'OTHER' ? TIER1_DONE : null,
      atReview: rng.chance(0.35),
    };
  } else if (cfg.transferTo.length && rng.chance(0.1)) {
    transferKey = cfg.transferTo.find((k) => k !== provider.key);
  }
  const transfer = transferKey ? ctx.provider(la, transferKey) : null;
  const placements = runChain(ctx, rng, {
    e,
    spec,
    final,
    transfer: transfer
      ? {
          provider: transfer,
          hours: hoursFor(rng, transfer, cfg.hours),
          registration: cfg.registration ?? 'DUAL_REGISTERED',
        }
      : null,
  });
  const main = placements[placements.length - 1]!;
  if (placements.length === 1 && rng.chance(cfg.companionChance)) {
    const other = ctx.provider(la, rng.pick(['EQUINE', 'BOXING', 'TUITION'] as const));
    addCompanion(ctx, rng, e, main, other, {
      commissioner: 'SCHOOL',
      commissioningSchoolId: base.schoolId,
      reason: cfg.reason,
      tier: cfg.tier,
      laNotified: rng.chance(0.7),
    });
  }
  return finish(ctx, rng, e, placements, base);
}

/** One of the pupils full-time (over 18 hours) at the demo unregistered provider (rule U1). */
export function clusterEpisode(ctx: Ctx, rng: Rng, e: Episode, laNotified: boolean): EpisodeResult {
  const p = e.pupil;
  const { base } = baseRoll(p, e.start);
  if (!base || !isMainstream(p, base)) return NONE;
  const provider = ctx.provider(p.la, 'ROWANBANK');
  const reason = rng.chance(0.7) ? ('BEHAVIOUR_EARLY_INTERVENTION' as const) : ('OTHER' as const);
  const placements = runChain(ctx, rng, {
    e,
    spec: {
      provider,
      commissioner: 'SCHOOL',
      commissioningSchoolId: base.schoolId,
      reason,
      tier: 'TIER_2_TIME_LIMITED',
      hours: rng.pick([20, 21, 22.5, 24, 25]),
      plannedEnd: p.la.cal.nthSchoolDayFrom(e.start, rng.int(40, 65)),
      extendChance: 0.5,
      laNotified,
    },
  });
  return finish(ctx, rng, e, placements, base);
}
