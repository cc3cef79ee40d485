/**
 * Records (or corrects) a pupil's NHS number (domain.md §10.3: CWSA 2026 s4's consistent child identifier,
 * not yet in force). Checked with its mod-11 check digit; one child per number; an event on the timeline
 * says it changed, without the number itself.
 */
import { z } from 'zod';
import type { Actor } from '../../auth/actor';
import { once } from '../../record/idempotency';
import { conflict, invalid } from '../../errors';
import { authorise } from '../../access/permissions';
import { pupilScope } from '../../access/scope';
import { validateNhsNumber } from '../../domain/identifiers';
import { appendPupilEvent } from '../../record/events';
import { writeOutbox } from '../../record/outbox';
import { audit } from '../../record/audit';
import { toDb } from '../dates';
import { parseInput, requiredText, uuid } from '../validation';
import type { UseCaseDeps, Written } from '../deps';
import { lockPupilInScope } from './lockPupil';

const schema = z.object({ pupilId: uuid, nhsNumber: z.string(), reason: requiredText('A reason') });

export async function recordNhsNumber(
  deps: UseCaseDeps,
  actor: Actor,
  input: unknown,
  clientKey?: string | null,
): Promise<Written> {
  authorise(actor, 'pupil.recordNhsNumber');
  const f = parseInput(schema, input);
  const nhs = validateNhsNumber(f.nhsNumber);
  if (!nhs.ok)
    throw invalid([{ field: 'nhsNumber', message: `${nhs.message}.` }], `${nhs.message}. Nothing was saved.`);
  return once(deps.prisma, actor, clientKey, 'recordNhsNumber', { ...f, nhsNumber: nhs.nhsNumber }, async (tx) => {
    const pupil = await lockPupilInScope(tx, actor, f.pupilId, 'pupil.recordNhsNumber');
    const holder = await tx.pupil.findUnique({ where: { nhsNumber: nhs.nhsNumber }, select: { id: true } });
    if (holder && holder.id !== pupil.id) {
      // Confirmed only when the caller may read the other record too; otherwise no oracle (issue 11, finding 10).
      const visible = await tx.pupil.findFirst({
        where: { AND: [{ id: holder.id }, pupilScope(actor)] },
        select: { id: true },
      });
      if (visible)
        throw conflict('Another pupil already has this NHS number: check both records (they may be the same child).');
      await audit(deps.prisma, actor, 'pupil.nhsNumber.refused', 'PUPIL', [holder.id]);
      throw invalid([
        {
          field: 'nhsNumber',
          message: 'This NHS number cannot be recorded here. Check it, or ask your LA’s data team.',
        },
      ]);
    }
    await tx.pupil.update({ where: { id: pupil.id }, data: { nhsNumber: nhs.nhsNumber } });
    await appendPupilEvent(tx, actor, {
      pupilId: pupil.id,
      type: 'NHS_NUMBER_RECORDED',
      occurredOn: toDb(deps.clock.today()),
      reason: f.reason,
      data: { replacedEarlier: pupil.nhsNumber !== null },
    });
    await writeOutbox(tx, 'pupil.changed', 'PUPIL', pupil.id, actor.laId);
    await audit(tx, actor, 'pupil.nhsNumber', 'PUPIL', [pupil.id]);
    return { id: pupil.id };
  });
}
