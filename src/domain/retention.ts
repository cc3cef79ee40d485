/**
 * The retention schedule (docs/data-protection.md): when a pupil's record has been kept long enough to be
 * anonymised. Each period is a threshold (src/domain/flags/thresholds.ts: status, source, an LA's own value):
 *   RET1  every pupil record: date of birth + retentionPupilRecordYearsFromBirth (IRMS toolkit: 25)
 *   RET2  a pupil who ever had SEN support or an EHC plan: date of birth + retentionSenRecordYearsFromBirth (31)
 *   RET3  never sooner than retentionYearsAfterLastActivity (6) after the record's last activity
 * The record is due on the latest of the dates that apply; the rule giving that date is returned as data.
 */
import { daysInMonth, makeIsoDate, type IsoDate } from './dates';
import type { ThresholdValues } from './flags/thresholds';

/** `n` years after `d`; 29 February becomes 1 March in a common year (never a day early). */
export function addYears(d: IsoDate, n: number): IsoDate {
  const y = Number(d.slice(0, 4)) + n;
  const m = Number(d.slice(5, 7));
  const day = Number(d.slice(8, 10));
  return day > daysInMonth(y, m) ? makeIsoDate(y, m + 1, 1) : makeIsoDate(y, m, day);
}

export type RetentionRuleId = 'RET1' | 'RET2' | 'RET3';

export interface RetentionFacts {
  dateOfBirth: IsoDate;
  /** SEN support or an EHC plan at any time on the record (now, or in its characteristic history). */
  everSen: boolean;
  /** The latest date of any movement, roll change, exclusion, separation, referral or timeline event. */
  lastActivityOn: IsoDate | null;
}

export interface RetentionDue {
  dueOn: IsoDate;
  ruleId: RetentionRuleId;
}

type RetentionValues = Pick<
  ThresholdValues,
  'retentionPupilRecordYearsFromBirth' | 'retentionSenRecordYearsFromBirth' | 'retentionYearsAfterLastActivity'
>;

export function retentionDue(f: RetentionFacts, t: RetentionValues): RetentionDue {
  const candidates: RetentionDue[] = [
    { ruleId: 'RET1', dueOn: addYears(f.dateOfBirth, t.retentionPupilRecordYearsFromBirth) },
  ];
  if (f.everSen)
    candidates.push({ ruleId: 'RET2', dueOn: addYears(f.dateOfBirth, t.retentionSenRecordYearsFromBirth) });
  if (f.lastActivityOn)
    candidates.push({ ruleId: 'RET3', dueOn: addYears(f.lastActivityOn, t.retentionYearsAfterLastActivity) });
  // The latest date wins; on a tie the more specific rule (RET2, then RET3) names it.
  return candidates.reduce((a, b) => (b.dueOn >= a.dueOn ? b : a));
}

/** Past retention on `today`: the due date has been reached. */
export const pastRetention = (due: RetentionDue, today: IsoDate): boolean => due.dueOn <= today;

/**
 * The date of birth an anonymised record keeps: 1 September of the academic year the pupil was born in.
 * Every report reads a pupil's age on 31 August (year group) or their academic birth cohort, both of which
 * it leaves unchanged; the day and month of birth are gone.
 */
export function anonymisedDateOfBirth(dateOfBirth: IsoDate): IsoDate {
  const y = Number(dateOfBirth.slice(0, 4));
  const m = Number(dateOfBirth.slice(5, 7));
  return `${m >= 9 ? y : y - 1}-09-01`;
}
