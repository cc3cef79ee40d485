import type { ApTier, GovernorOutcome, PlacementReason } from '../generated/prisma/enums';
import type { Ctx, ProviderKey } from './context';
import {
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
import { permanentExclusion } from './exclusions';
import type { PlacementSpec } from './placements';
import type { Rng } from './random';
import { addRoll, endRoll } from './reintegrations';
import { addDays } from './dates';
import type { EnrolmentRow } from './types';

/** Episodes the LA arranges: after a permanent exclusion (s19), for health needs, EHC plans, pupils awaiting a place. */

const PEX_MIX: DestinationMix = [
  ['MAINSTREAM_OTHER', 45],
  ['SPECIAL_SCHOOL', 10],
  ['MOVED_OUT_OF_LA', 8],
  ['ELECTIVE_HOME_EDUCATION', 6],
  ['CHILDREN_MISSING_EDUCATION', 3],
  ['OTHER', 4],
];

/**
 * A permanent exclusion and the LA's day-6 placement. Governors usually uphold it, and the pupil comes off
 * the school's roll once the review window has closed; a reinstated pupil goes back to the school.
 */
export function pexEpisode(
  ctx: Ctx,
  rng: Rng,
  e: Episode,
  opts: { noProvision?: boolean; reinstated?: boolean } = {},
): EpisodeResult {
  const p = e.pupil;
  const cal = p.la.cal;
  const { base: home, last } = baseRoll(p, e.start);
  if (!home || !last || !isMainstream(p, home)) return NONE;
  const force: GovernorOutcome = opts.reinstated ? 'REINSTATED' : 'UPHELD';
  const ex = permanentExclusion(ctx, rng, p, home.schoolId, e.start, force);
  const six = ex.daySixDate!;
  p.busy.push({ start: e.start, end: opts.noProvision ? '9999-12-31' : six });
  if (opts.noProvision) return NONE;
  const start = rng.chance(0.15) ? cal.nthSchoolDayFrom(six, rng.int(2, 5)) : six;
  if (start > ctx.today) return NONE;
  const provider = pickProvider(ctx, rng, p.la, [
    ['PRU', 65],
    ['AP_ACADEMY', 35],
  ]);
  const decided = ex.governorDecisionDate ?? null;
  if (ex.governorOutcome === 'REINSTATED') {
    if (!decided || decided < start) return NONE;
    const pl = runChain(ctx, rng, {
      e: { ...e, start, end: decided },
      spec: {
        provider,
        commissioner: 'LA',
        reason: 'PERMANENT_EXCLUSION',
        tier: 'TIER_2_TIME_LIMITED',
        hours: hoursFor(rng, provider),
        plannedEnd: decided,
      },
      final: { date: decided, destination: 'MAINSTREAM_SCHOOL', destinationSchoolId: home.schoolId },
    });
    return finish(ctx, rng, { ...e, end: decided }, pl, home);
  }
  const offRollOn = decided ? cal.nthSchoolDayFrom(decided, rng.int(16, 20)) : null;
  let apRoll: EnrolmentRow | undefined;
  const apStart = offRollOn ? cal.nextSchoolDayOnOrAfter(addDays(offRollOn, 1)) : null;
  if (offRollOn && apStart && apStart <= ctx.today && (!e.end || apStart <= e.end)) {
    endRoll(rng, p, home, offRollOn, 'PERMANENT_EXCLUSION');
    apRoll = addRoll(ctx, p, provider.school!.id, apStart);
  }
  const spec: ChainOpts['spec'] = {
    provider,
    commissioner: 'LA',
    reason: 'PERMANENT_EXCLUSION',
    tier: 'TIER_3_TRANSITIONAL',
    hours: hoursFor(rng, provider),
    plannedEnd: rng.chance(0.3) ? cal.nthSchoolDayFrom(start, 130) : null,
    registration: apRoll ? 'SINGLE_REGISTERED_AT_AP' : 'DUAL_REGISTERED',
    overdueReviews: !e.end && rng.chance(0.1),
  };
  let final: PlacementSpec['end'];
  if (e.end) {
    const d = chooseDestination(rng, e, PEX_MIX, true);
    final = { date: e.end, ...destinationFields(rng, p, d, e.end, home.schoolId), atReview: rng.chance(0.3) };
  }
  const moveOn = rng.chance(e.end ? 0.1 : 0.2)
    ? ctx.provider(p.la, rng.pick(['INDEPENDENT_1', 'INDEPENDENT_2'] as const))
    : null;
  const placements = runChain(ctx, rng, {
    e: { ...e, start },
    spec,
    final,
    transfer: moveOn ? { provider: moveOn, hours: hoursFor(rng, moveOn), registration: 'DUAL_REGISTERED' } : null,
  });
  return finish(ctx, rng, e, placements, apRoll ?? home);
}

interface LaKind {
  reason: PlacementReason;
  providers: readonly (readonly [ProviderKey, number])[];
  tier2Chance: number;
  plannedDays: readonly [number, number];
  mix: DestinationMix;
  schoolChance: number;
}

export type LaKindName = 'HEALTH' | 'EHCP' | 'OTHER_LA';

const LA_KINDS: Record<LaKindName, LaKind> = {
  HEALTH: {
    reason: 'HEALTH_NEEDS',
    providers: [
      ['AP_ACADEMY', 45],
      ['TUITION', 45],
      ['PRU', 10],
    ],
    tier2Chance: 0.6,
    plannedDays: [40, 90],
    schoolChance: 0.3,
    mix: [
      ['MAINSTREAM_SCHOOL', 80],
      ['OTHER', 8],
      ['ELECTIVE_HOME_EDUCATION', 6],
      ['MOVED_OUT_OF_LA', 6],
    ],
  },
  EHCP: {
    reason: 'EHCP_NAMED',
    providers: [
      ['INDEPENDENT_1', 45],
      ['INDEPENDENT_2', 25],
      ['AP_ACADEMY', 30],
    ],
    tier2Chance: 0,
    plannedDays: [190, 190],
    schoolChance: 0,
    mix: [
      ['SPECIAL_SCHOOL', 60],
      ['MAINSTREAM_SCHOOL', 40],
    ],
  },
  OTHER_LA: {
    reason: 'OTHER',
    providers: [
      ['TUITION', 35],
      ['EQUINE', 25],
      ['AP_ACADEMY', 40],
    ],
    tier2Chance: 1,
    plannedDays: [30, 60],
    schoolChance: 0,
    mix: [
      ['MAINSTREAM_SCHOOL', 80],
      ['MAINSTREAM_OTHER', 8],
      ['ELECTIVE_HOME_EDUCATION', 6],
      ['OTHER', 6],
    ],
  },
};

export function laEpisode(ctx: Ctx, rng: Rng, e: Episode, kind: LaKindName): EpisodeResult {
  const cfg = LA_KINDS[kind];
  const p = e.pupil;
  const cal = p.la.cal;
  const { base, last } = baseRoll(p, e.start);
  if (!base || !isMainstream(p, base)) return NONE;
  const provider = pickProvider(ctx, rng, p.la, cfg.providers);
  const tier: ApTier = rng.chance(cfg.tier2Chance) ? 'TIER_2_TIME_LIMITED' : 'TIER_3_TRANSITIONAL';
  const byLa = !rng.chance(cfg.schoolChance);
  const hours =
    kind === 'HEALTH'
      ? provider.key === 'TUITION'
        ? hoursFor(rng, provider, 'TUITION')
        : rng.pick([10, 12.5, 15, 20, 25])
      : hoursFor(rng, provider);
  const spec: ChainOpts['spec'] = {
    provider,
    commissioner: byLa ? 'LA' : 'SCHOOL',
    commissioningSchoolId: byLa ? null : base.schoolId,
    reason: cfg.reason,
    tier,
    hours,
    plannedEnd:
      tier === 'TIER_2_TIME_LIMITED' || rng.chance(0.4)
        ? cal.nthSchoolDayFrom(e.start, rng.int(cfg.plannedDays[0], cfg.plannedDays[1]))
        : null,
    extendChance: 0.5,
    overdueReviews: !e.end && rng.chance(0.12),
    laNotified: true,
    hoursFrom: !e.end && kind === 'HEALTH' && rng.chance(0.25) ? Math.max(2.5, hours - rng.pick([2.5, 5])) : undefined,
  };
  let final: PlacementSpec['end'];
  if (e.end)
    final = {
      date: e.end,
      ...destinationFields(rng, p, chooseDestination(rng, e, cfg.mix, last), e.end, base.schoolId),
      atReview: rng.chance(0.35),
    };
  return finish(ctx, rng, e, runChain(ctx, rng, { e, spec, final }), base);
}

/** The looked-after child full-time at an unregistered provider (rule U2). */
export function lookedAfterEpisode(ctx: Ctx, rng: Rng, e: Episode): EpisodeResult {
  const p = e.pupil;
  const { base } = baseRoll(p, e.start);
  if (!base || !isMainstream(p, base)) return NONE;
  const spec: ChainOpts['spec'] = {
    provider: ctx.provider(p.la, 'BOXING'),
    commissioner: 'LA',
    reason: 'BEHAVIOUR_EARLY_INTERVENTION',
    tier: 'TIER_2_TIME_LIMITED',
    hours: 22.5,
    plannedEnd: p.la.cal.nthSchoolDayFrom(e.start, rng.int(40, 60)),
    extendChance: 0.5,
  };
  return finish(ctx, rng, e, runChain(ctx, rng, { e, spec }), base);
}

/** A pupil new to the area, placed by the fair access panel while a school place is found. */
export function awaitingPlaceEpisode(ctx: Ctx, rng: Rng, e: Episode): EpisodeResult {
  const p = e.pupil;
  const target = p.enrolments[0];
  if (p.enrolments.length !== 1 || !target || target.endDate || target.startDate !== e.start) return NONE;
  p.enrolments = [];
  const provider = pickProvider(ctx, rng, p.la, [
    ['PRU', 60],
    ['AP_ACADEMY', 40],
  ]);
  const apRoll = addRoll(ctx, p, provider.school!.id, e.start);
  const spec: ChainOpts['spec'] = {
    provider,
    commissioner: 'LA',
    reason: 'AWAITING_SCHOOL_PLACE',
    tier: 'TIER_2_TIME_LIMITED',
    hours: hoursFor(rng, provider),
    plannedEnd: p.la.cal.nthSchoolDayFrom(e.start, 20),
    registration: 'SINGLE_REGISTERED_AT_AP',
    startActor: ctx.actors.panel,
    extendChance: 0.3,
  };
  const final = e.end
    ? { date: e.end, destination: 'MAINSTREAM_SCHOOL' as const, destinationSchoolId: target.schoolId }
    : undefined;
  return finish(ctx, rng, e, runChain(ctx, rng, { e, spec, final }), apRoll);
}
