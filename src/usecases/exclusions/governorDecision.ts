import { z } from 'zod';
import type { Actor } from '../../auth/actor';
import { once } from '../../record/idempotency';
import { conflict, invalid, notFound } from '../../errors';
import { authorise } from '../../access/permissions';
import { exclusionScope } from '../../access/scope';
import { appendPupilEvent } from '../../record/events';
import { writeOutbox } from '../../record/outbox';
import { audit } from '../../record/audit';
import { eventDateProblem, fromDb, toDb } from '../dates';
import { parseInput, isoDate, requiredText, uuid } from '../validation';
import type { UseCaseDeps, Written } from '../deps';

const schema = z.object({
  exclusionId: uuid,
  outcome: z.enum(['UPHELD', 'REINSTATED'], {
    message: 'The governing board either upholds the exclusion or reinstates the pupil.',
  }),
  decisionDate: isoDate,
  note: requiredText('A note'),
});

/** The governing board's decision on reinstatement (domain.md §5.1; rule E4 watches its timing). */
export async function recordGovernorDecision(
  deps: UseCaseDeps,
  actor: Actor,
  input: unknown,
  clientKey?: string | null,
): Promise<Written> {
  authorise(actor, 'exclusion.governorDecision');
  const f = parseInput(schema, input);
  return once(deps.prisma, actor, clientKey, 'recordGovernorDecision', f, async (tx) => {
    const ex = await tx.exclusion.findFirst({
      where: { AND: [{ id: f.exclusionId }, exclusionScope(actor, 'exclusion.governorDecision')] },
      include: { pupil: true },
    });
    if (!ex) throw notFound('exclusion');
    if (ex.governorOutcome !== 'PENDING')
      throw conflict('The governing board’s decision is already recorded; record a correction if it was wrong.');
    const start = fromDb(ex.startDate);
    if (f.decisionDate < start)
      throw invalid([
        { field: 'decisionDate', message: `The decision cannot be before the exclusion started (${start}).` },
      ]);
    const dp = eventDateProblem(deps.clock, 'decisionDate', f.decisionDate, fromDb(ex.pupil.dateOfBirth));
    if (dp) throw invalid([dp]);
    await tx.exclusion.update({
      where: { id: ex.id },
      data: { governorOutcome: f.outcome, governorDecisionDate: toDb(f.decisionDate) },
    });
    await appendPupilEvent(tx, actor, {
      pupilId: ex.pupilId,
      type: 'GOVERNOR_DECISION_RECORDED',
      occurredOn: toDb(f.decisionDate),
      reason: f.note,
      exclusionId: ex.id,
      data: { outcome: f.outcome },
    });
    await writeOutbox(tx, 'exclusion.changed', 'EXCLUSION', ex.id, actor.laId);
    await audit(tx, actor, 'exclusion.governor', 'EXCLUSION', [ex.id, ex.pupilId]);
    return { id: ex.id };
  });
}
