import { academicYearStartYear } from '../domain/academicYear';
import { upnCheckLetter, UPN_ALPHABET } from '../domain/identifiers';
import type { RollExitCategory, SenStatus, SocialCareStatus } from '../generated/prisma/enums';
import type { Ctx, LaCtx, PupilRec, SchoolInfo } from './context';
import { addDays, firstDayOfAutumnTerm, lastDayOfSummerTerm, maxDate, randomDate, randomSchoolDay } from './dates';
import { ETHNICITY_WEIGHTS, pupilName } from './names';
import type { Rng } from './random';
import { leaveReason } from './text';
import type { EnrolmentRow } from './types';

/** Pupils, their characteristics and their baseline rolls (phase transitions, moves, transfers). */

const usedUpns = new WeakMap<Ctx, Set<string>>();

function makeUpn(ctx: Ctx, rng: Rng, laCode: string, estab: string, year: number, temporary: boolean): string {
  const used = usedUpns.get(ctx) ?? new Set<string>();
  usedUpns.set(ctx, used);
  for (;;) {
    const yy = String(year % 100).padStart(2, '0');
    const tail = temporary ? `${rng.digits(2)}${rng.pick([...UPN_ALPHABET])}` : rng.digits(3);
    const rest = `${laCode}${estab}${yy}${tail}`;
    const upn = upnCheckLetter(rest) + rest;
    if (!used.has(upn)) {
      used.add(upn);
      return upn;
    }
  }
}

function pickSchool(rng: Rng, schools: SchoolInfo[], kind: SchoolInfo['kind'], not?: string): SchoolInfo {
  const pool = schools.filter((s) => s.kind === kind && s.row.id !== not);
  return rng.weighted(pool.map((s) => [s, s.row.numberOnRoll] as const));
}

function characteristics(rng: Rng) {
  const sex = rng.chance(0.49) ? ('F' as const) : ('M' as const);
  const ethnicityCode = rng.weighted(ETHNICITY_WEIGHTS);
  const senStatus = rng.weighted<SenStatus>([
    ['NONE', 81],
    ['SEN_SUPPORT', 15],
    ['EHCP', 4],
  ]);
  const socialCareStatus = rng.weighted<SocialCareStatus>([
    ['NONE', 97],
    ['CHILD_IN_NEED', 2.2],
    ['CHILD_PROTECTION', 0.8],
  ]);
  const lookedAfter = rng.chance(0.01);
  const fsmEligible = rng.chance(lookedAfter ? 0.5 : 0.25);
  return { sex, ethnicityCode, senStatus, socialCareStatus, lookedAfter, fsmEligible };
}

interface Segment {
  school: SchoolInfo;
  start: string;
  end: string | null;
  category: RollExitCategory | null;
  reason: string | null;
}

/** Reception start, and the school rolls from there to today (Year 6 to Year 7 transfer included). */
function baseSegments(ctx: Ctx, rng: Rng, la: LaCtx, yearGroup: number, special: boolean): Segment[] {
  const yT = academicYearStartYear(ctx.today);
  const receptionYear = yT - yearGroup;
  const reception = firstDayOfAutumnTerm(la.cal, receptionYear);
  if (special)
    return [
      { school: pickSchool(rng, la.schools, 'SPECIAL'), start: reception, end: null, category: null, reason: null },
    ];
  const secondaryStart = firstDayOfAutumnTerm(la.cal, receptionYear + 7);
  const secondary = (): Segment => ({
    school: pickSchool(rng, la.schools, 'SECONDARY'),
    start: secondaryStart,
    end: null,
    category: null,
    reason: null,
  });
  if (secondaryStart <= ctx.historyStart) return [secondary()];
  const primary: Segment = {
    school: pickSchool(rng, la.schools, 'PRIMARY'),
    start: reception,
    end: null,
    category: null,
    reason: null,
  };
  if (secondaryStart > ctx.today) return [primary];
  primary.end = lastDayOfSummerTerm(la.cal, receptionYear + 7);
  primary.category = 'PHASE_TRANSITION';
  primary.reason = 'End of Year 6: transferred to secondary school.';
  return [primary, secondary()];
}

type Churn = 'ARRIVAL' | 'TRANSFER' | 'LEAVE' | null;

interface Churned {
  segs: Segment[];
  arrivedOn: string | null;
  applied: boolean;
}

function applyChurn(ctx: Ctx, rng: Rng, la: LaCtx, segs: Segment[], churn: Churn): Churned {
  const unchanged: Churned = { segs, arrivedOn: null, applied: false };
  const from = maxDate(segs[0]!.start, addDays(ctx.historyStart, 20));
  const d = randomSchoolDay(rng, la.cal, from, addDays(ctx.today, -5));
  if (!churn || !d) return unchanged;
  const i = segs.findIndex((s) => s.start <= d && (s.end === null || s.end >= d));
  if (i < 0) return unchanged;
  const seg = segs[i]!;
  if (churn === 'ARRIVAL') {
    const kept = segs.slice(i);
    kept[0] = { ...seg, start: d };
    return { segs: kept, arrivedOn: d, applied: true };
  }
  if (seg.start >= d) return unchanged;
  if (churn === 'TRANSFER') {
    const other = pickSchool(rng, la.schools, seg.school.kind, seg.school.row.id);
    const next: Segment = { ...seg, school: other, start: la.cal.nextSchoolDayOnOrAfter(addDays(d, rng.int(1, 6))) };
    if (next.start > ctx.today || (next.end !== null && next.end < next.start)) return unchanged;
    const ended: Segment = {
      ...seg,
      end: d,
      category: 'TRANSFERRED_TO_SCHOOL',
      reason: `In-year transfer to ${other.row.name}.`,
    };
    return { segs: [...segs.slice(0, i), ended, next, ...segs.slice(i + 1)], arrivedOn: null, applied: true };
  }
  const category = rng.weighted<RollExitCategory>([
    ['MOVED_AWAY', 66],
    ['ELECTIVE_HOME_EDUCATION', 26],
    ['CME_OR_UNKNOWN', 5],
    ['OTHER', 3],
  ]);
  return {
    segs: [...segs.slice(0, i), { ...seg, end: d, category, reason: leaveReason(rng, category) }],
    arrivedOn: null,
    applied: true,
  };
}

function registrationOf(ctx: Ctx, first: string, arrivedOn: string | null): { on: string; note: string } {
  if (arrivedOn) return { on: arrivedOn, note: 'New to the area: admitted in-year; record created on admission.' };
  if (first > ctx.historyStart) return { on: first, note: 'Record created on admission to Reception.' };
  return { on: ctx.historyStart, note: 'Record loaded from the autumn school census when the tracker went live.' };
}

/** One pupil with enrolments; yearGroup is today's (12 and 13 are Year 11 leavers). */
export function addPupil(
  ctx: Ctx,
  rng: Rng,
  la: LaCtx,
  yearGroup: number,
  opts: { churn?: Churn; temporaryUpn?: boolean } = {},
): PupilRec {
  const c = characteristics(rng);
  const yT = academicYearStartYear(ctx.today);
  const dob = randomDate(rng, `${yT - yearGroup - 5}-09-01`, `${yT - yearGroup - 4}-08-31`);
  const special =
    c.senStatus === 'EHCP' && la.schools.some((s) => s.kind === 'SPECIAL') && rng.chance(0.45) && yearGroup <= 11;
  let segs = baseSegments(ctx, rng, la, Math.min(yearGroup, 11), special);
  if (yearGroup >= 12) {
    // Year 11 leaver: on a secondary roll until the end of Year 11.
    const reception = yT - yearGroup;
    segs = [
      {
        school: pickSchool(rng, la.schools, 'SECONDARY'),
        start: firstDayOfAutumnTerm(la.cal, reception + 7),
        end: lastDayOfSummerTerm(la.cal, reception + 12),
        category: 'PHASE_TRANSITION',
        reason: 'Completed Year 11.',
      },
    ];
  }
  const churned = applyChurn(ctx, rng, la, segs, yearGroup >= 12 ? null : (opts.churn ?? null));
  segs = churned.segs;
  const reg = registrationOf(ctx, segs[0]!.start, churned.arrivedOn);
  const temporary = opts.temporaryUpn ?? false;
  const name = pupilName(rng, c.sex, c.ethnicityCode);
  const pupilId = ctx.id();
  const rec: PupilRec = {
    row: {
      id: pupilId,
      upn: makeUpn(ctx, rng, la.row.code, segs[0]!.school.estab, yT - Math.min(yearGroup, 11), temporary),
      upnIsTemporary: temporary,
      firstName: name.firstName,
      lastName: name.lastName,
      dateOfBirth: dob,
      sex: c.sex,
      ethnicityCode: c.ethnicityCode,
      senStatus: c.senStatus,
      lookedAfter: c.lookedAfter,
      socialCareStatus: c.socialCareStatus,
      fsmEligible: c.fsmEligible,
      homeLaId: la.row.id,
    },
    la,
    yearGroupNow: yearGroup,
    registeredOn: reg.on,
    registrationNote: reg.note,
    stable: !churned.applied,
    arrivedOn: churned.arrivedOn,
    busy: [],
    risk:
      1 +
      (c.sex === 'M' ? 1 : 0) +
      (c.fsmEligible ? 1.2 : 0) +
      (c.senStatus === 'SEN_SUPPORT' ? 1.2 : c.senStatus === 'EHCP' ? 0.8 : 0) +
      (c.socialCareStatus !== 'NONE' ? 1.5 : 0) +
      (c.lookedAfter ? 1.5 : 0),
    enrolments: segs.map((s): EnrolmentRow => ({
      id: ctx.id(),
      pupilId,
      schoolId: s.school.row.id,
      registration: 'SINGLE',
      startDate: s.start,
      endDate: s.end,
      endReason: s.reason,
      endCategory: s.category,
    })),
  };
  ctx.pupils.push(rec);
  return rec;
}

/** The main LA's ~3,000 pupils (Reception to Year 11 today) plus Year 11 leavers, and Rotherham's 40. */
export function buildPupils(ctx: Ctx, counts = { main: 3000, leavers: 34, other: 40 }): void {
  const rng = ctx.rng.fork('pupils');
  const main = ctx.las.main;
  for (let i = 0; i < counts.main; i++) {
    const yearGroup = rng.weighted([
      [0, 8],
      [1, 8],
      [2, 8.2],
      [3, 8.3],
      [4, 8.4],
      [5, 8.5],
      [6, 8.5],
      [7, 8.6],
      [8, 8.6],
      [9, 8.5],
      [10, 8.4],
      [11, 8.3],
    ] as const);
    const churn = rng.weighted<Churn>([
      [null, 91.5],
      ['ARRIVAL', 4],
      ['TRANSFER', 2],
      ['LEAVE', 2.5],
    ]);
    addPupil(ctx, rng, main, yearGroup, {
      churn,
      temporaryUpn: churn === 'ARRIVAL' ? rng.chance(0.3) : rng.chance(0.008),
    });
  }
  for (let i = 0; i < counts.leavers; i++) addPupil(ctx, rng, main, rng.chance(0.6) ? 12 : 13);
  const other = ctx.las.other;
  for (let i = 0; i < counts.other; i++) addPupil(ctx, rng, other, rng.int(1, 11));
}
