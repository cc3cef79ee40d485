import { schoolDaysAfter } from '../calendar/schoolDays';
/**
 * Reintegration and post-16 (domain.md §1.2, §8.4, §8.5, §9.8 R1, R4). The sustain window is a design
 * default (2 terms), by analogy with DfE's sustained-destination measure; it is not a national rule.
 */
import { academicYearLabel } from '../academicYear';
import { type IsoDate, daysBetween, daysInMonth, makeIsoDate, monthOf, yearOf } from '../dates';
import type { PupilSnapshot, ReintegrationSnapshot } from './snapshots';
import { afterSchoolDays, isApPlacement, minDate, onOrBefore, raise } from './support';
import type { FlagCandidate, JsonValue, Rule } from './types';

type Failure = { kind: string; date: IsoDate | null; detail?: JsonValue };

function failures(
  s: PupilSnapshot,
  r: ReintegrationSnapshot,
  from: IsoDate,
  to: IsoDate,
  asOf: IsoDate,
  suspensionLimit: number,
): Failure[] {
  const within = (d: IsoDate | null | undefined): d is IsoDate => !!d && d >= from && d <= to;
  const out: Failure[] = [];
  for (const p of s.placements)
    if (p.id !== r.placementId && isApPlacement(p) && within(p.startDate))
      out.push({ kind: 'RE_ENTERED_AP', date: p.startDate, detail: p.id });
  for (const e of s.exclusions)
    if (e.kind === 'PERMANENT' && within(e.startDate)) out.push({ kind: 'PERMANENTLY_EXCLUDED', date: e.startDate });
  let suspended = 0;
  for (const e of [...s.exclusions]
    .filter((x) => x.kind === 'SUSPENSION' && within(x.startDate))
    .sort((a, b) => (a.startDate < b.startDate ? -1 : 1))) {
    const before = suspended;
    suspended += e.schoolDays ?? 0;
    if (before <= suspensionLimit && suspended > suspensionLimit)
      out.push({ kind: 'SUSPENSIONS_OVER_LIMIT', date: e.startDate, detail: suspended });
  }
  for (const pt of s.partTimeTimetables ?? [])
    if (within(pt.startDate)) out.push({ kind: 'PART_TIME_TIMETABLE', date: pt.startDate });
  for (const en of s.enrolments) {
    if (within(en.endDate) && (en.endReasonKind === 'ELECTIVE_HOME_EDUCATION' || en.endReasonKind === 'CME_OR_UNKNOWN'))
      out.push({
        kind:
          en.endReasonKind === 'ELECTIVE_HOME_EDUCATION' ? 'LEFT_FOR_HOME_EDUCATION' : 'LEFT_ROLL_DESTINATION_UNKNOWN',
        date: en.endDate,
      });
  }
  const ehe = s.pupil.electiveHomeEducationFrom;
  if (within(ehe) && !out.some((f) => f.kind === 'LEFT_FOR_HOME_EDUCATION'))
    out.push({ kind: 'LEFT_FOR_HOME_EDUCATION', date: ehe });
  for (const c of r.checkpoints) {
    const on = c.reportedOn ?? c.dueDate;
    if (c.outcome === 'BROKEN_DOWN' && on <= asOf)
      out.push({ kind: 'FOLLOW_UP_BROKEN_DOWN', date: on, detail: c.label });
  }
  if (r.status === 'BROKEN_DOWN' && !out.some((f) => f.kind === 'FOLLOW_UP_BROKEN_DOWN'))
    out.push({ kind: 'MARKED_BROKEN_DOWN', date: null });
  return out.sort((a, b) => ((a.date ?? '9999') < (b.date ?? '9999') ? -1 : 1));
}

/** R1: something in the sustain window (counted from the return, day 1) shows the return failing. */
export const ruleR1FailedReintegration: Rule<PupilSnapshot> = (s, asOf, cal, t) => {
  const out: FlagCandidate[] = [];
  for (const r of s.reintegrations) {
    if (r.startDate > asOf) continue;
    const windowEnds = cal.nthSchoolDayFrom(r.startDate, t.values.reintegrationSustainSchoolDays);
    const found = failures(
      s,
      r,
      r.startDate,
      minDate(asOf, windowEnds),
      asOf,
      t.values.reintegrationSuspensionSchoolDays,
    );
    if (!found.length) continue;
    out.push(
      raise('R1', t, {
        subjectId: r.id,
        laId: s.pupil.laId,
        pupilId: s.pupil.id,
        placementId: r.placementId,
        schoolId: r.schoolId,
        evidence: {
          returnedOn: r.startDate,
          sustainWindowEnds: windowEnds,
          firstFailureOn: found[0]?.date ?? null,
          failures: found.map((f) => ({ kind: f.kind, date: f.date, detail: f.detail ?? null })),
        },
        score: found.length,
      }),
    );
  }
  return out;
};

/** 'R1-CHECKPOINT': a follow-up past its due date plus the grace period with no report, while still pending. */
export const ruleR1CheckpointOverdue: Rule<PupilSnapshot> = (s, asOf, cal, t) => {
  const out: FlagCandidate[] = [];
  const grace = t.values.checkpointReportGraceSchoolDays;
  for (const r of s.reintegrations) {
    if (r.status !== 'PENDING' || r.checkpoints.some((c) => c.outcome === 'BROKEN_DOWN')) continue;
    for (const c of r.checkpoints) {
      if (c.outcome !== null && onOrBefore(c.reportedOn ?? c.dueDate, asOf)) continue;
      const reportBy = afterSchoolDays(cal, c.dueDate, grace);
      if (asOf <= reportBy) continue;
      const overdue = schoolDaysAfter(cal, reportBy, asOf);
      out.push(
        raise('R1-CHECKPOINT', t, {
          subjectId: r.id,
          laId: s.pupil.laId,
          pupilId: s.pupil.id,
          placementId: r.placementId,
          schoolId: r.schoolId,
          periodKey: c.label,
          title: `Reintegration follow-up not reported (${c.label}, due ${c.dueDate})`,
          evidence: {
            checkpoint: c.label,
            dueDate: c.dueDate,
            reportBy,
            graceSchoolDays: grace,
            schoolDaysOverdue: overdue,
          },
          score: overdue,
        }),
      );
    }
  }
  return out;
};

/** Calendar year in which the pupil's Year 11 starts (age 15 on the 31 August before it). */
export function yearElevenStartYear(dateOfBirth: IsoDate): number {
  return yearOf(dateOfBirth) + (monthOf(dateOfBirth) >= 9 ? 16 : 15);
}

/** R4: a Year 11 AP pupil with no September Guarantee offer after the deadline, or NEET/not known in Dec–Feb. */
export const ruleR4SeptemberGuarantee: Rule<PupilSnapshot> = (s, asOf, _cal, t) => {
  const y = yearElevenStartYear(s.pupil.dateOfBirth);
  const y11Start = makeIsoDate(y, 9, 1);
  const y11End = makeIsoDate(y + 1, 8, 31);
  const inAp = s.placements.some(
    (p) => isApPlacement(p) && p.startDate <= y11End && (p.endDate === null || p.endDate >= y11Start),
  );
  if (!inAp) return [];
  const refs = { subjectId: s.pupil.id, laId: s.pupil.laId, pupilId: s.pupil.id };
  const out: FlagCandidate[] = [];
  const deadline = makeIsoDate(y + 1, 9, t.values.septemberGuaranteeDay);
  const offer = s.post16?.septemberGuaranteeOfferOn ?? null;
  if (asOf > deadline && asOf <= makeIsoDate(y + 2, 8, 31) && !onOrBefore(offer, asOf)) {
    out.push(
      raise('R4', t, {
        ...refs,
        periodKey: `SEPTEMBER_GUARANTEE:${y + 1}`,
        title: `Year 11 AP leaver has no September Guarantee offer (due by ${deadline})`,
        evidence: { yearElevenEnded: y11End, offerDueBy: deadline, calendarDaysOverdue: daysBetween(deadline, asOf) },
        score: daysBetween(deadline, asOf),
      }),
    );
  }
  const decFirst = makeIsoDate(y + 1, 12, 1);
  const febLast = makeIsoDate(y + 2, 2, daysInMonth(y + 2, 2));
  if (asOf >= decFirst && asOf <= febLast) {
    const latest = (s.post16?.activity ?? [])
      .filter((a) => a.recordedOn <= asOf)
      .sort((a, b) => (a.recordedOn < b.recordedOn ? -1 : 1))
      .at(-1);
    const status = latest?.status ?? 'NOT_KNOWN';
    if (status !== 'EET') {
      const year = academicYearLabel(y + 1);
      out.push(
        raise('R4', t, {
          ...refs,
          periodKey: `NEET_DEC_FEB:${year}`,
          title: `Year 11 AP leaver is ${status === 'NEET' ? 'NEET' : 'not known'} in the December–February count`,
          evidence: { academicYear: year, status, recordedOn: latest?.recordedOn ?? null },
          score: status === 'NEET' ? 2 : 1,
        }),
      );
    }
  }
  return out;
};
