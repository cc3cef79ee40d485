import { schoolDaysAfter } from '../calendar/schoolDays';
/**
 * Off-site directions under s29A EA 2002 (domain.md §5.2, §9.5 O1–O4, O3b; §10.2). A direction is
 * judged by the rules in force on its first day for the directing school's type: maintained schools
 * throughout; academies, AP academies and PRUs only for directions starting on or after 26 July 2026
 * (earlier ones are transitional). Which period judged it is in the evidence.
 */
import { ruleApplies, type ApplicabilityPeriod } from '../law/applicability';
import { addDays } from '../dates';
import type { DirectionReviewMeetingFacts, PlacementSnapshot } from './snapshots';
import type { ResolvedThresholds } from './thresholds';
import { afterSchoolDays, ended, placementRefs, raise } from './support';
import type { Rule, RuleId } from './types';

const isDirection = (p: PlacementSnapshot) =>
  p.reason === 'OFF_SITE_DIRECTION' || p.legalBasis === 'S29A_OFF_SITE_DIRECTION';

/** The period of `ruleId` that judges this direction, or null when the rule does not reach it. */
function judgedUnder(
  ruleId: RuleId,
  p: PlacementSnapshot,
  t: ResolvedThresholds,
): ApplicabilityPeriod | 'ALWAYS' | null {
  const a = ruleApplies(ruleId, p.startDate, { schoolType: p.commissioningSchoolType ?? null }, t.commencements);
  return a.applies ? (a.period ?? 'ALWAYS') : null;
}

const citation = (j: ApplicabilityPeriod | 'ALWAYS') => (j === 'ALWAYS' ? null : j.source.citation);

/** Checked once the direction has started: before then the school can still put the notice right. */
const inForce = (p: PlacementSnapshot, asOf: string) => isDirection(p) && p.startDate <= asOf && !ended(p, asOf);

/** The parts SI 2010/1156 reg 3 requires in the notice. */
function missingNoticeParts(p: PlacementSnapshot): string[] {
  const n = p.directionNotice;
  if (!n) return [];
  const missing: string[] = [];
  if (!n.address?.trim()) missing.push('address');
  if (!n.personToReportTo?.trim()) missing.push('personToReportTo');
  if (!(n.numberOfDays && n.numberOfDays > 0)) missing.push('numberOfDays');
  if (!n.reasonsAndObjectives?.trim()) missing.push('reasonsAndObjectives');
  if (!n.sessionTimes?.trim()) missing.push('sessionTimes');
  return missing;
}

/** O1: notice missing, fewer than the required school days before the first day, or incomplete. */
export const ruleO1DirectionNotice: Rule<PlacementSnapshot> = (p, asOf, cal, t) => {
  if (!inForce(p, asOf)) return [];
  const judged = judgedUnder('O1', p, t);
  if (!judged) return [];
  const required = t.values.offSiteNoticeSchoolDays;
  const problems: string[] = [];
  let earliestLawfulStart: string | null = null;
  if (!p.directionNoticeDate || !p.directionNotice) problems.push('NO_WRITTEN_NOTICE');
  else {
    earliestLawfulStart = afterSchoolDays(cal, p.directionNoticeDate, required);
    if (p.startDate < earliestLawfulStart) problems.push('SHORT_NOTICE');
  }
  const missingParts = missingNoticeParts(p);
  if (missingParts.length) problems.push('INCOMPLETE_NOTICE');
  if (!problems.length) return [];
  return [
    raise('O1', t, {
      ...placementRefs(p),
      evidence: {
        problems,
        noticeDate: p.directionNoticeDate,
        startDate: p.startDate,
        earliestLawfulStart,
        requiredSchoolDays: required,
        missingParts,
        judgedUnder: citation(judged),
      },
      score: problems.length + missingParts.length,
    }),
  ];
};

/** O2: a pupil with an EHC plan directed off-site and the LA not given notice in time. */
export const ruleO2EhcpLaNotice: Rule<PlacementSnapshot> = (p, asOf, cal, t) => {
  if (!inForce(p, asOf) || p.pupil.senStatus !== 'EHCP') return [];
  const judged = judgedUnder('O2', p, t);
  if (!judged) return [];
  const required = t.values.offSiteNoticeSchoolDays;
  const notice = p.ehcpLaNoticeDate;
  const earliestLawfulStart = notice ? afterSchoolDays(cal, notice, required) : null;
  if (earliestLawfulStart !== null && p.startDate >= earliestLawfulStart) return [];
  return [
    raise('O2', t, {
      ...placementRefs(p),
      evidence: {
        problem: notice ? 'LATE_NOTICE' : 'NO_NOTICE',
        laNoticeDate: notice,
        startDate: p.startDate,
        earliestLawfulStart,
        requiredSchoolDays: required,
        judgedUnder: citation(judged),
      },
      score: notice ? 1 : 2,
    }),
  ];
};

/** O4: no proposed maximum period or no review schedule (checked from creation: a planning requirement). */
export const ruleO4DirectionPlan: Rule<PlacementSnapshot> = (p, asOf, _cal, t) => {
  if (!isDirection(p) || ended(p, asOf)) return [];
  const judged = judgedUnder('O4', p, t);
  if (!judged) return [];
  const problems: string[] = [];
  if (!(p.maximumPeriodSchoolDays && p.maximumPeriodSchoolDays > 0)) problems.push('NO_MAXIMUM_PERIOD');
  if (!(p.reviewIntervalSchoolDays && p.reviewIntervalSchoolDays > 0)) problems.push('NO_REVIEW_SCHEDULE');
  if (!problems.length) return [];
  return [
    raise('O4', t, {
      ...placementRefs(p),
      evidence: {
        problems,
        maximumPeriodSchoolDays: p.maximumPeriodSchoolDays,
        reviewIntervalSchoolDays: p.reviewIntervalSchoolDays,
        judgedUnder: citation(judged),
      },
      score: problems.length,
    }),
  ];
};

/**
 * O3: a parent's or the LA's written request for a review with no review meeting held by the time the
 * tracker takes "as soon as reasonably practicable" to be (directionReviewRequestSchoolDays), unless a
 * review meeting took place in the weeks before the request (directionReviewRecentWeeks; SI 2012/2532).
 */
export const ruleO3ReviewRequestUnanswered: Rule<PlacementSnapshot> = (p, asOf, cal, t) => {
  if (!inForce(p, asOf)) return [];
  const judged = judgedUnder('O3', p, t);
  if (!judged) return [];
  const meetings = (p.directionReviewMeetings ?? []).map((m) => m.meetingDate).filter((d) => d <= asOf);
  const recentDays = t.values.directionReviewRecentWeeks * 7;
  return (p.directionReviewRequests ?? []).flatMap((r) => {
    if (r.requestedOn > asOf) return [];
    const recentFrom = addDays(r.requestedOn, -recentDays);
    if (meetings.some((d) => d >= recentFrom && d < r.requestedOn)) return [];
    if (meetings.some((d) => d >= r.requestedOn)) return [];
    const dueBy = afterSchoolDays(cal, r.requestedOn, t.values.directionReviewRequestSchoolDays);
    if (asOf <= dueBy) return [];
    const before = meetings.filter((d) => d < r.requestedOn).sort();
    return [
      raise('O3', t, {
        ...placementRefs(p),
        periodKey: r.requestedOn,
        evidence: {
          requestedOn: r.requestedOn,
          requestedBy: r.requestedBy,
          reviewDueBy: dueBy,
          lastMeetingBeforeRequest: before.at(-1) ?? null,
          recentWeeks: t.values.directionReviewRecentWeeks,
          judgedUnder: citation(judged),
        },
        score: schoolDaysAfter(cal, dueBy, asOf),
      }),
    ];
  });
};

/**
 * O3b: a review meeting of the direction held without the headteacher, without inviting the parents, or
 * without a nominee of the governing board (management committee for a PRU), or, for a pupil with an EHC
 * plan, without inviting the LA (the 2026 Regulations; domain.md §10.2). One flag per meeting.
 */
export const ruleO3bReviewMeetingAttendance: Rule<PlacementSnapshot> = (p, asOf, _cal, t) => {
  if (!isDirection(p)) return [];
  const judged = judgedUnder('O3b', p, t);
  if (!judged) return [];
  const ehcp = p.pupil.senStatus === 'EHCP';
  return (p.directionReviewMeetings ?? []).flatMap((m) => {
    if (m.meetingDate > asOf) return [];
    const problems = reviewMeetingProblems(m, ehcp);
    if (!problems.length) return [];
    return [
      raise('O3b', t, {
        ...placementRefs(p),
        periodKey: m.meetingDate,
        evidence: { meetingDate: m.meetingDate, problems, pupilHasEhcp: ehcp, judgedUnder: citation(judged) },
        score: problems.length,
      }),
    ];
  });
};

/** What a direction review meeting lacked: the rule's problems, as data (also shown when it is recorded). */
export function reviewMeetingProblems(
  m: Pick<DirectionReviewMeetingFacts, 'headteacherPresent' | 'parentsInvited' | 'boardNomineePresent' | 'laInvitedOn'>,
  pupilHasEhcp: boolean,
): string[] {
  const problems: string[] = [];
  if (!m.headteacherPresent) problems.push('NO_HEADTEACHER');
  if (!m.parentsInvited) problems.push('PARENTS_NOT_INVITED');
  if (!m.boardNomineePresent) problems.push('NO_BOARD_NOMINEE');
  if (pupilHasEhcp && !m.laInvitedOn) problems.push('LA_NOT_INVITED');
  return problems;
}
