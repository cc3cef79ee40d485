import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Actor } from '../../auth/actor';
import type { Placement } from '../../generated/prisma/client';
import { onceWithKeyCte } from '../../record/idempotency';
import { parseInput, isoDate, requiredText, uuid } from '../validation';
import type { UseCaseDeps } from '../deps';
import { authorise, conditionFor } from '../../access/permissions';
import { pupilScope, requireOwnOrganisation } from '../../access/scope';
import { openPlacementRow } from './openPlacement';

const notice = z.object({
  address: z.string(),
  personToReportTo: z.string(),
  numberOfDays: z.number().int(),
  reasonsAndObjectives: z.string(),
  sessionTimes: z.string(),
});

export const placementFields = {
  providerId: uuid,
  tier: z.enum(['TIER_1_TARGETED_SUPPORT', 'TIER_2_TIME_LIMITED', 'TIER_3_TRANSITIONAL']),
  providerUrn: z.string().nullish(),
  providerUkprn: z.string().nullish(),
  settingType: z.string().nullish(),
  plannedEndDate: isoDate.nullish(),
  hoursPerWeek: z.number({ message: 'Hours per week must be a number.' }),
  registration: z.enum(['DUAL_REGISTERED', 'SINGLE_REGISTERED_AT_AP', 'HOME_SCHOOL_ONLY']),
  objectives: z.string().max(4000),
  reintegrationPlan: z.string().max(4000),
  readinessCriteria: z.string().max(4000).nullish(),
  registrationConfirmed: z.boolean(),
  safeguardingConfirmedOn: isoDate.nullish(),
  safeguardingLead: z.string().max(200).nullish(),
  informationSharedOn: isoDate.nullish(),
  laNotifiedOn: isoDate.nullish(),
};

const schema = z.object({
  ...placementFields,
  pupilId: uuid,
  commissionerKind: z.enum(['SCHOOL', 'LA']),
  commissioningSchoolId: uuid.nullish(),
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
  startDate: isoDate,
  maximumPeriodSchoolDays: z
    .number()
    .int()
    .positive('The maximum period must be a positive number of school days.')
    .nullish(),
  reviewIntervalSchoolDays: z
    .number()
    .int()
    .min(1)
    .max(30, 'Reviews must be at least half-termly: at most 30 school days apart (rule P2).')
    .default(30),
  directionNoticeDate: isoDate.nullish(),
  directionNotice: notice.nullish(),
  ehcpLaNoticeDate: isoDate.nullish(),
  note: requiredText('A note on why'),
});

/** The placement's row as the mutation answers it, when the caller may read it (else null: read it back). */
export interface Commissioned {
  id: string;
  row: Placement | null;
}

/**
 * Commissions a placement. The checks read what they must (the pupil, locked; the provider; the school; the rule
 * settings; the pupil's other placements), then one statement writes the placement, its event, outbox and audit
 * rows and the idempotency key's answer (issue 18). For a caller whose read scope covers every placement of its LA
 * the answer is the written row, its `placement.read` audit row in the same statement.
 */
export async function commissionPlacement(
  deps: UseCaseDeps,
  actor: Actor,
  input: unknown,
  clientKey?: string | null,
): Promise<Commissioned> {
  const may = authorise(actor, 'placement.commission');
  const f = parseInput(schema, input);
  requireOwnOrganisation(actor, may, { schoolId: f.commissioningSchoolId ?? null, providerId: f.providerId });
  const cal = await deps.calendars.calendarFor(actor.laId);
  const id = randomUUID();
  const answersFromRow = conditionFor(actor, 'placement.read') === 'PLACEMENT_OF_LA';
  const r = await onceWithKeyCte(deps.prisma, actor, clientKey, 'commissionPlacement', f, async (tx, storeAnswer) => {
    const row = await openPlacementRow(tx, actor, cal, f, pupilScope(actor, 'placement.commission'), deps.clock, {
      id,
      alsoWrite: [storeAnswer({ id })],
      auditRead: answersFromRow,
    });
    return { id: row.id, row: answersFromRow ? row : null };
  });
  if ('prior' in r) return { id: (r.prior as { id: string }).id, row: null };
  return r;
}
