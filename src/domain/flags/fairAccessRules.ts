import { schoolDaysAfter } from '../calendar/schoolDays';
/**
 * Fair access panels (domain.md §4, §9.7 F1, F2, F5–F8). Deadline flags stay raised while the step is
 * outstanding and resolve when it is recorded; a step stops mattering once the referral is closed,
 * the child is admitted, or the child is allocated to a different school.
 */
import { addDays, daysBetween, type IsoDate } from '../dates';
import type { FairShareSnapshot, ReferralSnapshot, RefusalGround, SchoolResponseFacts } from './snapshots';
import { afterSchoolDays, onOrBefore, raise, round2 } from './support';
import type { FlagCandidate, Rule } from './types';

const open = (r: ReferralSnapshot, asOf: IsoDate) => !onOrBefore(r.closedOn, asOf);
const admitted = (r: ReferralSnapshot, asOf: IsoDate) => onOrBefore(r.admittedOn, asOf);

/** A school's response still matters: the referral is open, not yet admitted, and not allocated elsewhere. */
const responseLive = (r: ReferralSnapshot, x: SchoolResponseFacts, asOf: IsoDate) =>
  open(r, asOf) && !admitted(r, asOf) && (r.allocatedSchoolId === null || r.allocatedSchoolId === x.schoolId);

const refs = (r: ReferralSnapshot) => ({ subjectId: r.id, laId: r.laId, pupilId: r.pupilId });

/** F1: agreed to be considered, and no place allocated 20 school days later. */
export const ruleF1NoAllocation: Rule<ReferralSnapshot> = (r, asOf, cal, t) => {
  if (!onOrBefore(r.agreedToConsiderOn, asOf) || !open(r, asOf) || onOrBefore(r.allocatedOn, asOf)) return [];
  const allocateBy = afterSchoolDays(cal, r.agreedToConsiderOn, t.values.fairAccessAllocationSchoolDays);
  if (asOf <= allocateBy) return [];
  const overdue = schoolDaysAfter(cal, allocateBy, asOf);
  return [
    raise('F1', t, {
      ...refs(r),
      evidence: { agreedToConsiderOn: r.agreedToConsiderOn, allocateBy, schoolDaysOverdue: overdue },
      score: overdue,
    }),
  ];
};

/** F2: allocated, but not started within the start limit (whether or not a start date was set). */
export const ruleF2NotStarted: Rule<ReferralSnapshot> = (r, asOf, cal, t) => {
  if (!onOrBefore(r.allocatedOn, asOf) || !open(r, asOf) || admitted(r, asOf)) return [];
  const startBy = afterSchoolDays(cal, r.allocatedOn, t.values.fairAccessStartSchoolDays);
  if (asOf <= startBy) return [];
  const overdue = schoolDaysAfter(cal, startBy, asOf);
  return [
    raise('F2', t, {
      ...refs(r),
      schoolId: r.allocatedSchoolId,
      evidence: {
        allocatedOn: r.allocatedOn,
        allocatedSchoolId: r.allocatedSchoolId,
        plannedStartDate: r.plannedStartDate,
        startDateSet: r.plannedStartDate !== null,
        startBy,
        schoolDaysOverdue: overdue,
      },
      score: overdue,
    }),
  ];
};

// Code para 3.10: never valid grounds. SCHOOL_FULL: all admission authorities must admit above PAN under the FAP (§4.1).
const INVALID_GROUNDS: ReadonlySet<RefusalGround> = new Set([
  'PREVIOUS_ATTENDANCE',
  'SUSPENSION_COUNT',
  'SEN_OR_DISABILITY',
  'SCHOOL_FULL',
]);

/** F5: a refusal on a ground the Code does not allow. */
export const ruleF5InvalidRefusal: Rule<ReferralSnapshot> = (r, asOf, _cal, t) => {
  const out: FlagCandidate[] = [];
  for (const x of r.responses) {
    if (x.outcome !== 'REFUSED' || !onOrBefore(x.respondedOn, asOf) || !responseLive(r, x, asOf)) continue;
    const invalid: string[] = x.refusalGrounds.filter((g) => INVALID_GROUNDS.has(g));
    if (x.refusalGrounds.includes('CHALLENGING_BEHAVIOUR') && x.schoolHasHighProportionChallenging !== true)
      invalid.push('CHALLENGING_BEHAVIOUR_WITHOUT_HIGH_PROPORTION');
    if (!x.refusalGrounds.length) invalid.push('NO_GROUND_GIVEN');
    if (!invalid.length) continue;
    out.push(
      raise('F5', t, {
        ...refs(r),
        periodKey: x.schoolId,
        schoolId: x.schoolId,
        evidence: {
          schoolId: x.schoolId,
          refusedOn: x.respondedOn,
          groundsGiven: x.refusalGrounds,
          invalidBecause: invalid,
        },
        score: invalid.length,
      }),
    );
  }
  return out;
};

/** The response window has passed with no answer, or the school refused. */
function refusedOrSilent(x: SchoolResponseFacts, asOf: IsoDate, windowDays: number) {
  const respondBy = addDays(x.requestedOn, windowDays);
  const answered = onOrBefore(x.respondedOn, asOf);
  if (answered && x.outcome === 'REFUSED') return { why: 'REFUSED', since: x.respondedOn as IsoDate, respondBy };
  if (!answered && asOf > respondBy) return { why: 'NO_RESPONSE', since: respondBy, respondBy };
  return null;
}

/** F6: maintained school — start the LA direction; then, once the adjudicator window closes, issue it. */
export const ruleF6MaintainedDirection: Rule<ReferralSnapshot> = (r, asOf, _cal, t) => {
  const out: FlagCandidate[] = [];
  for (const x of r.responses) {
    if (x.schoolType !== 'MAINTAINED' || !responseLive(r, x, asOf) || onOrBefore(x.directionIssuedOn, asOf)) continue;
    const base = { ...refs(r), schoolId: x.schoolId };
    if (!onOrBefore(x.laDirectionIntentOn, asOf)) {
      const trigger = refusedOrSilent(x, asOf, t.values.maintainedResponseCalendarDays);
      if (!trigger) continue;
      out.push(
        raise('F6', t, {
          ...base,
          periodKey: `${x.schoolId}:DIRECTION_DUE`,
          title:
            trigger.why === 'REFUSED'
              ? 'Maintained school refused a fair access admission: consider an LA direction'
              : `Maintained school has not responded within ${t.values.maintainedResponseCalendarDays} days: consider an LA direction`,
          evidence: {
            schoolId: x.schoolId,
            stage: 'DIRECTION_DUE',
            reason: trigger.why,
            requestedOn: x.requestedOn,
            respondBy: trigger.respondBy,
            respondedOn: x.respondedOn,
          },
          score: daysBetween(trigger.since, asOf),
        }),
      );
      continue;
    }
    const windowCloses = addDays(x.laDirectionIntentOn, t.values.adjudicatorReferralCalendarDays);
    if (asOf <= windowCloses || onOrBefore(x.adjudicatorReferredOn, asOf)) continue;
    out.push(
      raise('F6', t, {
        ...base,
        periodKey: `${x.schoolId}:ADJUDICATOR_WINDOW_CLOSED`,
        title: 'Adjudicator referral window has closed: the LA can issue its direction',
        evidence: {
          schoolId: x.schoolId,
          stage: 'ADJUDICATOR_WINDOW_CLOSED',
          directionIntentOn: x.laDirectionIntentOn,
          referralWindowClosed: windowCloses,
        },
        score: daysBetween(windowCloses, asOf),
      }),
    );
  }
  return out;
};

/** F7: academy — ask DfE for a Secretary of State direction; then chase once the academy's 7 days to answer DfE pass. */
export const ruleF7AcademyDirection: Rule<ReferralSnapshot> = (r, asOf, _cal, t) => {
  const out: FlagCandidate[] = [];
  const days = t.values.academyResponseCalendarDays;
  for (const x of r.responses) {
    if (x.schoolType !== 'ACADEMY' || !responseLive(r, x, asOf) || onOrBefore(x.sosDecisionOn, asOf)) continue;
    const base = { ...refs(r), schoolId: x.schoolId };
    if (!onOrBefore(x.sosDirectionRequestedOn, asOf)) {
      const trigger = refusedOrSilent(x, asOf, days);
      if (!trigger) continue;
      out.push(
        raise('F7', t, {
          ...base,
          periodKey: `${x.schoolId}:SOS_DIRECTION_DUE`,
          title:
            trigger.why === 'REFUSED'
              ? 'Academy refused a fair access admission: request a Secretary of State direction'
              : `Academy has not responded within ${days} days: request a Secretary of State direction`,
          evidence: {
            schoolId: x.schoolId,
            stage: 'SOS_DIRECTION_DUE',
            reason: trigger.why,
            requestedOn: x.requestedOn,
            respondBy: trigger.respondBy,
            respondedOn: x.respondedOn,
          },
          score: daysBetween(trigger.since, asOf),
        }),
      );
      continue;
    }
    const answerBy = addDays(x.sosDirectionRequestedOn, days);
    if (asOf <= answerBy) continue;
    out.push(
      raise('F7', t, {
        ...base,
        periodKey: `${x.schoolId}:DFE_DECISION_AWAITED`,
        title: "Academy's time to answer DfE has passed with no direction decision recorded",
        evidence: {
          schoolId: x.schoolId,
          stage: 'DFE_DECISION_AWAITED',
          directionRequestedOn: x.sosDirectionRequestedOn,
          academyAnswerBy: answerBy,
        },
        score: daysBetween(answerBy, asOf),
      }),
    );
  }
  return out;
};

/** F8: a school admitted more than ratio × its fair share (by roll when every roll is known, else equal). */
export const ruleF8DisproportionateShare: Rule<FairShareSnapshot> = (s, _asOf, _cal, t) => {
  const total = s.schools.reduce((n, x) => n + x.fapAdmissions, 0);
  if (total === 0 || !s.schools.length) return [];
  const byRoll = s.schools.every((x) => (x.pupilsOnRoll ?? 0) > 0);
  const rollTotal = s.schools.reduce((n, x) => n + (x.pupilsOnRoll ?? 0), 0);
  const ratio = t.values.fairShareRatio;
  const out: FlagCandidate[] = [];
  for (const x of s.schools) {
    const share = byRoll ? (total * (x.pupilsOnRoll as number)) / rollTotal : total / s.schools.length;
    if (x.fapAdmissions < t.values.fairShareMinimumAdmissions || x.fapAdmissions <= ratio * share) continue;
    out.push(
      raise('F8', t, {
        subjectId: x.schoolId,
        laId: s.laId,
        schoolId: x.schoolId,
        periodKey: `${s.academicYear}:${s.phase}`,
        evidence: {
          academicYear: s.academicYear,
          phase: s.phase,
          admissions: x.fapAdmissions,
          totalAdmissions: total,
          fairShare: round2(share),
          limit: round2(ratio * share),
          basis: byRoll ? 'ROLL' : 'EQUAL_SHARES',
        },
        score: round2(x.fapAdmissions / share),
      }),
    );
  }
  return out;
};
