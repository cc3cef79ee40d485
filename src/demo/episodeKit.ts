import { academicYearOf, yearGroupFor } from '../domain/academicYear';
import type { Destination, PlacementRegistration } from '../generated/prisma/enums';
import type { Ctx, LaCtx, ProviderInfo, ProviderKey, PupilRec } from './context';
import { enrolmentOn, schoolInfo } from './context';
import { addDays, randomSchoolDay } from './dates';
import { buildPlacement, type PlacementSpec } from './placements';
import type { Rng } from './random';
import { applyDestination } from './reintegrations';
import type { EnrolmentRow, PlacementRow } from './types';

/** Shared pieces of the AP episodes: who, where, how many hours, and where the pupil goes next. */

/** One pupil's stay in AP: from start until end (null: still in AP today). */
export interface Episode {
  pupil: PupilRec;
  start: string;
  end: string | null;
  /** For historic episodes: the destination the planner wants (else the kind's usual mix). */
  destination?: Destination;
  /** Make the reintegration that follows break down at its first checkpoint (for a re-entry). */
  forceBreakdown?: boolean;
}

export interface EpisodeResult {
  placements: PlacementRow[];
  brokeDownOn: string | null;
}

export const NONE: EpisodeResult = { placements: [], brokeDownOn: null };

export function yearGroupOn(p: PupilRec, d: string): number {
  return yearGroupFor(p.row.dateOfBirth, academicYearOf(d)) ?? -1;
}

export function pickProvider(
  ctx: Ctx,
  rng: Rng,
  la: LaCtx,
  weights: readonly (readonly [ProviderKey, number])[],
): ProviderInfo {
  return ctx.provider(la, rng.weighted(weights));
}

/** Hours a week that suit the provider: full-time-ish at schools, part-time at unregistered settings. */
export function hoursFor(
  rng: Rng,
  provider: ProviderInfo,
  mode: 'FULL' | 'PART' | 'OUTREACH' | 'TUITION' = 'FULL',
): number {
  if (mode === 'OUTREACH') return rng.pick([2, 3, 4, 5, 6, 7.5]);
  if (mode === 'TUITION') return rng.pick([5, 6, 8, 10, 12, 15]);
  if (provider.row.kind === 'UNREGISTERED' || mode === 'PART') return rng.pick([6, 7.5, 9, 10, 12, 12.5, 15, 15]);
  return rng.weighted([
    [32.5, 5],
    [30, 2],
    [27.5, 2],
    [25, 1.5],
  ] as const);
}

/** The roll the pupil is on at the start, and whether an exit from it may be recorded (no later rolls). */
export function baseRoll(p: PupilRec, start: string): { base: EnrolmentRow | undefined; last: boolean } {
  const base = enrolmentOn(p, start);
  return { base, last: !!base && p.enrolments.every((e) => e === base || e.startDate <= base.startDate) };
}

/** A different mainstream school for the pupil's phase on date d. */
export function otherSchool(
  rng: Rng,
  p: PupilRec,
  d: string,
  notId: string | null | undefined,
  kind?: 'SPECIAL',
): string {
  const want = kind ?? (yearGroupOn(p, d) >= 7 ? 'SECONDARY' : 'PRIMARY');
  const pool = p.la.schools.filter((s) => s.kind === want && s.row.id !== notId);
  return rng.weighted(pool.map((s) => [s.row.id, s.row.numberOnRoll] as const));
}

export type DestinationMix = readonly (readonly [Destination | 'MAINSTREAM_OTHER', number])[];

/** Where a historic episode ends: the planner's choice, or the kind's mix restricted to what the rolls allow. */
export function chooseDestination(
  rng: Rng,
  e: Episode,
  mix: DestinationMix,
  exitAllowed: boolean,
): Destination | 'MAINSTREAM_OTHER' {
  if (e.forceBreakdown) return 'MAINSTREAM_SCHOOL';
  if (e.destination) return e.destination;
  const leaving = new Set([
    'MAINSTREAM_OTHER',
    'SPECIAL_SCHOOL',
    'ELECTIVE_HOME_EDUCATION',
    'MOVED_OUT_OF_LA',
    'CHILDREN_MISSING_EDUCATION',
    'POST16_EET',
    'NEET',
  ]);
  const allowed = mix.filter(([d]) => exitAllowed || !leaving.has(d));
  const special = e.pupil.row.senStatus === 'EHCP';
  return rng.weighted(allowed.filter(([d]) => d !== 'SPECIAL_SCHOOL' || special));
}

/** Resolves MAINSTREAM_OTHER and the school a mainstream or special destination names. */
export function destinationFields(
  rng: Rng,
  p: PupilRec,
  d: Destination | 'MAINSTREAM_OTHER',
  end: string,
  homeSchoolId: string | null,
) {
  if (d === 'MAINSTREAM_OTHER')
    return { destination: 'MAINSTREAM_SCHOOL' as const, destinationSchoolId: otherSchool(rng, p, end, homeSchoolId) };
  if (d === 'MAINSTREAM_SCHOOL')
    return { destination: d, destinationSchoolId: homeSchoolId ?? otherSchool(rng, p, end, null) };
  if (d === 'SPECIAL_SCHOOL') return { destination: d, destinationSchoolId: otherSchool(rng, p, end, null, 'SPECIAL') };
  return { destination: d, destinationSchoolId: null };
}

/** Applies the last placement's destination to the rolls and starts any reintegration. */
export function finish(
  ctx: Ctx,
  rng: Rng,
  e: Episode,
  placements: PlacementRow[],
  base: EnrolmentRow | undefined,
): EpisodeResult {
  const last = placements[placements.length - 1];
  if (!last || !last.endDate) return { placements, brokeDownOn: null };
  const r = applyDestination(ctx, rng, e.pupil, last, base, { forceBreakdown: e.forceBreakdown });
  return { placements, brokeDownOn: r.brokeDownOn };
}

export function isMainstream(p: PupilRec, e: EnrolmentRow | undefined): boolean {
  if (!e) return false;
  const k = schoolInfo(p.la, e.schoolId).kind;
  return k === 'PRIMARY' || k === 'SECONDARY';
}

export interface ChainOpts {
  e: Episode;
  spec: Omit<PlacementSpec, 'start' | 'end' | 'previousPlacementId' | 'pupil'>;
  final?: PlacementSpec['end'];
  transfer?: { provider: ProviderInfo; hours: number; registration?: PlacementRegistration } | null;
}

/** The episode's placements: one, or two when the pupil moves to another AP (the next starts the day after). */
export function runChain(ctx: Ctx, rng: Rng, o: ChainOpts): PlacementRow[] {
  const { e, spec } = o;
  const cal = e.pupil.la.cal;
  const bound = addDays(e.end ?? ctx.today, -10);
  const mid = o.transfer ? randomSchoolDay(rng, cal, cal.nthSchoolDayFrom(e.start, 15), bound) : null;
  if (!o.transfer || !mid) return [buildPlacement(ctx, rng, { ...spec, pupil: e.pupil, start: e.start, end: o.final })];
  const first = buildPlacement(ctx, rng, {
    ...spec,
    pupil: e.pupil,
    start: e.start,
    hoursFrom: undefined,
    overdueReviews: false,
    plannedEnd: spec.plannedEnd ?? null,
    end: { date: mid, destination: 'ANOTHER_AP' },
  });
  const next = addDays(mid, 1);
  const second = buildPlacement(ctx, rng, {
    ...spec,
    pupil: e.pupil,
    provider: o.transfer.provider,
    hours: o.transfer.hours,
    registration: o.transfer.registration ?? spec.registration,
    start: next,
    plannedEnd: spec.plannedEnd ? cal.nthSchoolDayFrom(next, rng.int(30, 50)) : null,
    previousPlacementId: first.id,
    end: o.final,
    offSite: spec.offSite ? { ...spec.offSite, noticeSchoolDays: rng.int(2, 4) } : undefined,
  });
  return [first, second];
}

/** A second, part-time placement alongside `main` at another provider, keeping the week within 32.5 hours. */
export function addCompanion(
  ctx: Ctx,
  rng: Rng,
  e: Episode,
  main: PlacementRow,
  provider: ProviderInfo,
  spec: Omit<PlacementSpec, 'pupil' | 'provider' | 'start' | 'hours'>,
): PlacementRow | null {
  if (provider.row.id === main.providerId) return null;
  const cal = e.pupil.la.cal;
  const room = 32.5 - main.hoursPerWeek;
  const hours = [12.5, 10, 9, 7.5, 6, 5, 3].find((h) => h <= room && rng.chance(0.6)) ?? (room >= 3 ? 3 : 0);
  if (!hours) return null;
  const mainEnd = main.endDate ?? ctx.today;
  const start = randomSchoolDay(rng, cal, cal.nthSchoolDayFrom(main.startDate, 5), addDays(mainEnd, -15));
  if (!start) return null;
  const endBefore = main.endDate ?? addDays(ctx.today, -5);
  const end =
    main.endDate || rng.chance(0.3) ? randomSchoolDay(rng, cal, cal.nthSchoolDayFrom(start, 5), endBefore) : null;
  if (main.endDate && !end) return null;
  return buildPlacement(ctx, rng, {
    ...spec,
    pupil: e.pupil,
    provider,
    hours,
    start,
    companion: true,
    plannedEnd:
      spec.tier === 'TIER_2_TIME_LIMITED' || spec.reason === 'OFF_SITE_DIRECTION'
        ? cal.nthSchoolDayFrom(start, rng.int(20, 40))
        : null,
    end: end ? { date: end, destination: 'OTHER', detail: 'Sessions finished; main placement continues.' } : undefined,
  });
}
