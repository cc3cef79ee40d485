import {
  reintegrationCheckpoints,
  ruleR2ReintegrationStatus,
  type CheckpointState,
} from '../domain/movements/reintegration';
import type { RollExitCategory } from '../generated/prisma/enums';
import type { Ctx, PupilRec } from './context';
import { addDays, minDate, randomSchoolDay, schoolDayOnOrBefore } from './dates';
import type { Rng } from './random';
import { checkpointReason, leaveReason } from './text';
import type { CheckpointRow, EnrolmentRow, PlacementRow } from './types';

/** What a placement's destination does to the pupil's rolls, and the reintegration a mainstream return starts. */

const EXIT_CATEGORY: Partial<Record<string, RollExitCategory>> = {
  POST16_EET: 'PHASE_TRANSITION',
  NEET: 'PHASE_TRANSITION',
  ELECTIVE_HOME_EDUCATION: 'ELECTIVE_HOME_EDUCATION',
  MOVED_OUT_OF_LA: 'MOVED_AWAY',
  CHILDREN_MISSING_EDUCATION: 'CME_OR_UNKNOWN',
};

/** The last day a historic placement may end so that the next school day is not after today. */
export function latestEnd(ctx: Ctx, p: PupilRec): string {
  const cal = p.la.cal;
  return schoolDayOnOrBefore(cal, addDays(schoolDayOnOrBefore(cal, ctx.today), -1));
}

export function endRoll(
  rng: Rng,
  p: PupilRec,
  e: EnrolmentRow,
  date: string,
  category: RollExitCategory,
  reason?: string,
) {
  e.endDate = date;
  e.endCategory = category;
  e.endReason = reason ?? (category === 'PHASE_TRANSITION' ? 'Completed Year 11.' : leaveReason(rng, category));
  // Nothing on this pupil's rolls can start after they left (a later phase transfer, say).
  p.enrolments = p.enrolments.filter((x) => x === e || x.startDate <= date);
}

export function addRoll(ctx: Ctx, p: PupilRec, schoolId: string, start: string): EnrolmentRow {
  const e: EnrolmentRow = {
    id: ctx.id(),
    pupilId: p.row.id,
    schoolId,
    registration: 'SINGLE',
    startDate: start,
    endDate: null,
    endReason: null,
    endCategory: null,
  };
  p.enrolments.push(e);
  return e;
}

export interface DestinationResult {
  reintegrationId: string | null;
  /** When a reintegration was reported broken down. */
  brokeDownOn: string | null;
}

/**
 * Applies an ended placement's destination. `base` is the roll the pupil was on during the placement
 * (home school, or the AP school after a permanent exclusion).
 */
export function applyDestination(
  ctx: Ctx,
  rng: Rng,
  p: PupilRec,
  pl: PlacementRow,
  base: EnrolmentRow | undefined,
  opts: { forceBreakdown?: boolean; noBreakdown?: boolean } = {},
): DestinationResult {
  const none = { reintegrationId: null, brokeDownOn: null };
  if (!pl.endDate || !pl.destination) return none;
  const end = pl.endDate;
  const cal = p.la.cal;
  const returnDate = cal.nextSchoolDayOnOrAfter(addDays(end, 1));
  const baseOpen = base && (base.endDate == null || base.endDate > end);
  const category = EXIT_CATEGORY[pl.destination];
  if (category) {
    if (baseOpen) endRoll(rng, p, base, end, category);
    return none;
  }
  if (pl.destination !== 'MAINSTREAM_SCHOOL' && pl.destination !== 'SPECIAL_SCHOOL') return none;
  const schoolId = pl.destinationSchoolId!;
  if (!base || base.schoolId !== schoolId) {
    if (baseOpen)
      endRoll(rng, p, base, end, 'TRANSFERRED_TO_SCHOOL', 'Moved to a new school at the end of an AP placement.');
    addRoll(ctx, p, schoolId, returnDate);
  }
  if (pl.destination !== 'MAINSTREAM_SCHOOL') return none;
  return startReintegration(ctx, rng, p, pl, schoolId, returnDate, opts);
}

function startReintegration(
  ctx: Ctx,
  rng: Rng,
  p: PupilRec,
  pl: PlacementRow,
  schoolId: string,
  start: string,
  opts: { forceBreakdown?: boolean; noBreakdown?: boolean },
): DestinationResult {
  const cal = p.la.cal;
  const id = ctx.id();
  const today = ctx.today;
  const defs = reintegrationCheckpoints(cal, start);
  const rows: CheckpointRow[] = [];
  let closed = false;
  let brokeDownOn: string | null = null;
  let prev = cal.nthSchoolDayFrom(start, 5);
  defs.forEach((d, i) => {
    const row: CheckpointRow = {
      id: ctx.id(),
      reintegrationId: id,
      label: d.label,
      schoolDays: d.schoolDays,
      dueDate: d.dueDate,
      isFinal: d.isFinal,
      outcome: null,
      reportedOn: null,
      reason: null,
    };
    rows.push(row);
    if (closed) return;
    const breakFrom = prev;
    const breakTo = minDate(d.dueDate, today);
    const forced = i === 0 && opts.forceBreakdown;
    const r = rng.next();
    const pBreak = opts.noBreakdown ? 0 : ([0.14, 0.09, 0.06][i] ?? 0.05);
    if (forced || (d.dueDate <= today && r < pBreak) || (d.dueDate > today && r < pBreak / 3)) {
      const on = randomSchoolDay(rng, cal, breakFrom, breakTo);
      if (on && on <= today) {
        Object.assign(row, { outcome: 'BROKEN_DOWN', reportedOn: on, reason: checkpointReason(rng, 'BROKEN_DOWN') });
        brokeDownOn = on;
        closed = true;
        return;
      }
    }
    if (d.dueDate > today || r > 0.92) {
      // Not yet due, or due and not reported (an overdue follow-up): later ones wait for it.
      closed = true;
      return;
    }
    Object.assign(row, {
      outcome: 'SUSTAINED',
      reportedOn: minDate(today, addDays(d.dueDate, rng.int(0, 8))),
      reason: checkpointReason(rng, 'SUSTAINED'),
    });
    prev = d.dueDate;
  });
  const states: CheckpointState[] = rows.map((c) => ({
    label: c.label,
    dueDate: c.dueDate,
    isFinal: c.isFinal ?? false,
    outcome: c.outcome ?? null,
  }));
  ctx.data.reintegrations.push({
    id,
    pupilId: p.row.id,
    placementId: pl.id,
    schoolId,
    startDate: start,
    status: ruleR2ReintegrationStatus(states),
  });
  ctx.data.checkpoints.push(...rows);
  return { reintegrationId: id, brokeDownOn };
}
