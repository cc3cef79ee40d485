import { checkpointSchedule, DEFAULT_VALUES } from '../flags/thresholds';
import type { SchoolDays } from '../calendar/schoolDays';

/**
 * Reintegration follow-ups (rules R1, R2). Defaults: 6 weeks, 1 term and 2 terms, counted in
 * school days from the day the pupil returns (day 1). The final checkpoint is the sustain window
 * (design default, by analogy with DfE's "sustained for two terms" destination measure, domain.md §8.5).
 */
export interface CheckpointDefinition {
  label: string;
  schoolDays: number;
}

/** The national windows from the threshold table; an LA's own come from checkpointSchedule(its values). */
export const DEFAULT_CHECKPOINTS: CheckpointDefinition[] = checkpointSchedule(DEFAULT_VALUES);

export function reintegrationCheckpoints(
  cal: SchoolDays,
  startDate: string,
  defs: CheckpointDefinition[] = DEFAULT_CHECKPOINTS,
) {
  const sorted = [...defs].sort((a, b) => a.schoolDays - b.schoolDays);
  return sorted.map((d, i) => ({
    label: d.label,
    schoolDays: d.schoolDays,
    dueDate: cal.nthSchoolDayFrom(startDate, d.schoolDays),
    isFinal: i === sorted.length - 1,
  }));
}

/**
 * What a follow-up found. NOT_KNOWN: the reporter tried and could not find out (e.g. an AP that has
 * lost touch with the receiving school). It is a report (the follow-up is no longer missing), never
 * evidence of a sustained return (rule R2 needs the pupil on roll for the whole window), and it can be
 * replaced later by what did happen.
 */
export type CheckpointOutcome = 'SUSTAINED' | 'BROKEN_DOWN' | 'NOT_KNOWN';

export interface CheckpointState {
  label: string;
  dueDate: string;
  isFinal: boolean;
  outcome: CheckpointOutcome | null;
}

/**
 * Rule R2: sustained only when the final checkpoint is reported sustained; any breakdown ends it.
 * A follow-up whose outcome is not known leaves it pending.
 */
export function ruleR2ReintegrationStatus(cps: CheckpointState[]): 'PENDING' | 'SUSTAINED' | 'BROKEN_DOWN' {
  if (cps.some((c) => c.outcome === 'BROKEN_DOWN')) return 'BROKEN_DOWN';
  if (cps.some((c) => c.isFinal && c.outcome === 'SUSTAINED')) return 'SUSTAINED';
  return 'PENDING';
}

/** Whether a checkpoint report can be accepted; returns a clerk-readable reason when not. */
export function checkpointReportProblem(
  cps: CheckpointState[],
  label: string,
  outcome: CheckpointOutcome,
  reportedOn: string,
  startDate: string,
): string | null {
  const idx = cps.findIndex((c) => c.label === label);
  if (idx < 0) return `There is no checkpoint called ${label}; expected one of ${cps.map((c) => c.label).join(', ')}.`;
  if (ruleR2ReintegrationStatus(cps) !== 'PENDING')
    return 'This reintegration is already closed; no further follow-ups can be reported.';
  const cp = cps[idx]!;
  // A "not known" is replaced by what did happen, once known; any other report stands (correct it instead).
  if (cp.outcome && !(cp.outcome === 'NOT_KNOWN' && outcome !== 'NOT_KNOWN'))
    return cp.outcome === 'NOT_KNOWN'
      ? `The ${label} follow-up is already reported as not known; report what happened once it is known.`
      : `The ${label} follow-up has already been reported. Correct it with a correction event instead.`;
  if (reportedOn < startDate) return 'A follow-up cannot be reported before the pupil returned to school.';
  if (outcome === 'NOT_KNOWN' && reportedOn < cp.dueDate)
    return `The ${label} follow-up is due on ${cp.dueDate}; it can only be reported as not known from that date.`;
  if (outcome === 'SUSTAINED') {
    if (reportedOn < cp.dueDate)
      return `The ${label} follow-up is due on ${cp.dueDate}; it can only be reported sustained from that date.`;
    const earlier = cps.slice(0, idx).find((c) => c.outcome !== 'SUSTAINED');
    if (earlier?.outcome === 'NOT_KNOWN')
      return `The ${earlier.label} follow-up is recorded as not known: a return is sustained only with the pupil on roll throughout, so report what happened at ${earlier.label} first.`;
    if (earlier) return `Report the ${earlier.label} follow-up first.`;
  }
  return null;
}
