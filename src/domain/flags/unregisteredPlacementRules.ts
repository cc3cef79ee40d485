import { schoolDaysAfter } from '../calendar/schoolDays';
/**
 * Placements in unregistered settings and LA notification (domain.md §1.4, §3.5, §9.2 U3, U7, U9,
 * U10, U11). U9/U10 are proposals (Aug 2025 response): candidates are labelled "not yet law".
 */
import { isCompulsorySchoolAge } from '../academicYear';
import type { PlacementFacts, PlacementSnapshot, PupilSnapshot } from './snapshots';
import type { ResolvedThresholds } from './thresholds';
import {
  activeOn,
  afterSchoolDays,
  inclusiveDays,
  isHealthBased,
  onOrBefore,
  placementRefs,
  raise,
  round1,
  stillOpen,
} from './support';
import type { FlagCandidate, Rule } from './types';

/** U7: a school-commissioned placement the LA still has not been told about, past the tolerance. */
export const ruleU7NotNotifiedToLa: Rule<PlacementSnapshot> = (p, asOf, cal, t) => {
  if (p.commissionerKind !== 'SCHOOL' || !stillOpen(p, asOf) || onOrBefore(p.laNotifiedOn, asOf)) return [];
  const tolerance = t.values.laNotificationToleranceSchoolDays;
  const notifyBy = afterSchoolDays(cal, p.startDate, tolerance);
  if (asOf <= notifyBy) return [];
  const late = schoolDaysAfter(cal, notifyBy, asOf);
  return [
    raise('U7', t, {
      ...placementRefs(p),
      evidence: { startDate: p.startDate, notifyBy, toleranceSchoolDays: tolerance, schoolDaysLate: late },
      score: late,
    }),
  ];
};

/**
 * Sessions a week, from the most precise figure recorded: sessions, else days × 2, else hours in
 * tenths of the full-time week (32.5 h ÷ 10 = 3.25 h a session).
 */
export function weeklyLoad(
  p: Pick<PlacementFacts, 'sessionsPerWeek' | 'daysPerWeek' | 'hoursPerWeek'>,
  t: ResolvedThresholds,
) {
  if (p.sessionsPerWeek != null)
    return {
      basis: 'SESSIONS' as const,
      sessions: p.sessionsPerWeek,
      over: p.sessionsPerWeek > t.values.unregisteredLongTermMaxSessionsPerWeek,
    };
  if (p.daysPerWeek != null)
    return {
      basis: 'DAYS' as const,
      sessions: p.daysPerWeek * 2,
      over: p.daysPerWeek > t.values.unregisteredLongTermMaxDaysPerWeek,
    };
  const sessions = Math.ceil(p.hoursPerWeek / (t.values.fullTimeHoursPerWeek / 10) - 1e-9);
  return { basis: 'HOURS' as const, sessions, over: sessions > t.values.unregisteredLongTermMaxSessionsPerWeek };
}

/** Planned (by its planned end date) to last no longer than the proposed short-term maximum. */
const plannedShortTerm = (p: PlacementFacts, t: ResolvedThresholds) =>
  p.plannedEndDate !== null && inclusiveDays(p.startDate, p.plannedEndDate) <= t.values.unregisteredShortTermWeeks * 7;

const unregisteredOpen = (p: PlacementSnapshot, asOf: string) =>
  p.provider.kind === 'UNREGISTERED' && stillOpen(p, asOf);

/** U9 (proposal): a short-term placement above the part-time limit that has run past 12 calendar weeks. */
export const ruleU9ShortTermOverTwelveWeeks: Rule<PlacementSnapshot> = (p, asOf, _cal, t) => {
  if (!unregisteredOpen(p, asOf) || !plannedShortTerm(p, t)) return [];
  const load = weeklyLoad(p, t);
  const limitDays = t.values.unregisteredShortTermWeeks * 7;
  const days = inclusiveDays(p.startDate, asOf);
  if (!load.over || days <= limitDays) return [];
  return [
    raise('U9', t, {
      ...placementRefs(p),
      evidence: {
        startDate: p.startDate,
        plannedEndDate: p.plannedEndDate,
        calendarDaysOpen: days,
        weeksOpen: round1(days / 7),
        limitWeeks: t.values.unregisteredShortTermWeeks,
        sessionsPerWeek: load.sessions,
        loadBasis: load.basis,
      },
      score: days - limitDays,
    }),
  ];
};

/** U10 (proposal): a placement planned past 12 weeks (or open-ended) above 2 days / 4 sessions a week. */
export const ruleU10LongTermOverPartTimeLimit: Rule<PlacementSnapshot> = (p, asOf, _cal, t) => {
  if (!unregisteredOpen(p, asOf) || plannedShortTerm(p, t)) return [];
  const load = weeklyLoad(p, t);
  if (!load.over) return [];
  return [
    raise('U10', t, {
      ...placementRefs(p),
      evidence: {
        plannedEndDate: p.plannedEndDate,
        sessionsPerWeek: load.sessions,
        daysPerWeek: p.daysPerWeek ?? null,
        loadBasis: load.basis,
        maxSessionsPerWeek: t.values.unregisteredLongTermMaxSessionsPerWeek,
        maxDaysPerWeek: t.values.unregisteredLongTermMaxDaysPerWeek,
      },
      score: load.sessions - t.values.unregisteredLongTermMaxSessionsPerWeek,
    }),
  ];
};

/** U11: open longer than the national average unregistered placement (benchmark, information only). */
export const ruleU11LongerThanAverage: Rule<PlacementSnapshot> = (p, asOf, _cal, t) => {
  if (!unregisteredOpen(p, asOf)) return [];
  const days = inclusiveDays(p.startDate, asOf);
  const benchmark = t.values.unregisteredAverageStayCalendarDays;
  if (days <= benchmark) return [];
  return [
    raise('U11', t, {
      ...placementRefs(p),
      evidence: { calendarDaysOpen: days, benchmarkDays: benchmark },
      score: days - benchmark,
    }),
  ];
};

/**
 * U3 (per child): hours across unregistered settings above the full-time test; or, with unregistered
 * provision in the mix, total hours below full-time with no health reason or agreed part-time timetable.
 */
export const ruleU3PupilUnregisteredHours: Rule<PupilSnapshot> = (s, asOf, _cal, t) => {
  const running = s.placements.filter((p) => activeOn(p, asOf));
  const unregistered = running.filter((p) => p.provider.kind === 'UNREGISTERED');
  if (!unregistered.length || !isCompulsorySchoolAge(s.pupil.dateOfBirth, asOf)) return [];
  const refs = { subjectId: s.pupil.id, laId: s.pupil.laId, pupilId: s.pupil.id };
  const unregisteredHours = round1(unregistered.reduce((n, p) => n + p.hoursPerWeek, 0));
  const placementIds = unregistered.map((p) => p.id);
  const out: FlagCandidate[] = [];
  const ftLimit = t.values.unregisteredFullTimeHours;
  if (unregisteredHours > ftLimit) {
    out.push(
      raise('U3', t, {
        ...refs,
        periodKey: 'OVER_FULL_TIME_TEST',
        title: 'Pupil is full-time (over the hours test) across unregistered settings',
        evidence: { unregisteredHoursPerWeek: unregisteredHours, hoursOver: ftLimit, placementIds },
        score: unregisteredHours,
      }),
    );
  }
  const fullTime = t.values.fullTimeHoursPerWeek;
  const total = round1(running.reduce((n, p) => n + p.hoursPerWeek, 0) + (s.pupil.homeSchoolHoursPerWeek ?? 0));
  const justified = running.some(isHealthBased) || (s.partTimeTimetables ?? []).some((x) => activeOn(x, asOf));
  if (total < fullTime && !justified) {
    out.push(
      raise('U3', t, {
        ...refs,
        periodKey: 'BELOW_FULL_TIME',
        title: 'Pupil in unregistered AP has less than full-time education in total',
        evidence: {
          totalHoursPerWeek: total,
          unregisteredHoursPerWeek: unregisteredHours,
          fullTimeHours: fullTime,
          placementIds,
        },
        score: round1(fullTime - total),
      }),
    );
  }
  return out;
};
