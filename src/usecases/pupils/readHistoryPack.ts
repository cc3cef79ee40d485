import type { PrismaClient } from '../../generated/prisma/client';
import type { Actor } from '../../auth/actor';
import type { Clock } from '../../time/clock';
import { authorise } from '../../access/permissions';
import { pupilScope } from '../../access/scope';
import { notFound } from '../../errors';
import { audit } from '../../record/audit';
import { collectHistoryPack, HISTORY_PACK_FORMAT, type HistoryPack } from '../../queries/historyPack';

export interface HistoryPackAnswer {
  pupilId: string;
  generatedAt: Date;
  format: string;
  pack: HistoryPack;
}

/**
 * A pupil's AP history pack (an inspector's case sample, or the record of a move): whoever may read the pupil may
 * read it. Reading it writes one audit row, in the same transaction as the read (repeatable read: one snapshot);
 * an attempt on a pupil out of scope is audited naming no pupil, and answers like a pupil that does not exist.
 */
export async function readHistoryPack(
  deps: { prisma: PrismaClient; clock: Clock },
  actor: Actor,
  pupilId: string,
): Promise<HistoryPackAnswer> {
  authorise(actor, 'pupil.historyPack');
  const inScope = await deps.prisma.pupil.findFirst({
    where: { AND: [{ id: pupilId }, pupilScope(actor, 'pupil.historyPack')] },
    select: { id: true },
  });
  if (!inScope) {
    await audit(deps.prisma, actor, 'pupil.historyPack', 'PUPIL', []);
    throw notFound('pupil');
  }
  return deps.prisma.$transaction(
    async (tx) => {
      await audit(tx, actor, 'pupil.historyPack', 'PUPIL', [pupilId]);
      const generatedAt = deps.clock.now();
      const pack = await collectHistoryPack(tx, pupilId, actor.laId, generatedAt);
      return { pupilId, generatedAt, format: HISTORY_PACK_FORMAT, pack };
    },
    { isolationLevel: 'RepeatableRead', timeout: 60_000 },
  );
}
