/**
 * Restriction of processing (UK GDPR art. 18; e.g. while a parent disputes the record's accuracy): the record
 * is kept, but hidden from everyone except the LA officers named (RESTRICTION in src/access/permissions.ts;
 * src/access/scope.ts applies it to every read). The officer restricting is always named, so the record
 * never becomes unreachable. Restricting and lifting are events on the timeline, with who and why.
 */
import { z } from 'zod';
import type { Actor } from '../../auth/actor';
import { once } from '../../record/idempotency';
import { invalid } from '../../errors';
import { authorise, RESTRICTION } from '../../access/permissions';
import { appendPupilEvent } from '../../record/events';
import { writeOutbox } from '../../record/outbox';
import { audit } from '../../record/audit';
import { toDb } from '../dates';
import { parseInput, requiredText, uuid } from '../validation';
import type { UseCaseDeps, Written } from '../deps';
import { lockPupilInScope } from '../pupils/lockPupil';

const restrictSchema = z.object({
  pupilId: uuid,
  officerIds: z.array(uuid).max(20, 'Name at most 20 officers.').default([]),
  reason: requiredText('A reason'),
});
const liftSchema = z.object({ pupilId: uuid, reason: requiredText('A reason') });

export async function restrictPupilRecord(
  deps: UseCaseDeps,
  actor: Actor,
  input: unknown,
  clientKey?: string | null,
): Promise<Written> {
  authorise(actor, 'pupil.restrict');
  const f = parseInput(restrictSchema, input);
  const named = [...new Set([actor.userId, ...f.officerIds])].sort();
  return once(deps.prisma, actor, clientKey, 'restrictPupilRecord', { ...f, officerIds: named }, async (tx) => {
    const pupil = await lockPupilInScope(tx, actor, f.pupilId, 'pupil.restrict');
    const officers = await tx.appUser.findMany({
      where: { id: { in: named }, laId: actor.laId, active: true, role: { in: [...RESTRICTION.namedRoles] } },
      select: { id: true },
    });
    if (officers.length !== named.length)
      throw invalid([{ field: 'officerIds', message: 'Name only active LA officers of your LA.' }]);
    await tx.pupil.update({
      where: { id: pupil.id },
      data: { restrictedAt: pupil.restrictedAt ?? new Date(), restrictedToUserIds: named },
    });
    await appendPupilEvent(tx, actor, {
      pupilId: pupil.id,
      type: 'RECORD_RESTRICTED',
      occurredOn: toDb(deps.clock.today()),
      reason: f.reason,
      data: { visibleTo: named, alreadyRestricted: pupil.restrictedAt !== null },
    });
    await writeOutbox(tx, 'pupil.changed', 'PUPIL', pupil.id, actor.laId);
    await audit(tx, actor, 'pupil.restrict', 'PUPIL', [pupil.id]);
    return { id: pupil.id };
  });
}

export async function liftPupilRestriction(
  deps: UseCaseDeps,
  actor: Actor,
  input: unknown,
  clientKey?: string | null,
): Promise<Written> {
  authorise(actor, 'pupil.restrict');
  const f = parseInput(liftSchema, input);
  return once(deps.prisma, actor, clientKey, 'liftPupilRestriction', f, async (tx) => {
    const pupil = await lockPupilInScope(tx, actor, f.pupilId, 'pupil.restrict');
    if (!pupil.restrictedAt) throw invalid([{ field: 'pupilId', message: 'This record is not restricted.' }]);
    await tx.pupil.update({ where: { id: pupil.id }, data: { restrictedAt: null, restrictedToUserIds: [] } });
    await appendPupilEvent(tx, actor, {
      pupilId: pupil.id,
      type: 'RESTRICTION_LIFTED',
      occurredOn: toDb(deps.clock.today()),
      reason: f.reason,
      data: { wasVisibleTo: pupil.restrictedToUserIds },
    });
    await writeOutbox(tx, 'pupil.changed', 'PUPIL', pupil.id, actor.laId);
    await audit(tx, actor, 'pupil.liftRestriction', 'PUPIL', [pupil.id]);
    return { id: pupil.id };
  });
}
