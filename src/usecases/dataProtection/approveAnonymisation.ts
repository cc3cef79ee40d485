/**
 * An LA officer approves the anonymisation of pupils on their LA's retention review list. Only an approval
 * lets the retention job anonymise a record (and lets the database blank its history): it is recorded on
 * the review (who, when, why) and in the audit trail, naming each pupil, in the same transaction. An
 * approval is never withdrawn (the database refuses); a review already approved or done is left as it is.
 */
import { z } from 'zod';
import type { Actor } from '../../auth/actor';
import { once } from '../../record/idempotency';
import { invalid, notFound } from '../../errors';
import { authorise } from '../../access/permissions';
import { pupilScope } from '../../access/scope';
import { audit } from '../../record/audit';
import { parseInput, requiredText, uuid } from '../validation';
import type { UseCaseDeps } from '../deps';

const schema = z.object({
  reviewIds: z.array(uuid).min(1, 'Choose at least one pupil.').max(500, 'Approve at most 500 at a time.'),
  reason: requiredText('A reason'),
});

export async function approveAnonymisation(
  deps: UseCaseDeps,
  actor: Actor,
  input: unknown,
  clientKey?: string | null,
): Promise<{ ids: string[] }> {
  authorise(actor, 'pupil.approveAnonymisation');
  const f = parseInput(schema, input);
  const ids = [...new Set(f.reviewIds)].sort();
  return once(deps.prisma, actor, clientKey, 'approveAnonymisation', { ...f, reviewIds: ids }, async (tx) => {
    await tx.$queryRaw`SELECT id FROM "RetentionReview" WHERE id = ANY(${ids}::uuid[]) ORDER BY id FOR UPDATE`;
    const found = await tx.retentionReview.findMany({
      where: { id: { in: ids }, laId: actor.laId, pupil: pupilScope(actor, 'pupil.read') },
    });
    if (found.length !== ids.length) throw notFound('retention review');
    const waiting = found.filter((r) => r.status === 'AWAITING_APPROVAL');
    if (waiting.length === 0)
      throw invalid([{ field: 'reviewIds', message: 'These pupils have already been approved for anonymisation.' }]);
    await tx.retentionReview.updateMany({
      where: { id: { in: waiting.map((r) => r.id) }, status: 'AWAITING_APPROVAL' },
      data: { status: 'APPROVED', approvedBy: actor.userId, approvedAt: new Date(), approvalReason: f.reason },
    });
    await audit(tx, actor, 'pupil.approveAnonymisation', 'PUPIL', [
      ...waiting.map((r) => r.pupilId),
      ...waiting.map((r) => r.id),
    ]);
    return { ids };
  });
}
