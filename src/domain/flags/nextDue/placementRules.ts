/**
 * Next-due dates of the placement rules (placementRules.ts, offSiteRules.ts, unregisteredPlacementRules.ts):
 * for each, the dated facts and derived deadlines the rule compares asOf with. Named after the rules.
 */
import { academicYearOf, yearGroupFor } from '../../academicYear';
import { addDays } from '../../dates';
import type { PlacementSnapshot } from '../snapshots';
import { afterSchoolDays, isApPlacement, isHealthBased, onOrBefore } from '../support';
import { dayAfter, nextSeptember, spanDates, type MaybeDate, type NextDue, type RuleNextDue } from './support';

const S19_NOT_HEALTH = new Set(['S19_LA_DAY_SIX_PERMANENT_EXCLUSION', 'S19_OTHER']);
const isDirection = (p: PlacementSnapshot) =>
  p.reason === 'OFF_SITE_DIRECTION' || p.legalBasis === 'S29A_OFF_SITE_DIRECTION';

/** Other placements of the pupil start or end: the timetabled hours A5 and E9 read change. */
const otherTimetable = (p: PlacementSnapshot): MaybeDate[] => (p.otherPlacementSpans ?? []).flatMap(spanDates);

/** P2: the review falls due (the day after the due date), or a recorded later review takes effect. */
export const nextDueP2ReviewOverdue: NextDue<PlacementSnapshot> = (p, asOf, cal, t) => {
  const cap = t.values.reviewIntervalSchoolDays;
  const own = p.reviewIntervalSchoolDays;
  const interval = own !== null && own > 0 ? Math.min(own, cap) : cap;
  const from = onOrBefore(p.lastReviewDate, asOf) && p.lastReviewDate > p.startDate ? p.lastReviewDate : p.startDate;
  return [...spanDates(p), p.lastReviewDate, dayAfter(afterSchoolDays(cal, from, interval))];
};

/** P3: the day after the planned end date. */
export const nextDueP3PastPlannedEnd: NextDue<PlacementSnapshot> = (p) => [...spanDates(p), dayAfter(p.plannedEndDate)];

/** P4: the school day a Tier 2 stay or the AP episode passes its limit. */
export const nextDueP4LongStay: NextDue<PlacementSnapshot> = (p, _asOf, cal, t) => {
  if (!isApPlacement(p)) return [];
  return [
    ...spanDates(p),
    cal.nthSchoolDayFrom(p.startDate, t.values.tier2LimitSchoolDays + 1),
    cal.nthSchoolDayFrom(p.episodeStartDate ?? p.startDate, t.values.longStaySchoolDays + 1),
  ];
};

/** P5: the home-school roll's end date, once it arrives. */
export const nextDueP5RemovedFromHomeRoll: NextDue<PlacementSnapshot> = (p) => [p.homeSchoolEnrolmentEnded?.endDate];

/** P7: a new academic year moves the pupil up a year group (only ever up: past Year 6, never again). */
export const nextDueP7PrimaryAge: NextDue<PlacementSnapshot> = (p, asOf) => {
  if (!isApPlacement(p)) return [];
  const yearGroup = yearGroupFor(p.pupil.dateOfBirth, academicYearOf(asOf));
  if (yearGroup !== null && yearGroup > 6) return [];
  return [...spanDates(p), nextSeptember(asOf)];
};

/** A5: the part-time limit in calendar weeks passes; other placements change the timetabled hours. */
export const nextDueA5PartTimeArrangement: NextDue<PlacementSnapshot> = (p, _asOf, _cal, t) => {
  if (isHealthBased(p) || S19_NOT_HEALTH.has(p.legalBasis)) return [];
  return [...spanDates(p), ...otherTimetable(p), addDays(p.startDate, t.values.partTimeMaxWeeks * 7)];
};

/** E9: only the span and the other placements' hours. */
export const nextDueE9PartTimeS19: NextDue<PlacementSnapshot> = (p) =>
  S19_NOT_HEALTH.has(p.legalBasis) ? [...spanDates(p), ...otherTimetable(p)] : [];

/** O1, O2, O4: in force while the direction runs; judged by its first day, so nothing else moves. */
export const nextDueO1DirectionNotice: NextDue<PlacementSnapshot> = (p) => (isDirection(p) ? spanDates(p) : []);
export const nextDueO2EhcpLaNotice = nextDueO1DirectionNotice;
export const nextDueO4DirectionPlan = nextDueO1DirectionNotice;

/** O3: a request or meeting dated later takes effect; a request's review deadline passes. */
export const nextDueO3ReviewRequestUnanswered: NextDue<PlacementSnapshot> = (p, _asOf, cal, t) => {
  if (!isDirection(p)) return [];
  const days = t.values.directionReviewRequestSchoolDays;
  return [
    ...spanDates(p),
    ...(p.directionReviewMeetings ?? []).map((m) => m.meetingDate),
    ...(p.directionReviewRequests ?? []).flatMap((r) => [
      r.requestedOn,
      dayAfter(afterSchoolDays(cal, r.requestedOn, days)),
    ]),
  ];
};

/** O3b: a meeting dated later is judged from its day. */
export const nextDueO3bReviewMeetingAttendance: NextDue<PlacementSnapshot> = (p) =>
  isDirection(p) ? (p.directionReviewMeetings ?? []).map((m) => m.meetingDate) : [];

/** U7: the notification tolerance passes, or a later-dated notification takes effect. */
export const nextDueU7NotNotifiedToLa: NextDue<PlacementSnapshot> = (p, _asOf, cal, t) =>
  p.commissionerKind === 'SCHOOL'
    ? [
        ...spanDates(p),
        p.laNotifiedOn,
        dayAfter(afterSchoolDays(cal, p.startDate, t.values.laNotificationToleranceSchoolDays)),
      ]
    : [];

const unregistered = (p: PlacementSnapshot) => p.provider.kind === 'UNREGISTERED';

/** U9: 12 calendar weeks pass. */
export const nextDueU9ShortTermOverTwelveWeeks: NextDue<PlacementSnapshot> = (p, _asOf, _cal, t) =>
  unregistered(p) ? [...spanDates(p), addDays(p.startDate, t.values.unregisteredShortTermWeeks * 7)] : [];

/** U10: only the span. */
export const nextDueU10LongTermOverPartTimeLimit: NextDue<PlacementSnapshot> = (p) =>
  unregistered(p) ? spanDates(p) : [];

/** U11: the national average stay passes. */
export const nextDueU11LongerThanAverage: NextDue<PlacementSnapshot> = (p, _asOf, _cal, t) =>
  unregistered(p) ? [...spanDates(p), addDays(p.startDate, t.values.unregisteredAverageStayCalendarDays)] : [];

export const PLACEMENT_NEXT_DUE: Readonly<Record<string, RuleNextDue<PlacementSnapshot>>> = {
  P2: { dates: nextDueP2ReviewOverdue, scoreGrowsWithTime: true },
  P3: { dates: nextDueP3PastPlannedEnd, scoreGrowsWithTime: true },
  P4: { dates: nextDueP4LongStay, scoreGrowsWithTime: true },
  P5: { dates: nextDueP5RemovedFromHomeRoll, scoreGrowsWithTime: false },
  P7: { dates: nextDueP7PrimaryAge, scoreGrowsWithTime: false },
  A5: { dates: nextDueA5PartTimeArrangement, scoreGrowsWithTime: false },
  E9: { dates: nextDueE9PartTimeS19, scoreGrowsWithTime: false },
  O1: { dates: nextDueO1DirectionNotice, scoreGrowsWithTime: false },
  O2: { dates: nextDueO2EhcpLaNotice, scoreGrowsWithTime: false },
  O3: { dates: nextDueO3ReviewRequestUnanswered, scoreGrowsWithTime: true },
  O3b: { dates: nextDueO3bReviewMeetingAttendance, scoreGrowsWithTime: false },
  O4: { dates: nextDueO4DirectionPlan, scoreGrowsWithTime: false },
  U7: { dates: nextDueU7NotNotifiedToLa, scoreGrowsWithTime: true },
  U9: { dates: nextDueU9ShortTermOverTwelveWeeks, scoreGrowsWithTime: true },
  U10: { dates: nextDueU10LongTermOverPartTimeLimit, scoreGrowsWithTime: false },
  U11: { dates: nextDueU11LongerThanAverage, scoreGrowsWithTime: true },
};
