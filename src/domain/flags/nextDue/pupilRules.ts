/**
 * Next-due dates of the pupil rules (exclusionRules.ts, separationRules.ts, managedMoveRules.ts,
 * reintegrationRules.ts, movementRules.ts, U3 in unregisteredPlacementRules.ts). Named after the rules.
 */
import { compulsorySchoolAgeEnds } from '../../academicYear';
import { ruleApplies } from '../../law/applicability';
import { addDays, daysInMonth, makeIsoDate } from '../../dates';
import type { PupilSnapshot } from '../snapshots';
import { thresholdOn } from '../thresholds';
import { afterSchoolDays, isApPlacement, onOrBefore } from '../support';
import { yearElevenStartYear } from '../reintegrationRules';
import {
  compulsorySchoolAgeDates,
  dayAfter,
  nextSeptember,
  spanDates,
  type MaybeDate,
  type NextDue,
  type RuleNextDue,
} from './support';

/** Provision on a day (provisionOn, activeOn): any placement starting or ending. */
const placementSpans = (s: PupilSnapshot): MaybeDate[] => s.placements.flatMap(spanDates);

/** U3: placements, part-time timetables, compulsory school age. */
export const nextDueU3PupilUnregisteredHours: NextDue<PupilSnapshot> = (s) => [
  ...placementSpans(s),
  ...(s.partTimeTimetables ?? []).flatMap(spanDates),
  ...compulsorySchoolAgeDates(s.pupil.dateOfBirth),
];

/** E2: day six and the day after the last day of a long suspension; provision while it runs; reinstatement. */
export const nextDueE2SuspensionDaySix: NextDue<PupilSnapshot> = (s, asOf, cal, t) => {
  const daySix = t.values.daySix;
  const out: MaybeDate[] = [];
  for (const e of s.exclusions) {
    if (e.kind !== 'SUSPENSION' || e.schoolDays === null || e.schoolDays <= daySix - 1) continue;
    const lastDay = cal.nthSchoolDayFrom(e.startDate, Math.ceil(e.schoolDays));
    if (lastDay < asOf) continue;
    out.push(cal.nthSchoolDayFrom(e.startDate, daySix), dayAfter(lastDay), e.governorDecisionDate);
    out.push(...placementSpans(s));
  }
  return out;
};

/** E3: day six; the duty ending (reinstatement, a new roll, home education, a move, the end of CSA); provision. */
export const nextDueE3PermanentExclusionDaySix: NextDue<PupilSnapshot> = (s, asOf, cal, t) => {
  const out: MaybeDate[] = [];
  for (const e of s.exclusions) {
    if (e.kind !== 'PERMANENT') continue;
    // Ended for good: reinstated, home education or a move recorded by asOf, or past compulsory school age.
    if (e.governorOutcome === 'REINSTATED' && onOrBefore(e.governorDecisionDate, asOf)) continue;
    if (onOrBefore(s.pupil.electiveHomeEducationFrom, asOf) || onOrBefore(s.pupil.movedOutOfLaOn, asOf)) continue;
    if (asOf > compulsorySchoolAgeEnds(s.pupil.dateOfBirth)) continue;
    out.push(cal.nthSchoolDayFrom(e.startDate, t.values.daySix), e.governorDecisionDate);
    out.push(
      s.pupil.electiveHomeEducationFrom,
      s.pupil.movedOutOfLaOn,
      ...compulsorySchoolAgeDates(s.pupil.dateOfBirth),
    );
    out.push(...s.enrolments.flatMap(spanDates), ...placementSpans(s));
  }
  return out;
};

/** E4: the governors' deadline passes (15 or 50 school days, whichever applies), or a decision takes effect. */
export const nextDueE4GovernorReview: NextDue<PupilSnapshot> = (s, _asOf, cal, t) =>
  s.exclusions.flatMap((e) => {
    const from = e.notifiedOn ?? e.startDate;
    return [
      e.governorDecisionDate,
      dayAfter(afterSchoolDays(cal, from, t.values.governorReinstatementSchoolDays)),
      dayAfter(afterSchoolDays(cal, from, t.values.governorRepresentationsSchoolDays)),
    ];
  });

/**
 * E8: a new school year; absences starting or ending; decisions dated later. An open-ended absence adds a
 * school day at a time, so while one runs undecided the pupil is due every day.
 */
export const nextDueE8HealthAbsence: NextDue<PupilSnapshot> = (s, asOf) => {
  const absences = s.healthAbsences ?? [];
  if (!absences.length) return [];
  const growing = absences.some((a) => a.startDate <= asOf && a.endDate === null && !a.expectedEndDate);
  return [
    nextSeptember(asOf),
    growing ? addDays(asOf, 1) : null,
    ...absences.flatMap((a) => [
      a.startDate,
      ...spanDates({ startDate: a.startDate, endDate: a.endDate }),
      a.expectedEndDate,
      dayAfter(a.expectedEndDate),
    ]),
    ...(s.s19HealthDecisions ?? []).map((d) => d.decidedOn),
    ...s.placements.filter((p) => p.legalBasis === 'S19_HEALTH').flatMap(spanDates),
  ];
};

/** SEP1: the separation's education-due day, its end, compulsory school age, provision. */
export const nextDueSep1SeparationNoEducation: NextDue<PupilSnapshot> = (s, _asOf, cal, t) => {
  const out: MaybeDate[] = [];
  for (const sep of s.separations ?? []) {
    if (!ruleApplies('SEP1', sep.startDate, {}, t.commencements).applies) continue;
    const day = thresholdOn(t, 'separationProvisionSchoolDay', sep.startDate);
    if (day === null) continue;
    out.push(cal.nthSchoolDayFrom(sep.startDate, day), ...spanDates(sep));
    out.push(...compulsorySchoolAgeDates(s.pupil.dateOfBirth), ...placementSpans(s));
  }
  return out;
};

/** O7, O7b: a move is judged from the day it was agreed. */
export const nextDueO7TrialManagedMove: NextDue<PupilSnapshot> = (s) => (s.managedMoves ?? []).map((m) => m.agreedOn);
export const nextDueO7bManagedMoveAdmissionPriority = nextDueO7TrialManagedMove;

/** R1: the return itself, and anything dated later that counts as a failure in the sustain window. */
export const nextDueR1FailedReintegration: NextDue<PupilSnapshot> = (s) => {
  if (!s.reintegrations.length) return [];
  return [
    ...s.reintegrations.flatMap((r) => [r.startDate, ...r.checkpoints.map((c) => c.reportedOn ?? c.dueDate)]),
    ...s.placements.map((p) => p.startDate),
    ...s.exclusions.map((e) => e.startDate),
    ...(s.partTimeTimetables ?? []).map((x) => x.startDate),
    ...s.enrolments.map((e) => e.endDate),
    s.pupil.electiveHomeEducationFrom,
  ];
};

/** R1-CHECKPOINT: a follow-up's report takes effect, or its grace period passes. */
export const nextDueR1CheckpointOverdue: NextDue<PupilSnapshot> = (s, _asOf, cal, t) =>
  s.reintegrations.flatMap((r) =>
    r.status !== 'PENDING'
      ? []
      : r.checkpoints.flatMap((c) => [
          c.reportedOn ?? c.dueDate,
          dayAfter(afterSchoolDays(cal, c.dueDate, t.values.checkpointReportGraceSchoolDays)),
        ]),
  );

/** R4: the September Guarantee deadline and the December–February count of the Year 11 AP leaver. */
export const nextDueR4SeptemberGuarantee: NextDue<PupilSnapshot> = (s, _asOf, _cal, t) => {
  const y = yearElevenStartYear(s.pupil.dateOfBirth);
  const y11Start = makeIsoDate(y, 9, 1);
  const y11End = makeIsoDate(y + 1, 8, 31);
  const inAp = s.placements.some(
    (p) => isApPlacement(p) && p.startDate <= y11End && (p.endDate === null || p.endDate >= y11Start),
  );
  if (!inAp) return [];
  return [
    dayAfter(makeIsoDate(y + 1, 9, t.values.septemberGuaranteeDay)),
    dayAfter(makeIsoDate(y + 2, 8, 31)),
    s.post16?.septemberGuaranteeOfferOn,
    makeIsoDate(y + 1, 12, 1),
    dayAfter(makeIsoDate(y + 2, 2, daysInMonth(y + 2, 2))),
    ...(s.post16?.activity ?? []).map((a) => a.recordedOn),
  ];
};

/** M3: an exit to home education dated later. */
export const nextDueM3VulnerableToHomeEducation: NextDue<PupilSnapshot> = (s) => [
  ...s.enrolments.filter((e) => e.endReasonKind === 'ELECTIVE_HOME_EDUCATION').map((e) => e.endDate),
  ...s.placements.filter((p) => p.destination === 'ELECTIVE_HOME_EDUCATION').map((p) => p.endDate),
];

/** M5: compulsory school age; rolls and placements starting or ending; home education; a move away. */
export const nextDueM5ChildMissingEducation: NextDue<PupilSnapshot> = (s) => [
  ...compulsorySchoolAgeDates(s.pupil.dateOfBirth),
  ...s.enrolments.flatMap(spanDates),
  ...placementSpans(s),
  s.pupil.electiveHomeEducationFrom,
  s.pupil.electiveHomeEducationEndedOn,
  s.pupil.movedOutOfLaOn,
];

export const PUPIL_NEXT_DUE: Readonly<Record<string, RuleNextDue<PupilSnapshot>>> = {
  U3: { dates: nextDueU3PupilUnregisteredHours, scoreGrowsWithTime: false },
  E2: { dates: nextDueE2SuspensionDaySix, scoreGrowsWithTime: true },
  E3: { dates: nextDueE3PermanentExclusionDaySix, scoreGrowsWithTime: true },
  E4: { dates: nextDueE4GovernorReview, scoreGrowsWithTime: true },
  E8: { dates: nextDueE8HealthAbsence, scoreGrowsWithTime: true },
  SEP1: { dates: nextDueSep1SeparationNoEducation, scoreGrowsWithTime: true },
  O7: { dates: nextDueO7TrialManagedMove, scoreGrowsWithTime: false },
  O7b: { dates: nextDueO7bManagedMoveAdmissionPriority, scoreGrowsWithTime: false },
  R1: { dates: nextDueR1FailedReintegration, scoreGrowsWithTime: false },
  'R1-CHECKPOINT': { dates: nextDueR1CheckpointOverdue, scoreGrowsWithTime: true },
  R4: { dates: nextDueR4SeptemberGuarantee, scoreGrowsWithTime: true },
  M3: { dates: nextDueM3VulnerableToHomeEducation, scoreGrowsWithTime: false },
  M5: { dates: nextDueM5ChildMissingEducation, scoreGrowsWithTime: true },
};
