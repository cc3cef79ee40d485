import { schoolDaysAfter } from '../calendar/schoolDays';
/** Placement oversight (domain.md §9.3 P2–P7) and part-time provision (§9.6 A5, §9.4 E9). */
import { academicYearOf, yearGroupFor } from '../academicYear';
import { daysBetween } from '../dates';
import type { PlacementSnapshot } from './snapshots';
import {
  afterSchoolDays,
  inclusiveDays,
  isApPlacement,
  isHealthBased,
  onOrBefore,
  placementRefs,
  raise,
  round1,
  stillOpen,
} from './support';
import type { FlagCandidate, Rule } from './types';

/** P2: no review within the interval (the placement's own, capped at one half-term) of the start or last review. */
export const ruleP2ReviewOverdue: Rule<PlacementSnapshot> = (p, asOf, cal, t) => {
  if (!stillOpen(p, asOf)) return [];
  const cap = t.values.reviewIntervalSchoolDays;
  const own = p.reviewIntervalSchoolDays;
  const interval = own !== null && own > 0 ? Math.min(own, cap) : cap;
  // A review recorded after asOf is ignored so a back-dated evaluation sees what was known then.
  const from = onOrBefore(p.lastReviewDate, asOf) && p.lastReviewDate > p.startDate ? p.lastReviewDate : p.startDate;
  const due = afterSchoolDays(cal, from, interval);
  if (asOf <= due) return [];
  const overdue = schoolDaysAfter(cal, due, asOf);
  return [
    raise('P2', t, {
      ...placementRefs(p),
      periodKey: due, // a new missed review is a new flag
      evidence: { lastReviewOrStart: from, reviewDueBy: due, intervalSchoolDays: interval, schoolDaysOverdue: overdue },
      score: overdue,
    }),
  ];
};

/** P3: open on a day after the planned end date (not on it). */
export const ruleP3PastPlannedEnd: Rule<PlacementSnapshot> = (p, asOf, cal, t) => {
  if (!stillOpen(p, asOf) || p.plannedEndDate === null || asOf <= p.plannedEndDate) return [];
  const days = daysBetween(p.plannedEndDate, asOf);
  return [
    raise('P3', t, {
      ...placementRefs(p),
      periodKey: p.plannedEndDate, // an extended end date that passes again is a new flag
      title: `Placement still open after its planned end date (${p.plannedEndDate})`,
      evidence: {
        plannedEndDate: p.plannedEndDate,
        calendarDaysOverdue: days,
        schoolDaysOverdue: schoolDaysAfter(cal, p.plannedEndDate, asOf),
      },
      score: days,
    }),
  ];
};

/** P4: Tier 2 past its limit with no reintegration date; any AP episode past the long-stay limit. */
export const ruleP4LongStay: Rule<PlacementSnapshot> = (p, asOf, cal, t) => {
  if (!stillOpen(p, asOf) || !isApPlacement(p)) return [];
  const out: FlagCandidate[] = [];
  const tier2Limit = t.values.tier2LimitSchoolDays;
  const open = cal.schoolDaysBetween(p.startDate, asOf);
  if (p.tier === 'TIER_2_TIME_LIMITED' && open > tier2Limit && !p.reintegrationDate) {
    out.push(
      raise('P4', t, {
        ...placementRefs(p),
        periodKey: 'TIER2_LIMIT',
        title: 'Time-limited (Tier 2) placement past its limit with no reintegration date',
        evidence: { schoolDaysOpen: open, limit: tier2Limit, startDate: p.startDate, plannedEndDate: p.plannedEndDate },
        score: open - tier2Limit,
      }),
    );
  }
  const longLimit = t.values.longStaySchoolDays;
  const episodeStart = p.episodeStartDate ?? p.startDate;
  const episode = cal.schoolDaysBetween(episodeStart, asOf);
  if (episode > longLimit) {
    out.push(
      raise('P4', t, {
        ...placementRefs(p),
        periodKey: 'LONG_STAY',
        title: 'Long stay in alternative provision',
        evidence: { schoolDaysInEpisode: episode, limit: longLimit, episodeStartDate: episodeStart },
        score: episode - longLimit,
      }),
    );
  }
  return out;
};

// Exits with an explanation: not off-rolling (M3 watches home education separately).
const EXPLAINED_EXITS = new Set([
  'PERMANENT_EXCLUSION',
  'ELECTIVE_HOME_EDUCATION',
  'TRANSFERRED_TO_SCHOOL',
  'MOVED_AWAY',
]);

/** P5: a school-commissioned pupil taken off the home-school roll during the placement. */
export const ruleP5RemovedFromHomeRoll: Rule<PlacementSnapshot> = (p, asOf, _cal, t) => {
  const e = p.homeSchoolEnrolmentEnded;
  if (p.commissionerKind !== 'SCHOOL' || !e || EXPLAINED_EXITS.has(e.endReasonKind)) return [];
  const during = e.endDate >= p.startDate && (p.endDate === null || e.endDate <= p.endDate);
  if (!during || e.endDate > asOf) return [];
  return [
    raise('P5', t, {
      ...placementRefs(p),
      evidence: {
        removedFromRollOn: e.endDate,
        endReason: e.endReason,
        endReasonKind: e.endReasonKind,
        placementStartDate: p.startDate,
      },
      score: 1, // a single event: it does not get worse with time
    }),
  ];
};

/** P7: Reception–Year 6 pupil in a Tier 2/3 placement (Ofsted concern; information only). */
export const ruleP7PrimaryAge: Rule<PlacementSnapshot> = (p, asOf, _cal, t) => {
  if (!stillOpen(p, asOf) || !isApPlacement(p)) return [];
  const academicYear = academicYearOf(asOf);
  const yearGroup = yearGroupFor(p.pupil.dateOfBirth, academicYear);
  if (yearGroup === null || yearGroup > 6) return [];
  return [raise('P7', t, { ...placementRefs(p), evidence: { yearGroup, academicYear }, score: 1 })];
};

const S19_NOT_HEALTH = new Set(['S19_LA_DAY_SIX_PERMANENT_EXCLUSION', 'S19_OTHER']);
const timetabledHours = (p: PlacementSnapshot) => round1(p.hoursPerWeek + (p.otherTimetabledHoursPerWeek ?? 0));

/**
 * A5 as applied to placements: the pupil's timetable is below full-time for a non-health reason and
 * it has no end date or review schedule, has run past the part-time limit (calendar weeks), or is for
 * behaviour. s19 placements are left to E9 so one arrangement is not flagged twice.
 */
export const ruleA5PartTimeArrangement: Rule<PlacementSnapshot> = (p, asOf, _cal, t) => {
  if (!stillOpen(p, asOf) || isHealthBased(p) || S19_NOT_HEALTH.has(p.legalBasis)) return [];
  const fullTime = t.values.fullTimeHoursPerWeek;
  const hours = timetabledHours(p);
  if (hours >= fullTime) return [];
  const limitDays = t.values.partTimeMaxWeeks * 7;
  const daysPartTime = inclusiveDays(p.startDate, asOf);
  const problems: string[] = [];
  if (p.plannedEndDate === null) problems.push('NO_END_DATE');
  if (!(p.reviewIntervalSchoolDays && p.reviewIntervalSchoolDays > 0)) problems.push('NO_REVIEW_SCHEDULE');
  if (daysPartTime > limitDays) problems.push('OVER_TIME_LIMIT');
  if (p.reason === 'BEHAVIOUR_EARLY_INTERVENTION') problems.push('FOR_BEHAVIOUR');
  if (!problems.length) return [];
  return [
    raise('A5', t, {
      ...placementRefs(p),
      evidence: {
        problems,
        hoursPerWeek: p.hoursPerWeek,
        timetabledHoursPerWeek: hours,
        fullTimeHours: fullTime,
        weeksPartTime: round1(daysPartTime / 7),
        limitWeeks: t.values.partTimeMaxWeeks,
        plannedEndDate: p.plannedEndDate,
      },
      score: problems.length,
    }),
  ];
};

/** E9: LA s19 provision (not for health) below full-time. */
export const ruleE9PartTimeS19: Rule<PlacementSnapshot> = (p, asOf, _cal, t) => {
  if (!stillOpen(p, asOf) || !S19_NOT_HEALTH.has(p.legalBasis)) return [];
  const fullTime = t.values.fullTimeHoursPerWeek;
  const hours = timetabledHours(p);
  if (hours >= fullTime) return [];
  return [
    raise('E9', t, {
      ...placementRefs(p),
      evidence: {
        legalBasis: p.legalBasis,
        hoursPerWeek: p.hoursPerWeek,
        timetabledHoursPerWeek: hours,
        fullTimeHours: fullTime,
      },
      score: round1(fullTime - hours),
    }),
  ];
};
