import type { PrismaClient } from '../../generated/prisma/client';
import type { Actor } from '../../auth/actor';
import { authorise } from '../../access/permissions';
import { notFound } from '../../errors';
import { audit } from '../../record/audit';

/**
 * Asks an import of the caller's LA to stop. The job checks between chunks and rolls its one transaction
 * back, so nothing of a cancelled import is kept; a finished import is not undone by this.
 */
export async function cancelImport(prisma: PrismaClient, actor: Actor, id: string): Promise<string> {
  authorise(actor, 'import.placements');
  const batch = await prisma.importBatch.findFirst({ where: { id, laId: actor.laId }, select: { id: true } });
  if (!batch) throw notFound('import');
  await prisma.importBatch.updateMany({
    where: { id, status: { in: ['QUEUED', 'RUNNING'] } },
    data: { cancelRequested: true },
  });
  await audit(prisma, actor, 'import.cancel', 'IMPORT_BATCH', [id]);
  return id;
}
