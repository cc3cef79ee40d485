import { schoolDaysAfter } from '../calendar/schoolDays';
/**
 * Exclusions and s19 (domain.md §2.1, §5.1, §9.4 E2, E3, E4, E8). Flags stay raised while the duty
 * is unmet and resolve once it is met; a late start shows in the flag's history, not as a standing flag.
 */
import { academicYearEnd, academicYearOf, academicYearStart, isCompulsorySchoolAge } from '../academicYear';
import { addDays, type IsoDate } from '../dates';
import type { ExclusionSnapshot, PupilSnapshot } from './snapshots';
import type { ResolvedThresholds } from './thresholds';
import { activeOn, afterSchoolDays, maxDate, minDate, onOrBefore, provisionOn, raise } from './support';
import type { FlagCandidate, Rule, SchoolDays } from './types';

function exclusionRefs(s: PupilSnapshot, e: ExclusionSnapshot) {
  return { subjectId: e.id, laId: s.pupil.laId, pupilId: s.pupil.id, schoolId: e.schoolId };
}

const reinstatedBy = (e: ExclusionSnapshot, d: IsoDate) =>
  e.governorOutcome === 'REINSTATED' && onOrBefore(e.governorDecisionDate, d);

/** E2: a suspension of more than 5 school days, on day 6 or later, with no full-time provision in place. */
export const ruleE2SuspensionDaySix: Rule<PupilSnapshot> = (s, asOf, cal, t) => {
  const daySix = t.values.daySix;
  const fullTime = t.values.fullTimeHoursPerWeek;
  const out: FlagCandidate[] = [];
  for (const e of s.exclusions) {
    // "More than five days" tracks the day-6 threshold, so a tightened day also tightens this.
    if (e.kind !== 'SUSPENSION' || e.schoolDays === null || e.schoolDays <= daySix - 1) continue;
    const daySixDate = cal.nthSchoolDayFrom(e.startDate, daySix);
    const lastDay = cal.nthSchoolDayFrom(e.startDate, Math.ceil(e.schoolDays));
    if (asOf < daySixDate || asOf > lastDay || reinstatedBy(e, asOf)) continue;
    const provision = provisionOn(s.placements, asOf, fullTime);
    if (provision.fullTime) continue;
    const days = cal.schoolDaysBetween(daySixDate, asOf);
    out.push(
      raise('E2', t, {
        ...exclusionRefs(s, e),
        evidence: {
          suspensionStart: e.startDate,
          suspensionSchoolDays: e.schoolDays,
          daySixDate,
          lastDayOfSuspension: lastDay,
          hoursInPlace: provision.hours,
          fullTimeHours: fullTime,
          schoolDaysWithoutProvision: days,
        },
        score: days,
      }),
    );
  }
  return out;
};

/** The LA's duty after a PEX lasts until reinstatement, a new roll, home education, a move away or the end of CSA. */
function pexDutyEnded(s: PupilSnapshot, e: ExclusionSnapshot, asOf: IsoDate): boolean {
  if (reinstatedBy(e, asOf)) return true;
  if (s.enrolments.some((en) => en.startDate > e.startDate && activeOn(en, asOf))) return true;
  if (onOrBefore(s.pupil.electiveHomeEducationFrom, asOf) || onOrBefore(s.pupil.movedOutOfLaOn, asOf)) return true;
  return !isCompulsorySchoolAge(s.pupil.dateOfBirth, asOf);
}

/** E3: from day 6 of a permanent exclusion, no full-time (or health-based) provision in place. */
export const ruleE3PermanentExclusionDaySix: Rule<PupilSnapshot> = (s, asOf, cal, t) => {
  const fullTime = t.values.fullTimeHoursPerWeek;
  const out: FlagCandidate[] = [];
  for (const e of s.exclusions) {
    if (e.kind !== 'PERMANENT') continue;
    const daySixDate = cal.nthSchoolDayFrom(e.startDate, t.values.daySix);
    if (asOf < daySixDate || pexDutyEnded(s, e, asOf)) continue;
    const provision = provisionOn(s.placements, asOf, fullTime);
    if (provision.fullTime) continue;
    const days = cal.schoolDaysBetween(daySixDate, asOf);
    out.push(
      raise('E3', t, {
        ...exclusionRefs(s, e),
        evidence: {
          excludedFrom: e.startDate,
          daySixDate,
          hoursInPlace: provision.hours,
          fullTimeHours: fullTime,
          schoolDaysSinceDaySix: days,
        },
        score: days,
      }),
    );
  }
  return out;
};

function termKey(cal: SchoolDays, d: IsoDate): string {
  const term = cal.termOf(cal.nthSchoolDayFrom(d, 1));
  return term ? `${term.academicYear}:${term.term}` : d;
}

/** Which governors' deadline applies, if any (§5.1): 15 school days, or 50 where parents made representations. */
function governorDeadline(s: PupilSnapshot, e: ExclusionSnapshot, cal: SchoolDays, t: ResolvedThresholds) {
  if (e.kind === 'PERMANENT')
    return { basis: 'PERMANENT_EXCLUSION', schoolDays: t.values.governorReinstatementSchoolDays, termTotal: null };
  const key = termKey(cal, e.startDate);
  // This suspension and earlier ones at the same school in the same term.
  const termTotal = s.exclusions
    .filter(
      (x) =>
        x.kind === 'SUSPENSION' &&
        x.schoolId === e.schoolId &&
        (x.startDate < e.startDate || (x.startDate === e.startDate && x.id <= e.id)),
    )
    .filter((x) => termKey(cal, x.startDate) === key)
    .reduce((n, x) => n + (x.schoolDays ?? 0), 0);
  if (termTotal > 15)
    return { basis: 'TERM_TOTAL_OVER_15', schoolDays: t.values.governorReinstatementSchoolDays, termTotal };
  if (e.missesPublicExam)
    return { basis: 'MISSES_PUBLIC_EXAM', schoolDays: t.values.governorReinstatementSchoolDays, termTotal };
  if (termTotal > 5 && e.parentsMadeRepresentations)
    return { basis: 'PARENT_REPRESENTATIONS', schoolDays: t.values.governorRepresentationsSchoolDays, termTotal };
  return null;
}

/** E4: the governing board's consideration is not recorded by its deadline. */
export const ruleE4GovernorReview: Rule<PupilSnapshot> = (s, asOf, cal, t) => {
  const out: FlagCandidate[] = [];
  for (const e of s.exclusions) {
    const decided = e.governorDecisionDate ? e.governorDecisionDate <= asOf : e.governorOutcome !== 'PENDING';
    if (decided) continue;
    const rule = governorDeadline(s, e, cal, t);
    if (!rule) continue;
    const from = e.notifiedOn ?? e.startDate;
    const decideBy = afterSchoolDays(cal, from, rule.schoolDays);
    if (asOf <= decideBy) continue;
    const overdue = schoolDaysAfter(cal, decideBy, asOf);
    out.push(
      raise('E4', t, {
        ...exclusionRefs(s, e),
        evidence: {
          basis: rule.basis,
          termTotalSchoolDays: rule.termTotal,
          notifiedOn: from,
          deadlineSchoolDays: rule.schoolDays,
          decideBy,
          schoolDaysOverdue: overdue,
        },
        score: overdue,
      }),
    );
  }
  return out;
};

/** E8: health absence this school year (to date plus any expected continuation) reaches the threshold, no LA decision. */
export const ruleE8HealthAbsence: Rule<PupilSnapshot> = (s, asOf, cal, t) => {
  const academicYear = academicYearOf(asOf);
  const yearStart = academicYearStart(academicYear);
  const yearEnd = academicYearEnd(academicYear);
  let toDate = 0;
  let expected = 0;
  for (const a of s.healthAbsences ?? []) {
    if (a.startDate > asOf) continue;
    const from = maxDate(a.startDate, yearStart);
    const plannedEnd = a.endDate ?? a.expectedEndDate ?? null;
    const actualEnd = plannedEnd !== null && plannedEnd < asOf ? plannedEnd : asOf;
    if (actualEnd >= from) toDate += cal.schoolDaysBetween(from, minDate(actualEnd, yearEnd));
    if (plannedEnd !== null && plannedEnd > asOf)
      expected += cal.schoolDaysBetween(addDays(asOf, 1), minDate(plannedEnd, yearEnd));
  }
  const threshold = t.values.healthAbsenceSchoolDays;
  if (toDate + expected < threshold) return [];
  const decided =
    (s.s19HealthDecisions ?? []).some((d) => d.decidedOn >= yearStart && d.decidedOn <= asOf) ||
    s.placements.some(
      (p) => p.legalBasis === 'S19_HEALTH' && p.startDate <= asOf && (p.endDate === null || p.endDate >= yearStart),
    );
  if (decided) return [];
  return [
    raise('E8', t, {
      subjectId: s.pupil.id,
      laId: s.pupil.laId,
      pupilId: s.pupil.id,
      periodKey: academicYear,
      evidence: {
        academicYear,
        schoolDaysMissedToDate: toDate,
        schoolDaysExpected: expected,
        thresholdSchoolDays: threshold,
      },
      score: toDate + expected,
    }),
  ];
};
