import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Actor } from '../../auth/actor';
import type { Placement } from '../../generated/prisma/client';
import { onceWithKeyCte } from '../../record/idempotency';
import { parseInput, isoDate, requiredText, uuid } from '../validation';
import type { UseCaseDeps } from '../deps';
import { authorise, conditionFor } from '../../access/permissions';
import { requireOwnOrganisation } from '../../access/scope';
import { pupilScopeSql } from '../../access/scopeSql';
import { openPlacementRow } from './openPlacement';
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
  requireOwnOrganisation(actor, may, {
    schoolId: f.commissioningSchoolId ?? null,
    providerId: f.placement.providerId,
  });
  const cal = await deps.calendars.calendarFor(actor.laId);
  const { placement, ...commission } = f;
  const id = randomUUID();
  const answersFromRow = conditionFor(actor, 'placement.read') === 'PLACEMENT_OF_LA';
  const r = await onceWithKeyCte(
    deps.prisma,
    actor,
    clientKey,
    'commissionPlacement',
    f,
    async (tx, storeAnswer, pupilLocked) => {
      const row = await openPlacementRow(
        tx,
        actor,
        cal,
        { ...placement, ...commission },
        pupilScopeSql(actor, 'placement.commission'),
        deps.clock,
        { id, alsoWrite: [storeAnswer({ id })], auditRead: answersFromRow, placementAt: 'placement', pupilLocked },
      );
      return { id: row.id, row: answersFromRow ? row : null };
    },
    { lockPupil: f.pupilId },
  );
  if ('prior' in r) return { id: (r.prior as { id: string }).id, row: null };
  return r;
}
