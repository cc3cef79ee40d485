import { z } from 'zod';
import type { Actor } from '../../auth/actor';
import { once } from '../../record/idempotency';
import { parseInput, isoDate, requiredText, uuid } from '../validation';
import type { UseCaseDeps, Written } from '../deps';
import { authorise } from '../../access/permissions';
import { pupilScope, requireOwnOrganisation } from '../../access/scope';
import { openPlacement } from './openPlacement';
import { placementInputSchema } from './placementInput';

const notice = z.object({
  address: z.string(),
  personToReportTo: z.string(),
  numberOfDays: z.number().int(),
  reasonsAndObjectives: z.string(),
  sessionTimes: z.string(),
});

/**
 * A commission: the placement (one declaration, `placementInput.ts`) and what only a commissioner says — for
 * which pupil, who commissions (a school or the LA), the school's off-site direction notice (rule O1) or the
 * LA's EHC plan notice, and why.
 */
const schema = z.object({
  pupilId: uuid,
  commissionerKind: z.enum(['SCHOOL', 'LA']),
  commissioningSchoolId: uuid.nullish(),
  placement: placementInputSchema,
  directionNoticeDate: isoDate.nullish(),
  directionNotice: notice.nullish(),
  ehcpLaNoticeDate: isoDate.nullish(),
  note: requiredText('A note on why'),
});

export async function commissionPlacement(
  deps: UseCaseDeps,
  actor: Actor,
  input: unknown,
  clientKey?: string | null,
): Promise<Written> {
  const may = authorise(actor, 'placement.commission');
  const f = parseInput(schema, input);
  requireOwnOrganisation(actor, may, {
    schoolId: f.commissioningSchoolId ?? null,
    providerId: f.placement.providerId,
  });
  const cal = await deps.calendars.calendarFor(actor.laId);
  const { placement, ...commission } = f;
  return once(deps.prisma, actor, clientKey, 'commissionPlacement', f, async (tx) => ({
    id: await openPlacement(
      tx,
      actor,
      cal,
      { ...placement, ...commission },
      pupilScope(actor, 'placement.commission'),
      deps.clock,
      'placement',
    ),
  }));
}
