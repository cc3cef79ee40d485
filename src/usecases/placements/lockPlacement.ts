import type { Actor } from '../../auth/actor';
import type { Tx } from '../../record/idempotency';
import { placementScope } from '../../access/scope';
import { conflict, notFound } from '../../errors';
import type { Action } from '../../access/permissions';

/** Loads a placement the caller may report on, locking its pupil so its writes run one at a time. */
export async function lockPlacementInScope(
  tx: Tx,
  actor: Actor,
  placementId: string,
  opts: { mustBeOpen?: boolean; action?: Action } = {},
) {
  const found = await tx.placement.findFirst({
    where: { AND: [{ id: placementId }, placementScope(actor, opts.action ?? 'placement.update')] },
    select: { pupilId: true },
  });
  if (!found) throw notFound('placement');
  await tx.$queryRaw`SELECT id FROM "Pupil" WHERE id = ${found.pupilId}::uuid FOR UPDATE`;
  const placement = await tx.placement.findUniqueOrThrow({
    where: { id: placementId },
    include: { pupil: true, provider: true },
  });
  if (opts.mustBeOpen && placement.status !== 'OPEN')
    throw conflict('This placement has already ended, so nothing more can be recorded against it.');
  return placement;
}
