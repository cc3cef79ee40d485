/**
 * The next date on which a subject's flags could change without a write (issue 18 goal 4): the earliest
 * next-due date of its rules, and the day a growing evidence score could move a dismissed flag's band.
 * The evaluation that reconciles a subject's flags stores it; the nightly scan evaluates only the subjects
 * due by its date. Every rule of the evaluators has an entry (tests/unit/flags/nextDue.test.ts checks).
 */
import type { IsoDate } from '../../dates';
import type { SchoolDays } from '../../calendar/schoolDays';
import type {
  FairShareSnapshot,
  PlacementSnapshot,
  ProviderSnapshot,
  PupilSnapshot,
  ReferralSnapshot,
} from '../snapshots';
import type { ResolvedThresholds } from '../thresholds';
import type { FlagCandidate } from '../types';
import { PLACEMENT_NEXT_DUE } from './placementRules';
import { PUPIL_NEXT_DUE } from './pupilRules';
import { PROVIDER_NEXT_DUE } from './providerRules';
import { FAIR_SHARE_NEXT_DUE, REFERRAL_NEXT_DUE } from './referralRules';
import { bandDue, soonest, type RuleNextDue } from './support';

export { PLACEMENT_NEXT_DUE, PUPIL_NEXT_DUE, PROVIDER_NEXT_DUE, REFERRAL_NEXT_DUE, FAIR_SHARE_NEXT_DUE };
export { bandDue, evidenceBand, soonest, type RuleNextDue } from './support';

function nextDueOf<S>(
  registry: Readonly<Record<string, RuleNextDue<S>>>,
  s: S,
  asOf: IsoDate,
  cal: SchoolDays,
  t: ResolvedThresholds,
  candidates: readonly FlagCandidate[],
): IsoDate | null {
  const dates = Object.values(registry).flatMap((r) => r.dates(s, asOf, cal, t));
  const growing = candidates.filter((c) => registry[c.ruleId]?.scoreGrowsWithTime);
  return soonest(asOf, [...dates, bandDue(asOf, growing)]);
}

type NextDueFor<S> = (
  s: S,
  asOf: IsoDate,
  cal: SchoolDays,
  t: ResolvedThresholds,
  candidates: readonly FlagCandidate[],
) => IsoDate | null;

export const nextDuePlacement: NextDueFor<PlacementSnapshot> = (...a) => nextDueOf(PLACEMENT_NEXT_DUE, ...a);
export const nextDuePupil: NextDueFor<PupilSnapshot> = (...a) => nextDueOf(PUPIL_NEXT_DUE, ...a);
export const nextDueProvider: NextDueFor<ProviderSnapshot> = (...a) => nextDueOf(PROVIDER_NEXT_DUE, ...a);
export const nextDueReferral: NextDueFor<ReferralSnapshot> = (...a) => nextDueOf(REFERRAL_NEXT_DUE, ...a);
export const nextDueFairShare: NextDueFor<FairShareSnapshot> = (...a) => nextDueOf(FAIR_SHARE_NEXT_DUE, ...a);
