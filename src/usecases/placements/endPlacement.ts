import { z } from 'zod';
import type { Actor } from '../../auth/actor';
import { once } from '../../record/idempotency';
import { invalid } from '../../errors';
import { parseInput, isoDate, requiredText, uuid } from '../validation';
import type { UseCaseDeps } from '../deps';
import { authorise } from '../../access/permissions';
import { requireOwnOrganisation } from '../../access/scope';
import { lockPlacementInScope } from './lockPlacement';
import { addOneDay, closePlacement } from './closePlacement';
import { openPlacement, REACHED_THROUGH_RECORD } from './openPlacement';
import { nextPlacementSchema } from './placementInput';

const schema = z.object({
  placementId: uuid,
  endDate: isoDate,
  destination: z.enum([
    'MAINSTREAM_SCHOOL',
    'SPECIAL_SCHOOL',
    'ANOTHER_AP',
    'POST16_EET',
    'NEET',
    'ELECTIVE_HOME_EDUCATION',
    'MOVED_OUT_OF_LA',
    'CHILDREN_MISSING_EDUCATION',
    'OTHER',
  ]),
  destinationSchoolId: uuid.nullish(),
  destinationDetail: z.string().max(500).nullish(),
  next: nextPlacementSchema.nullish(),
  nextStartDate: isoDate.nullish(),
  reason: requiredText('A reason'),
});

export interface EndPlacementWritten {
  id: string;
  nextId: string | null;
  reintegrationId: string | null;
  [k: string]: string | null;
}

/** Ends a placement; a transfer to another AP opens the next placement in the same transaction. */
export async function endPlacement(
  deps: UseCaseDeps,
  actor: Actor,
  input: unknown,
  clientKey?: string | null,
): Promise<EndPlacementWritten> {
  authorise(actor, 'placement.update');
  const f = parseInput(schema, input);
  if (f.destination === 'ANOTHER_AP' && !f.next)
    throw invalid([{ field: 'next', message: 'A move to another AP needs the details of the next placement.' }]);
  if (f.destination !== 'ANOTHER_AP' && f.next)
    throw invalid([{ field: 'next', message: 'Only a move to another AP opens a next placement.' }]);
  const cal = await deps.calendars.calendarFor(actor.laId);
  return once(deps.prisma, actor, clientKey, 'endPlacement', f, async (tx) => {
    const p = await lockPlacementInScope(tx, actor, f.placementId, { mustBeOpen: true });
    const { reintegrationId } = await closePlacement(tx, actor, cal, p, f, deps.clock);
    let nextId: string | null = null;
    if (f.next) {
      // A transfer commissions the next placement: the caller must be allowed that too.
      requireOwnOrganisation(actor, authorise(actor, 'placement.commission'), {
        schoolId: p.commissioningSchoolId,
        providerId: f.next.providerId,
      });
      const nextStart = f.nextStartDate ?? addOneDay(f.endDate);
      if (nextStart <= f.endDate)
        throw invalid([
          { field: 'nextStartDate', message: 'The next placement must start after the last day of this one.' },
        ]);
      nextId = await openPlacement(
        tx,
        actor,
        cal,
        {
          ...f.next,
          pupilId: p.pupilId,
          commissionerKind: p.commissionerKind,
          commissioningSchoolId: p.commissioningSchoolId,
          reason: p.reason,
          reasonOther: p.reasonOther,
          startDate: nextStart,
          maximumPeriodSchoolDays: p.maximumPeriodSchoolDays,
          reviewIntervalSchoolDays: p.reviewIntervalSchoolDays,
          directionNoticeDate: p.directionNoticeDate?.toISOString().slice(0, 10) ?? null,
          directionNotice: (p.directionNotice as never) ?? null,
          previousPlacementId: p.id,
          note: f.reason,
        },
        REACHED_THROUGH_RECORD,
        deps.clock,
      ); // the placement in scope is the authority over its pupil
    }
    return { id: p.id, nextId, reintegrationId };
  });
}
