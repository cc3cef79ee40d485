import type { PrismaClient } from '../generated/prisma/client';
import type { Actor } from '../auth/actor';
import { authorise } from '../access/permissions';

/** An import batch of the caller's LA (OWN_LA), or null: another LA's batch answers like a missing one. */
export async function importJob(prisma: PrismaClient, actor: Actor, id: string) {
  authorise(actor, 'import.read');
  return prisma.importBatch.findFirst({ where: { id, laId: actor.laId } });
}
