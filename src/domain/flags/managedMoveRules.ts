/**
 * Managed moves (domain.md §5.3, §9.5 O7; §10.2): under the suspension and permanent exclusion guidance
 * of 2026 a managed move is a permanent transfer with no trial period, and an oversubscribed school may
 * not give managed moves priority in its admissions. Each move is judged by the rules in force on the day
 * it was agreed; moves agreed earlier are not judged by these rules.
 */
import { ruleApplies } from '../law/applicability';
import type { ManagedMoveFacts, PupilSnapshot } from './snapshots';
import { raise } from './support';
import type { ResolvedThresholds } from './thresholds';
import type { Rule } from './types';

/** What makes a recorded managed move a trial: the rule's problems, as data. */
export function managedMoveTrialProblems(
  m: Pick<ManagedMoveFacts, 'recordedAsTrial' | 'trialEndsOn' | 'automaticReturn'>,
): string[] {
  const problems: string[] = [];
  if (m.recordedAsTrial) problems.push('RECORDED_AS_TRIAL');
  if (m.trialEndsOn) problems.push('TRIAL_END_DATE');
  if (m.automaticReturn) problems.push('AUTOMATIC_RETURN');
  return problems;
}

const judged = (ruleId: 'O7' | 'O7b', m: ManagedMoveFacts, t: ResolvedThresholds) =>
  ruleApplies(ruleId, m.agreedOn, {}, t.commencements);

/** O7 (HIGH): a managed move recorded as a trial, with a trial end date, or with an automatic return. */
export const ruleO7TrialManagedMove: Rule<PupilSnapshot> = (s, asOf, _cal, t) =>
  (s.managedMoves ?? []).flatMap((m) => {
    if (m.agreedOn > asOf) return [];
    const a = judged('O7', m, t);
    if (!a.applies) return [];
    const problems = managedMoveTrialProblems(m);
    if (!problems.length) return [];
    return [
      raise('O7', t, {
        subjectId: s.pupil.id,
        laId: s.pupil.laId,
        pupilId: s.pupil.id,
        schoolId: m.fromSchoolId,
        periodKey: m.id,
        evidence: {
          managedMoveId: m.id,
          agreedOn: m.agreedOn,
          startDate: m.startDate,
          problems,
          trialEndsOn: m.trialEndsOn,
          fromSchoolId: m.fromSchoolId,
          toSchoolId: m.toSchoolId,
          judgedUnder: a.period?.source.citation ?? null,
        },
        score: problems.length,
      }),
    ];
  });

/** O7b: an oversubscribed receiving school gave the managed move priority in its admissions. */
export const ruleO7bManagedMoveAdmissionPriority: Rule<PupilSnapshot> = (s, asOf, _cal, t) =>
  (s.managedMoves ?? []).flatMap((m) => {
    if (m.agreedOn > asOf || !(m.admissionPriorityGiven && m.receivingSchoolOversubscribed)) return [];
    const a = judged('O7b', m, t);
    if (!a.applies) return [];
    return [
      raise('O7b', t, {
        subjectId: s.pupil.id,
        laId: s.pupil.laId,
        pupilId: s.pupil.id,
        schoolId: m.toSchoolId,
        periodKey: m.id,
        evidence: {
          managedMoveId: m.id,
          agreedOn: m.agreedOn,
          toSchoolId: m.toSchoolId,
          fromSchoolId: m.fromSchoolId,
          judgedUnder: a.period?.source.citation ?? null,
        },
        score: 1,
      }),
    ];
  });
