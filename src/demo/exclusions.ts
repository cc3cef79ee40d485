import {
  academicYearEnd,
  academicYearOf,
  academicYearStart,
  academicYearStartYear,
  academicYearLabel,
  yearGroupFor,
} from '../domain/academicYear';
import { daySixDate, SUSPENSION_CAP_SCHOOL_DAYS } from '../domain/movements/exclusions';
import type { GovernorOutcome } from '../generated/prisma/enums';
import type { EXCLUSION_REASONS } from '../usecases/exclusions/recordExclusion';
import type { Ctx, PupilRec } from './context';
import { enrolmentOn, isFree, schoolInfo } from './context';
import { maxDate, minDate, randomSchoolDay } from './dates';
import { buildPlacement } from './placements';
import type { Rng } from './random';
import { applyDestination, latestEnd } from './reintegrations';
import { exclusionNote, governorNote } from './text';
import type { ExclusionRow } from './types';

/** Suspensions and permanent exclusions, with the governors' decisions and day-6 provision. */

type ReasonCategory = (typeof EXCLUSION_REASONS)[number];

const SUSPENSION_REASONS: readonly (readonly [ReasonCategory, number])[] = [
  ['PERSISTENT_DISRUPTIVE', 38],
  ['VERBAL_ABUSE_ADULT', 17],
  ['PHYSICAL_ASSAULT_PUPIL', 13],
  ['PHYSICAL_ASSAULT_ADULT', 4],
  ['VERBAL_ABUSE_PUPIL', 5],
  ['DAMAGE', 3],
  ['DRUG_ALCOHOL', 3],
  ['BULLYING', 2],
  ['RACIST_ABUSE', 2],
  ['INAPPROPRIATE_ONLINE', 2],
  ['WILFUL_SAFETY_BREACH', 3],
  ['THEFT', 1],
  ['OTHER', 7],
];
const PEX_REASONS: readonly (readonly [ReasonCategory, number])[] = [
  ['PERSISTENT_DISRUPTIVE', 34],
  ['PHYSICAL_ASSAULT_PUPIL', 18],
  ['PHYSICAL_ASSAULT_ADULT', 12],
  ['OFFENSIVE_WEAPON', 9],
  ['DRUG_ALCOHOL', 9],
  ['VERBAL_ABUSE_ADULT', 8],
  ['SEXUAL_MISCONDUCT', 3],
  ['OTHER', 7],
];
const LENGTHS: readonly (readonly [number, number])[] = [
  [0.5, 6],
  [1, 34],
  [1.5, 3],
  [2, 19],
  [3, 16],
  [4, 5],
  [5, 7],
  [6, 3],
  [7, 1.5],
  [8, 1],
  [10, 1.2],
  [15, 0.5],
];

function governor(
  ctx: Ctx,
  rng: Rng,
  p: PupilRec,
  start: string,
  force?: GovernorOutcome,
): { governorOutcome: GovernorOutcome; governorDecisionDate: string | null } {
  const decided = p.la.cal.nthSchoolDayFrom(start, rng.int(6, 15));
  if (decided > ctx.today || force === 'PENDING') return { governorOutcome: 'PENDING', governorDecisionDate: null };
  return { governorOutcome: force ?? (rng.chance(0.88) ? 'UPHELD' : 'REINSTATED'), governorDecisionDate: decided };
}

function addExclusion(
  ctx: Ctx,
  rng: Rng,
  p: PupilRec,
  row: Omit<ExclusionRow, 'id' | 'pupilId' | 'academicYear'>,
): ExclusionRow {
  const ex: ExclusionRow = { id: ctx.id(), pupilId: p.row.id, academicYear: academicYearOf(row.startDate), ...row };
  ctx.data.exclusions.push(ex);
  const outcome = ex.governorOutcome;
  ctx.exclusionMeta.set(ex.id, {
    actor: ctx.schoolActor(p.la, ex.schoolId),
    note: exclusionNote(rng, ex.kind),
    governorNote: outcome === 'UPHELD' || outcome === 'REINSTATED' ? governorNote(outcome) : undefined,
  });
  return ex;
}

/** A permanent exclusion on `date` (a school day), with the governors' decision when it has been made. */
export function permanentExclusion(
  ctx: Ctx,
  rng: Rng,
  p: PupilRec,
  schoolId: string,
  date: string,
  force?: GovernorOutcome,
): ExclusionRow {
  return addExclusion(ctx, rng, p, {
    schoolId,
    kind: 'PERMANENT',
    startDate: date,
    schoolDays: null,
    reasonCategory: rng.weighted(PEX_REASONS),
    daySixDate: daySixDate(p.la.cal, 'PERMANENT', date, null),
    ...governor(ctx, rng, p, date, force),
  });
}

function suspensionChance(p: PupilRec, yearGroup: number): number {
  const base = yearGroup >= 7 ? 0.065 : yearGroup >= 1 ? 0.014 : 0;
  const inAp = p.busy.length > 0 ? 8 : 1;
  return Math.min(0.75, base * (p.risk / 2.2) * inAp);
}

function suspensionsFor(ctx: Ctx, rng: Rng, p: PupilRec) {
  const cal = p.la.cal;
  const first = academicYearStartYear(ctx.historyStart);
  const last = academicYearStartYear(ctx.today);
  for (let y = first; y <= last; y++) {
    const ay = academicYearLabel(y);
    const yg = yearGroupFor(p.row.dateOfBirth, ay);
    if (yg === null || !rng.chance(suspensionChance(p, yg))) continue;
    const from = maxDate(academicYearStart(ay), ctx.historyStart);
    const to = minDate(academicYearEnd(ay), ctx.today);
    let total = 0;
    const n = 1 + Math.min(5, Math.floor(-Math.log(1 - rng.next()) * 0.9));
    for (let k = 0; k < n; k++) {
      for (let attempt = 0; attempt < 5; attempt++) {
        const d = randomSchoolDay(rng, cal, from, to);
        if (!d) break;
        const days = rng.weighted(LENGTHS);
        const lastDay = cal.nthSchoolDayFrom(d, Math.ceil(days));
        const e = enrolmentOn(p, d);
        if (!e || total + days > SUSPENSION_CAP_SCHOOL_DAYS || !isFree(p, { start: d, end: lastDay })) continue;
        const school = schoolInfo(p.la, e.schoolId);
        if (school.kind === 'AP' || (e.endDate && e.endDate < lastDay)) continue;
        total += days;
        suspension(ctx, rng, p, e.schoolId, d, days, lastDay);
        break;
      }
    }
  }
}

function suspension(ctx: Ctx, rng: Rng, p: PupilRec, schoolId: string, start: string, days: number, lastDay: string) {
  const cal = p.la.cal;
  const six = daySixDate(cal, 'SUSPENSION', start, days);
  const gov =
    days > 5 && rng.chance(0.5)
      ? governor(ctx, rng, p, start, 'UPHELD')
      : { governorOutcome: 'PENDING' as const, governorDecisionDate: null };
  addExclusion(ctx, rng, p, {
    schoolId,
    kind: 'SUSPENSION',
    startDate: start,
    schoolDays: days,
    reasonCategory: rng.weighted(SUSPENSION_REASONS),
    daySixDate: six,
    ...gov,
  });
  p.busy.push({ start, end: lastDay });
  // Day-6 provision (the school's duty); now and then it was not arranged (rule E2).
  if (!six || p.la !== ctx.las.main || lastDay > latestEnd(ctx, p) || !rng.chance(0.8)) return;
  const provider = ctx.provider(
    p.la,
    rng.weighted([
      ['PRU', 6],
      ['AP_ACADEMY', 2.5],
      ['INDEPENDENT_1', 1.5],
    ] as const),
  );
  const pl = buildPlacement(ctx, rng, {
    pupil: p,
    provider,
    commissioner: 'SCHOOL',
    commissioningSchoolId: schoolId,
    reason: 'SUSPENSION_OVER_FIVE_DAYS',
    tier: 'TIER_2_TIME_LIMITED',
    start: six,
    plannedEnd: lastDay,
    hours: rng.pick([30, 32.5, 32.5]),
    registration: 'DUAL_REGISTERED',
    end: { date: lastDay, destination: 'MAINSTREAM_SCHOOL', destinationSchoolId: schoolId },
    companion: true,
  });
  applyDestination(ctx, rng, p, pl, enrolmentOn(p, start));
}

/** Suspensions for every pupil, more often for those whose histories include AP. */
export function buildSuspensions(ctx: Ctx): void {
  const rng = ctx.rng.fork('suspensions');
  for (const p of ctx.pupils) suspensionsFor(ctx, rng, p);
}
