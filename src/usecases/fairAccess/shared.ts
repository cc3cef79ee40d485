import type { Prisma } from '../../generated/prisma/client';
import type { Actor } from '../../auth/actor';
import type { Tx } from '../../record/idempotency';
import { referralScope } from '../../access/scope';
import { notFound } from '../../errors';
import type { Action } from '../../access/permissions';
import { appendPupilEvent, type PupilEventType } from '../../record/events';
import { writeOutbox } from '../../record/outbox';
import { audit } from '../../record/audit';
import { currentDecision } from '../../domain/fairAccess/supersede';
import { toDb } from '../dates';

const referralInclude = {
  pupil: true,
  decisions: { include: { meeting: true, response: true, direction: true, allocatedSchool: true } },
} satisfies Prisma.FairAccessReferralInclude;

/**
 * Loads a referral the caller may see, locking its row so a referral's writes (decisions, responses,
 * directions, admission) run one after another and the decision chain cannot fork.
 */
export async function lockReferralInScope(tx: Tx, actor: Actor, referralId: string, action: Action) {
  await tx.$queryRaw`SELECT id FROM "FairAccessReferral" WHERE id = ${referralId}::uuid FOR UPDATE`;
  const r = await tx.fairAccessReferral.findFirst({
    where: { AND: [{ id: referralId }, referralScope(actor, action)] },
    include: referralInclude,
  });
  if (!r) throw notFound('fair access referral');
  return { ...r, current: currentDecision(r.decisions) };
}

export type LockedReferral = Awaited<ReturnType<typeof lockReferralInScope>>;

/** Finds the referral behind a decision the caller may see, then locks it. */
export async function lockDecisionInScope(tx: Tx, actor: Actor, decisionId: string, action: Action) {
  const d = await tx.fairAccessDecision.findFirst({
    where: { id: decisionId, referral: referralScope(actor, action) },
    select: { referralId: true },
  });
  if (!d) throw notFound('panel decision');
  const referral = await lockReferralInScope(tx, actor, d.referralId, action);
  const decision = referral.decisions.find((x) => x.id === decisionId)!;
  return { referral, decision };
}

/** Every state change: the pupil's timeline, the outbox for the flag workers, the audit trail. */
export async function recordReferralChange(
  tx: Tx,
  actor: Actor,
  referral: { id: string; pupilId: string; laId: string },
  e: { type: PupilEventType; occurredOn: string; reason: string; data: Prisma.InputJsonObject },
  operation: string,
  subjectIds: string[] = [],
): Promise<void> {
  await appendPupilEvent(tx, actor, {
    pupilId: referral.pupilId,
    type: e.type,
    occurredOn: toDb(e.occurredOn),
    reason: e.reason,
    data: { referralId: referral.id, ...e.data },
  });
  await writeOutbox(tx, 'referral.changed', 'REFERRAL', referral.id, referral.laId);
  await audit(tx, actor, operation, 'REFERRAL', [referral.id, ...subjectIds, referral.pupilId]);
}
