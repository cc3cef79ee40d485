import { z } from 'zod';
import type { FieldProblem } from '../../errors';
import { isoDate, uuid } from '../validation';

/**
 * The placement itself (GraphQL `PlacementInput`): where, what kind, when, how many hours, the plan and the
 * checks. Declared once and validated here, for the two writes that open a placement from scratch: a
 * commission (`CommissionPlacementInput.placement`) and a panel's AP_PLACEMENT decision
 * (`PanelDecisionInput.placement`). Who commissions it, for which pupil and why are not part of it: a
 * commission says them, a panel decision supplies them (the referral's pupil, the LA, the rationale).
 */
export const placementInputSchema = z.object({
  providerId: uuid,
  reason: z.enum([
    'PERMANENT_EXCLUSION',
    'SUSPENSION_OVER_FIVE_DAYS',
    'OFF_SITE_DIRECTION',
    'BEHAVIOUR_EARLY_INTERVENTION',
    'HEALTH_NEEDS',
    'AWAITING_SCHOOL_PLACE',
    'EHCP_NAMED',
    'OTHER',
  ]),
  reasonOther: z.string().max(500).nullish(),
  tier: z.enum(['TIER_1_TARGETED_SUPPORT', 'TIER_2_TIME_LIMITED', 'TIER_3_TRANSITIONAL']),
  providerUrn: z.string().nullish(),
  providerUkprn: z.string().nullish(),
  settingType: z.string().nullish(),
  startDate: isoDate,
  plannedEndDate: isoDate.nullish(),
  hoursPerWeek: z.number({ message: 'Hours per week must be a number.' }),
  registration: z.enum(['DUAL_REGISTERED', 'SINGLE_REGISTERED_AT_AP', 'HOME_SCHOOL_ONLY']),
  objectives: z.string().max(4000),
  reintegrationPlan: z.string().max(4000),
  readinessCriteria: z.string().max(4000).nullish(),
  maximumPeriodSchoolDays: z
    .number()
    .int()
    .positive('The maximum period must be a positive number of school days.')
    .nullish(),
  registrationConfirmed: z.boolean(),
  safeguardingConfirmedOn: isoDate.nullish(),
  safeguardingLead: z.string().max(200).nullish(),
  informationSharedOn: isoDate.nullish(),
  laNotifiedOn: isoDate.nullish(),
  reviewIntervalSchoolDays: z
    .number()
    .int()
    .min(1)
    .max(30, 'Reviews must be at least half-termly: at most 30 school days apart (rule P2).')
    .default(30),
});
export type PlacementInput = z.infer<typeof placementInputSchema>;

/**
 * A transfer's next placement (`EndPlacementInput.next`): the same placement less what the transfer carries
 * over from the one it ends (the reason, the maximum period, the review interval) or derives (the start date,
 * the day after the end unless `nextStartDate` says otherwise).
 */
export const nextPlacementSchema = placementInputSchema.omit({
  reason: true,
  reasonOther: true,
  startDate: true,
  maximumPeriodSchoolDays: true,
  reviewIntervalSchoolDays: true,
});

const PLACEMENT_FIELDS = new Set(Object.keys(placementInputSchema.shape));

/**
 * The path of a problem with the facts of a placement, for an input that nests the placement under `at`
 * (`placement`): a problem with one of its fields is reported there, one with the commission's own fields
 * (the pupil, the commissioner, the direction notice) where it is.
 */
export function placementProblemAt(at: string | null) {
  return <P extends FieldProblem>(p: P): P =>
    at && PLACEMENT_FIELDS.has(p.field.split('.')[0]!) ? { ...p, field: `${at}.${p.field}` } : p;
}
