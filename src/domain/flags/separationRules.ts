/**
 * Safeguarding separation (domain.md §10.2, guidance in force 26 July 2026): separating a pupil for
 * safeguarding reasons is not a suspension and triggers the LA's s19 duty to arrange suitable education.
 * SEP1 flags a separation still running with no education recorded from its sixth school day (the
 * threshold `separationProvisionSchoolDay`), judged by the rules in force on the separation's first day.
 */
import { isCompulsorySchoolAge } from '../academicYear';
import { ruleApplies } from '../law/applicability';
import type { PupilSnapshot } from './snapshots';
import { thresholdOn } from './thresholds';
import { activeOn, raise } from './support';
import type { FlagCandidate, Rule } from './types';

/** SEP1: on or after the separation's sixth school day, while it lasts, no placement at all is running. */
export const ruleSep1SeparationNoEducation: Rule<PupilSnapshot> = (s, asOf, cal, t) => {
  const out: FlagCandidate[] = [];
  for (const sep of s.separations ?? []) {
    if (!ruleApplies('SEP1', sep.startDate, {}, t.commencements).applies) continue;
    const day = thresholdOn(t, 'separationProvisionSchoolDay', sep.startDate);
    if (day === null) continue;
    const dueDate = cal.nthSchoolDayFrom(sep.startDate, day);
    if (asOf < dueDate || !activeOn({ startDate: sep.startDate, endDate: sep.endDate }, asOf)) continue;
    if (!isCompulsorySchoolAge(s.pupil.dateOfBirth, asOf)) continue;
    if (s.placements.some((p) => activeOn(p, asOf))) continue;
    const days = cal.schoolDaysBetween(dueDate, asOf);
    out.push(
      raise('SEP1', t, {
        subjectId: s.pupil.id,
        laId: s.pupil.laId,
        pupilId: s.pupil.id,
        schoolId: sep.schoolId,
        periodKey: `SEPARATION:${sep.id}`,
        evidence: {
          separationId: sep.id,
          separatedFrom: sep.startDate,
          reasonCategory: sep.reasonCategory,
          educationDueBy: dueDate,
          provisionSchoolDay: day,
          schoolDaysWithoutEducation: days,
        },
        score: days,
      }),
    );
  }
  return out;
};
