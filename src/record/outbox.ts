import type { Prisma } from '../generated/prisma/client';

/**
 * Outbox event types the flag workers consume. Payloads are IDs only:
 * no personal data ever reaches Redis.
 */
export type OutboxType =
  | 'pupil.changed'
  | 'placement.changed'
  | 'exclusion.changed'
  | 'reintegration.changed'
  | 'provider.changed'
  | 'referral.changed';

export type AggregateType = 'PUPIL' | 'PLACEMENT' | 'EXCLUSION' | 'REINTEGRATION' | 'PROVIDER' | 'REFERRAL';

export async function writeOutbox(
  tx: Pick<Prisma.TransactionClient, 'outboxEvent'>,
  type: OutboxType,
  aggregateType: AggregateType,
  aggregateId: string,
  laId: string | null,
): Promise<void> {
  await tx.outboxEvent.create({ data: { type, aggregateType, aggregateId, laId } });
}
