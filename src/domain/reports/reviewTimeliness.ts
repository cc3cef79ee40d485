/**
 * Reviews on time (provider scorecard): a placement must be reviewed within 30 school days of its start
 * and then of each review (rule P2's half-termly maximum). Walking from the start: the next review is
 * due on the 30th school day after the anchor. A review on or before that day is on time and becomes the
 * anchor. Otherwise the due review counts as late, and the anchor becomes the late review if it came
 * before the following due day, else the missed due day itself — so a placement nobody reviews accrues
 * a late review every 30 school days. Only dues falling within [windowFrom, windowTo] are counted; a placement
 * that ended before a due day owes no review.
 */
/** Dates are ISO strings or day numbers: any type ordered by < and >. */
export interface SchoolDayStepper<D extends string | number = string> {
  addSchoolDays(date: D, n: number): D;
}

export const REVIEW_WITHIN_SCHOOL_DAYS = 30;

export function reviewTimeliness<D extends string | number = string>(
  cal: SchoolDayStepper<D>,
  p: { startDate: D; endDate: D | null; reviewDates: readonly D[] },
  windowFrom: D,
  windowTo: D,
  within = REVIEW_WITHIN_SCHOOL_DAYS,
): { due: number; onTime: number } {
  const reviews = [...p.reviewDates].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const stop = p.endDate !== null && p.endDate < windowTo ? p.endDate : windowTo;
  let anchor = p.startDate;
  let due = 0;
  let onTime = 0;
  // Bounded: each step moves the anchor forward by at least one school day.
  for (;;) {
    const dueOn = cal.addSchoolDays(anchor, within);
    if (dueOn > stop) break;
    const next = reviews.find((r) => r > anchor);
    const timely = next !== undefined && next <= dueOn;
    if (dueOn >= windowFrom) {
      due += 1;
      if (timely) onTime += 1;
    }
    anchor = next !== undefined && (timely || next <= cal.addSchoolDays(dueOn, within)) ? next : dueOn;
  }
  return { due, onTime };
}
