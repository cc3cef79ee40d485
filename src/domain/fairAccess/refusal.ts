/**
 * Rule F5 (Code para 3.10, domain.md §4.1, §4.3): grounds a school may not use to refuse a fair access
 * admission. Such a refusal is still recorded (it happened) and is flagged; it does not block the write.
 * Kept in step with domain/flags/fairAccessRules.ts, which raises the flag from the same facts.
 */
import type { FapRefusalGround } from '../enums';

export type ForbiddenReason =
  | 'PREVIOUS_ATTENDANCE'
  | 'SUSPENSION_COUNT'
  | 'SEN_OR_DISABILITY'
  | 'SCHOOL_FULL'
  | 'CHALLENGING_BEHAVIOUR_WITHOUT_HIGH_PROPORTION'
  | 'NO_GROUND_GIVEN';

const NEVER_VALID: ReadonlySet<FapRefusalGround> = new Set([
  'PREVIOUS_ATTENDANCE',
  'SUSPENSION_COUNT',
  'SEN_OR_DISABILITY',
  'SCHOOL_FULL',
]);

export const FORBIDDEN_REASON_TEXT: Record<ForbiddenReason, string> = {
  PREVIOUS_ATTENDANCE: 'poor attendance at a previous school is not a valid ground (para 3.10)',
  SUSPENSION_COUNT: 'a number of suspensions, without considering their grounds, is not a valid ground (para 3.10)',
  SEN_OR_DISABILITY: 'SEN or disability is not a valid ground (para 3.10)',
  SCHOOL_FULL: 'a school may be asked to admit above its published admission number under the protocol (§4.1)',
  CHALLENGING_BEHAVIOUR_WITHOUT_HIGH_PROPORTION:
    'challenging behaviour is a ground only for a school with a particularly high proportion of challenging or excluded pupils (para 3.10)',
  NO_GROUND_GIVEN: 'a refusal must give its ground',
};

/** Which of the given grounds the Code forbids; empty when the refusal is on a permitted ground. */
export function ruleF5ForbiddenRefusalGround(
  grounds: readonly FapRefusalGround[],
  schoolHasHighProportionChallenging: boolean | null | undefined,
): ForbiddenReason[] {
  if (grounds.length === 0) return ['NO_GROUND_GIVEN'];
  const out: ForbiddenReason[] = grounds.filter((g) => NEVER_VALID.has(g)) as ForbiddenReason[];
  if (grounds.includes('CHALLENGING_BEHAVIOUR') && schoolHasHighProportionChallenging !== true)
    out.push('CHALLENGING_BEHAVIOUR_WITHOUT_HIGH_PROPORTION');
  return [...new Set(out)];
}
