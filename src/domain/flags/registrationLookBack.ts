/**
 * The registration test looking back (issue 14 item 6; domain.md §3.1, §9.2 U1/U2): whether a setting
 * was an unregistered independent school is judged for EVERY day of a window (by default the current
 * and the previous academic year), not only today, so placements recorded late that made a provider a
 * school last term are found and the period named.
 *
 * One sweep over the provider's placements: each placement start, day after an end, and each pupil's
 * start and end of compulsory school age is a change point; between change points nothing changes, so
 * the cost is O(n log n) in placements, whatever the length of the window.
 */
import {
  academicYearLabel,
  academicYearStart,
  academicYearStartYear,
  compulsorySchoolAgeEnds,
  compulsorySchoolAgeStarts,
} from '../academicYear';
import { addDays, type IsoDate } from '../dates';
import type { ProviderPlacementFacts, ProviderSnapshot } from './snapshots';
import type { ResolvedThresholds } from './thresholds';

export interface LookBackWindow {
  from: IsoDate;
  /** The evaluation day (inclusive): later placements are not yet known to have happened. */
  to: IsoDate;
}

/** From 1 September of the earliest academic year looked back over, to asOf. */
export function registrationLookBackWindow(asOf: IsoDate, t: ResolvedThresholds): LookBackWindow {
  const years = Math.max(1, Math.trunc(t.values.registrationLookBackAcademicYears));
  return { from: academicYearStart(academicYearLabel(academicYearStartYear(asOf) - (years - 1))), to: asOf };
}

type Pupil = ProviderPlacementFacts['pupil'];

/** A run of consecutive days on which the condition held. */
export interface BreachRun {
  from: IsoDate;
  to: IsoDate;
  /** Still holding on the window's last day (the evaluation day). */
  ongoing: boolean;
  /** The most qualifying full-time pupils on one day in the run, and the first day with that many. */
  peak: number;
  peakOn: IsoDate;
}

interface PupilState {
  pupil: Pupil;
  tenths: number;
  substantiallyAll: number;
  csa: boolean;
}

interface Change {
  pupil: Pupil;
  tenths?: number;
  substantiallyAll?: number;
  csa?: boolean;
}

/**
 * Runs of days in the window on which at least `needed` pupils who satisfy `counts` were educated
 * full-time here: of compulsory school age and either over the hours limit summed over their
 * placements here, or given "all or substantially all" of their education.
 */
export function registrationBreachRuns(
  s: ProviderSnapshot,
  window: LookBackWindow,
  t: ResolvedThresholds,
  counts: (p: Pupil) => boolean,
  needed: number,
): BreachRun[] {
  if (window.to < window.from) return [];
  const limitTenths = Math.round(t.values.unregisteredFullTimeHours * 10);
  const changes = new Map<IsoDate, Change[]>();
  const at = (d: IsoDate, c: Change) => {
    const list = changes.get(d);
    if (list) list.push(c);
    else changes.set(d, [c]);
  };
  const pupils = new Map<string, Pupil>();
  for (const p of s.placements) {
    // ENDED with no end date: no day on which it ran is known (as activeOn treats it).
    if (p.endDate === null && p.status === 'ENDED') continue;
    if (p.startDate > window.to || (p.endDate !== null && p.endDate < window.from)) continue;
    const tenths = Math.round(p.hoursPerWeek * 10);
    const sa = p.allOrSubstantiallyAllEducation === true ? 1 : 0;
    at(p.startDate > window.from ? p.startDate : window.from, { pupil: p.pupil, tenths, substantiallyAll: sa });
    if (p.endDate !== null && p.endDate < window.to)
      at(addDays(p.endDate, 1), { pupil: p.pupil, tenths: -tenths, substantiallyAll: -sa });
    pupils.set(p.pupil.id, p.pupil);
  }
  const state = new Map<string, PupilState>();
  for (const pupil of pupils.values()) {
    const starts = compulsorySchoolAgeStarts(pupil.dateOfBirth);
    const endsAfter = addDays(compulsorySchoolAgeEnds(pupil.dateOfBirth), 1);
    state.set(pupil.id, {
      pupil,
      tenths: 0,
      substantiallyAll: 0,
      csa: window.from >= starts && window.from < endsAfter,
    });
    if (starts > window.from && starts <= window.to) at(starts, { pupil, csa: true });
    if (endsAfter > window.from && endsAfter <= window.to) at(endsAfter, { pupil, csa: false });
  }
  const qualifies = (x: PupilState) => x.csa && (x.tenths > limitTenths || x.substantiallyAll > 0) && counts(x.pupil);

  const days = [...changes.keys()].sort();
  const runs: BreachRun[] = [];
  let count = 0;
  let open: BreachRun | null = null;
  for (const day of days) {
    for (const c of changes.get(day) as Change[]) {
      const x = state.get(c.pupil.id) as PupilState;
      const before = qualifies(x);
      x.tenths += c.tenths ?? 0;
      x.substantiallyAll += c.substantiallyAll ?? 0;
      if (c.csa !== undefined) x.csa = c.csa;
      const after = qualifies(x);
      if (before !== after) count += after ? 1 : -1;
    }
    if (count >= needed) {
      if (!open) open = { from: day, to: window.to, ongoing: true, peak: count, peakOn: day };
      else if (count > open.peak) {
        open.peak = count;
        open.peakOn = day;
      }
    } else if (open) {
      runs.push({ ...open, to: addDays(day, -1), ongoing: false });
      open = null;
    }
  }
  if (open) runs.push(open);
  return runs;
}
