/**
 * Runs every rule that applies to a snapshot. Each registry entry names the rule ids its function
 * can raise, so tests can prove the catalogue and the evaluators cover the same rules.
 */
import type { IsoDate } from '../dates';
import { ruleSep1SeparationNoEducation } from './separationRules';
import {
  ruleE2SuspensionDaySix,
  ruleE3PermanentExclusionDaySix,
  ruleE4GovernorReview,
  ruleE8HealthAbsence,
} from './exclusionRules';
import {
  ruleF1NoAllocation,
  ruleF2NotStarted,
  ruleF5InvalidRefusal,
  ruleF6MaintainedDirection,
  ruleF7AcademyDirection,
  ruleF8DisproportionateShare,
} from './fairAccessRules';
import { ruleM3VulnerableToHomeEducation, ruleM5ChildMissingEducation } from './movementRules';
import {
  ruleO1DirectionNotice,
  ruleO2EhcpLaNotice,
  ruleO3ReviewRequestUnanswered,
  ruleO3bReviewMeetingAttendance,
  ruleO4DirectionPlan,
} from './offSiteRules';
import { ruleO7TrialManagedMove, ruleO7bManagedMoveAdmissionPriority } from './managedMoveRules';
import {
  ruleA5PartTimeArrangement,
  ruleE9PartTimeS19,
  ruleP2ReviewOverdue,
  ruleP3PastPlannedEnd,
  ruleP4LongStay,
  ruleP5RemovedFromHomeRoll,
  ruleP7PrimaryAge,
} from './placementRules';
import { ruleR1CheckpointOverdue, ruleR1FailedReintegration, ruleR4SeptemberGuarantee } from './reintegrationRules';
import type {
  FairShareSnapshot,
  PlacementSnapshot,
  ProviderSnapshot,
  PupilSnapshot,
  ReferralSnapshot,
} from './snapshots';
import type { ResolvedThresholds } from './thresholds';
import type { FlagCandidate, Rule, RuleId, SchoolDays } from './types';
import {
  ruleU3PupilUnregisteredHours,
  ruleU7NotNotifiedToLa,
  ruleU9ShortTermOverTwelveWeeks,
  ruleU10LongTermOverPartTimeLimit,
  ruleU11LongerThanAverage,
} from './unregisteredPlacementRules';
import {
  ruleU1PossibleUnregisteredSchool,
  ruleU2bSenFullTimeCwsa,
  ruleU2LookedAfterOrEhcpFullTime,
  ruleU5NoRiskAssessment,
  ruleU6NotApproved,
} from './unregisteredRules';

export { ruleCatalogue } from './catalogue';

export interface RegisteredRule<S> {
  ruleId: RuleId;
  run: Rule<S>;
}

export const PLACEMENT_RULES: readonly RegisteredRule<PlacementSnapshot>[] = [
  { ruleId: 'P2', run: ruleP2ReviewOverdue },
  { ruleId: 'P3', run: ruleP3PastPlannedEnd },
  { ruleId: 'P4', run: ruleP4LongStay },
  { ruleId: 'P5', run: ruleP5RemovedFromHomeRoll },
  { ruleId: 'P7', run: ruleP7PrimaryAge },
  { ruleId: 'A5', run: ruleA5PartTimeArrangement },
  { ruleId: 'E9', run: ruleE9PartTimeS19 },
  { ruleId: 'O1', run: ruleO1DirectionNotice },
  { ruleId: 'O2', run: ruleO2EhcpLaNotice },
  { ruleId: 'O3', run: ruleO3ReviewRequestUnanswered },
  { ruleId: 'O3b', run: ruleO3bReviewMeetingAttendance },
  { ruleId: 'O4', run: ruleO4DirectionPlan },
  { ruleId: 'U7', run: ruleU7NotNotifiedToLa },
  { ruleId: 'U9', run: ruleU9ShortTermOverTwelveWeeks },
  { ruleId: 'U10', run: ruleU10LongTermOverPartTimeLimit },
  { ruleId: 'U11', run: ruleU11LongerThanAverage },
];

export const PROVIDER_RULES: readonly RegisteredRule<ProviderSnapshot>[] = [
  { ruleId: 'U1', run: ruleU1PossibleUnregisteredSchool },
  { ruleId: 'U2', run: ruleU2LookedAfterOrEhcpFullTime },
  { ruleId: 'U2b', run: ruleU2bSenFullTimeCwsa },
  { ruleId: 'U5', run: ruleU5NoRiskAssessment },
  { ruleId: 'U6', run: ruleU6NotApproved },
];

export const PUPIL_RULES: readonly RegisteredRule<PupilSnapshot>[] = [
  { ruleId: 'U3', run: ruleU3PupilUnregisteredHours },
  { ruleId: 'E2', run: ruleE2SuspensionDaySix },
  { ruleId: 'E3', run: ruleE3PermanentExclusionDaySix },
  { ruleId: 'E4', run: ruleE4GovernorReview },
  { ruleId: 'E8', run: ruleE8HealthAbsence },
  { ruleId: 'SEP1', run: ruleSep1SeparationNoEducation },
  { ruleId: 'O7', run: ruleO7TrialManagedMove },
  { ruleId: 'O7b', run: ruleO7bManagedMoveAdmissionPriority },
  { ruleId: 'R1', run: ruleR1FailedReintegration },
  { ruleId: 'R1-CHECKPOINT', run: ruleR1CheckpointOverdue },
  { ruleId: 'R4', run: ruleR4SeptemberGuarantee },
  { ruleId: 'M3', run: ruleM3VulnerableToHomeEducation },
  { ruleId: 'M5', run: ruleM5ChildMissingEducation },
];

export const REFERRAL_RULES: readonly RegisteredRule<ReferralSnapshot>[] = [
  { ruleId: 'F1', run: ruleF1NoAllocation },
  { ruleId: 'F2', run: ruleF2NotStarted },
  { ruleId: 'F5', run: ruleF5InvalidRefusal },
  { ruleId: 'F6', run: ruleF6MaintainedDirection },
  { ruleId: 'F7', run: ruleF7AcademyDirection },
];

export const FAIR_SHARE_RULES: readonly RegisteredRule<FairShareSnapshot>[] = [
  { ruleId: 'F8', run: ruleF8DisproportionateShare },
];

function runAll<S>(
  rules: readonly RegisteredRule<S>[],
  s: S,
  asOf: IsoDate,
  cal: SchoolDays,
  t: ResolvedThresholds,
): FlagCandidate[] {
  return rules.flatMap((r) => r.run(s, asOf, cal, t));
}

/** Placement rules: P2–P7, A5, E9, O1–O4 and O3b, U7, U9–U11. */
export const evaluatePlacement = (s: PlacementSnapshot, asOf: IsoDate, cal: SchoolDays, t: ResolvedThresholds) =>
  runAll(PLACEMENT_RULES, s, asOf, cal, t);

/** Provider rules: U1, U2, U2b, U5, U6 (placements from every commissioner). */
export const evaluateProvider = (s: ProviderSnapshot, asOf: IsoDate, cal: SchoolDays, t: ResolvedThresholds) =>
  runAll(PROVIDER_RULES, s, asOf, cal, t);

/** Pupil rules: U3, E2–E8, SEP1, O7, O7b, R1, R1-CHECKPOINT, R4, M3, M5 (exclusion and reintegration subjects included). */
export const evaluatePupil = (s: PupilSnapshot, asOf: IsoDate, cal: SchoolDays, t: ResolvedThresholds) =>
  runAll(PUPIL_RULES, s, asOf, cal, t);

/** Fair access referral rules: F1, F2, F5, F6, F7. */
export const evaluateReferral = (s: ReferralSnapshot, asOf: IsoDate, cal: SchoolDays, t: ResolvedThresholds) =>
  runAll(REFERRAL_RULES, s, asOf, cal, t);

/** Fair share across an LA's schools for a year and phase: F8. */
export const evaluateFairShare = (s: FairShareSnapshot, asOf: IsoDate, cal: SchoolDays, t: ResolvedThresholds) =>
  runAll(FAIR_SHARE_RULES, s, asOf, cal, t);
