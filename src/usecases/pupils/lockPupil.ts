import type { Actor } from '../../auth/actor';
import type { Prisma } from '../../generated/prisma/client';
import type { Tx } from '../../record/idempotency';
import { pupilScope } from '../../access/scope';
import { notFound } from '../../errors';
import type { Action } from '../../access/permissions';

/**
 * Locks the pupil's row for the rest of the transaction, so writes to one pupil's record
 * (placements, hours, suspensions) are checked one after another, and checks the action's condition
 * (permission table) holds for this pupil. A pupil the caller may not see answers exactly like one that
 * does not exist, before any of its facts (date of birth, SEN status, other placements) is used.
 */
export async function lockPupilInScope(tx: Tx, actor: Actor, pupilId: string, action: Action) {
  return lockPupilWhere(tx, pupilId, pupilScope(actor, action));
}

/** The same lock, where the caller's authority over the pupil comes from another record already in scope. */
export async function lockPupilWhere(tx: Tx, pupilId: string, where: Prisma.PupilWhereInput) {
  await tx.$queryRaw`SELECT id FROM "Pupil" WHERE id = ${pupilId}::uuid FOR UPDATE`;
  const pupil = await tx.pupil.findFirst({ where: { AND: [{ id: pupilId }, where] } });
  if (!pupil) throw notFound('pupil');
  return pupil;
}
