import type { Actor } from '../../auth/actor';
import type { Tx } from '../../record/idempotency';
import { pupilScope } from '../../access/scope';
import { notFound } from '../../errors';

/**
 * Locks the pupil's row for the rest of the transaction, so writes to one pupil's record
 * (placements, hours, suspensions) are checked one after another, and checks it is in scope.
 * Providers reporting an entry and panels placing a referred child may reach any pupil of their LA.
 */
export async function lockPupilInScope(
  tx: Tx,
  actor: Actor,
  pupilId: string,
  opts: { allowLaPupilsForProviders?: boolean } = {},
) {
  await tx.$queryRaw`SELECT id FROM "Pupil" WHERE id = ${pupilId}::uuid FOR UPDATE`;
  const widened =
    opts.allowLaPupilsForProviders && (actor.role === 'PROVIDER_STAFF' || actor.role === 'PANEL_MEMBER')
      ? { OR: [pupilScope(actor), { homeLaId: actor.laId }] }
      : pupilScope(actor);
  const pupil = await tx.pupil.findFirst({ where: { AND: [{ id: pupilId }, widened] } });
  if (!pupil) throw notFound('pupil');
  return pupil;
}
