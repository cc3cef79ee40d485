import type { SchoolDays } from '../calendar/schoolDays';
import type { RuleProblem } from '../problems';

/** Rule P2: the next review falls within one half-term (default 30 school days) of the start or last review. */
export function ruleP2NextReviewDue(cal: SchoolDays, fromDate: string, intervalSchoolDays: number): string {
  return cal.addSchoolDays(fromDate, intervalSchoolDays);
}

export interface DirectionNotice {
  address: string;
  personToReportTo: string;
  numberOfDays: number;
  reasonsAndObjectives: string;
  sessionTimes: string;
}

/**
 * Rule O1: written notice of an off-site direction at least 2 school days before the first day,
 * giving the address, person to report to, number of days, reasons and objectives, and session times
 * (SI 2010/1156 reg 3).
 */
export function ruleO1NoticeProblems(
  cal: SchoolDays,
  noticeDate: string | null | undefined,
  notice: DirectionNotice | null | undefined,
  startDate: string,
  minimumSchoolDays = 2,
): RuleProblem[] {
  const out: RuleProblem[] = [];
  if (!noticeDate || !notice) {
    out.push({
      rule: 'O1',
      field: 'directionNotice',
      message: 'An off-site direction needs the written notice to parents and its date',
    });
    return out;
  }
  const earliestStart = cal.addSchoolDays(noticeDate, minimumSchoolDays);
  if (startDate < earliestStart)
    out.push({
      rule: 'O1',
      field: 'startDate',
      message: `Written notice must be given at least ${minimumSchoolDays} school days before the first day: with notice on ${noticeDate} the earliest start is ${earliestStart}`,
    });
  const missing = (['address', 'personToReportTo', 'reasonsAndObjectives', 'sessionTimes'] as const).filter(
    (k) => !notice[k]?.trim(),
  );
  if (missing.length)
    out.push({ rule: 'O1', field: 'directionNotice', message: `The notice must include: ${missing.join(', ')}` });
  if (!(notice.numberOfDays > 0))
    out.push({ rule: 'O1', field: 'directionNotice.numberOfDays', message: 'The notice must give the number of days' });
  return out;
}

/** Stay length, counted inclusively: a Monday-to-Friday placement is 5 school days and 5 calendar days. */
export function stayLength(
  cal: SchoolDays,
  startDate: string,
  endDate: string,
): { schoolDays: number; calendarDays: number } {
  if (endDate < startDate) return { schoolDays: 0, calendarDays: 0 };
  const calendarDays =
    Math.round((Date.parse(`${endDate}T00:00:00Z`) - Date.parse(`${startDate}T00:00:00Z`)) / 86_400_000) + 1;
  return { schoolDays: cal.schoolDaysBetween(startDate, endDate), calendarDays };
}
