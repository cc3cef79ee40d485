import { z } from 'zod';
import type { Actor } from '../../auth/actor';
import { once } from '../../record/idempotency';
import { invalid, ruleProblemsBlocked } from '../../errors';
import { FULL_TIME_HOURS_PER_WEEK, ruleP1FullTimeWeekProblem } from '../../domain/movements/placementPlan';
import { appendPupilEvent } from '../../record/events';
import { writeOutbox } from '../../record/outbox';
import { audit } from '../../record/audit';
import { eventDateProblem, fromDb, toDb } from '../dates';
import { parseInput, isoDate, requiredText, uuid } from '../validation';
import type { UseCaseDeps, Written } from '../deps';
import { authorise } from '../../access/permissions';
import { lockPlacementInScope } from './lockPlacement';

const schema = z.object({
  placementId: uuid,
  effectiveOn: isoDate,
  hoursPerWeek: z
    .number()
    .gt(0, 'Hours per week must be more than 0.')
    .max(
      FULL_TIME_HOURS_PER_WEEK,
      `Hours per week cannot be more than a full-time week (${FULL_TIME_HOURS_PER_WEEK}).`,
    ),
  reason: requiredText('A reason'),
});

export async function changePlacementHours(
  deps: UseCaseDeps,
  actor: Actor,
  input: unknown,
  clientKey?: string | null,
): Promise<Written> {
  authorise(actor, 'placement.update');
  const f = parseInput(schema, input);
  return once(deps.prisma, actor, clientKey, 'changePlacementHours', f, async (tx) => {
    const p = await lockPlacementInScope(tx, actor, f.placementId, { mustBeOpen: true });
    if (f.effectiveOn < fromDb(p.startDate))
      throw invalid([{ field: 'effectiveOn', message: 'The change cannot take effect before the placement started.' }]);
    const dp = eventDateProblem(deps.clock, 'effectiveOn', f.effectiveOn, fromDb(p.pupil.dateOfBirth), 'planned');
    if (dp) throw invalid([dp]);
    const others = await tx.placement.findMany({
      where: { pupilId: p.pupilId, id: { not: p.id }, OR: [{ endDate: null }, { endDate: { gte: p.startDate } }] },
      select: { hoursPerWeek: true },
    });
    const concurrent = others.reduce((s, o) => s + Number(o.hoursPerWeek), 0);
    // The other placements may be ones the caller cannot read: the limit is named, their hours are not.
    const fullTime = ruleP1FullTimeWeekProblem(concurrent, f.hoursPerWeek);
    if (fullTime) throw ruleProblemsBlocked([fullTime]);
    const before = Number(p.hoursPerWeek);
    await tx.placement.update({ where: { id: p.id }, data: { hoursPerWeek: f.hoursPerWeek } });
    await appendPupilEvent(tx, actor, {
      pupilId: p.pupilId,
      type: 'PLACEMENT_HOURS_CHANGED',
      occurredOn: toDb(f.effectiveOn),
      reason: f.reason,
      placementId: p.id,
      data: { from: before, to: f.hoursPerWeek },
    });
    await writeOutbox(tx, 'placement.changed', 'PLACEMENT', p.id, actor.laId);
    await audit(tx, actor, 'placement.hours', 'PLACEMENT', [p.id, p.pupilId]);
    return { id: p.id };
  });
}
