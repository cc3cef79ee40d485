import type { Actor } from '../auth/actor';
import type { PrismaClient } from '../generated/prisma/client';
import { authorise } from '../access/permissions';
import { pupilScope } from '../access/scope';
import { audit } from '../record/audit';

export type RetentionReviewStatus = 'AWAITING_APPROVAL' | 'APPROVED' | 'ANONYMISED';

/**
 * The caller's LA's retention review list, oldest due first. It names pupils, so it is audited like any list
 * of pupils; a pupil the caller may not see (restricted to other officers) is not on it.
 */
export async function listRetentionReviews(
  prisma: PrismaClient,
  actor: Actor,
  status: RetentionReviewStatus[] | null | undefined,
  first: number,
) {
  authorise(actor, 'pupil.retentionReview');
  const where = {
    laId: actor.laId,
    pupil: pupilScope(actor, 'pupil.read'),
    ...(status?.length ? { status: { in: status } } : {}),
  };
  const take = Math.min(Math.max(first, 1), 500);
  const [rows, totalCount] = await Promise.all([
    prisma.retentionReview.findMany({
      where,
      include: { pupil: true },
      orderBy: [{ dueOn: 'asc' }, { id: 'asc' }],
      take,
    }),
    prisma.retentionReview.count({ where }),
  ]);
  await audit(
    prisma,
    actor,
    'pupil.retentionReviews',
    'PUPIL',
    rows.map((r) => r.pupilId),
  );
  return { nodes: rows, totalCount };
}
