import type { Prisma } from '../generated/prisma/client';
import type { Actor } from '../auth/actor';
import { actorOrgId } from '../auth/actor';

type Tx = Pick<Prisma.TransactionClient, 'auditEvent'>;

/**
 * Appends an audit row (who, role, organisation, operation, subjects, time).
 * Writes audit inside their own transaction so a rolled-back write leaves no audit of a change that never happened.
 */
export async function audit(
  db: Tx,
  actor: Actor,
  operation: string,
  subjectType: string | null,
  subjectIds: string[],
): Promise<void> {
  await db.auditEvent.create({
    data: {
      actorId: actor.userId,
      actorRole: actor.role,
      actorOrgId: actorOrgId(actor),
      laId: actor.laId,
      operation,
      subjectType,
      subjectIds,
    },
  });
}
