import { createHash } from 'node:crypto';
import type { Prisma, PrismaClient } from '../generated/prisma/client';
import type { Actor } from '../auth/actor';
import { conflict } from '../errors';
import { translateDbError } from './dbErrors';

export type Tx = Prisma.TransactionClient;

/** Canonical JSON (sorted keys) so the same input always hashes the same. */
export function stableStringify(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map(stableStringify).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${stableStringify(o[k])}`)
    .join(',')}}`;
}

const hash = (v: unknown) => createHash('sha256').update(stableStringify(v)).digest('hex');

/**
 * Runs a use case in one transaction, at most once per (caller, client key).
 * The key row is inserted first: concurrent duplicates wait on its unique index until the first
 * commits, then return the stored result. Same key with different input is a CONFLICT.
 */
export async function once<T extends Prisma.InputJsonValue>(
  prisma: PrismaClient,
  actor: Actor,
  clientKey: string | null | undefined,
  operation: string,
  input: unknown,
  work: (tx: Tx) => Promise<T>,
): Promise<T> {
  try {
    return await run(prisma, actor, clientKey, operation, input, work);
  } catch (err) {
    throw translateDbError(err);
  }
}

async function run<T extends Prisma.InputJsonValue>(
  prisma: PrismaClient,
  actor: Actor,
  clientKey: string | null | undefined,
  operation: string,
  input: unknown,
  work: (tx: Tx) => Promise<T>,
): Promise<T> {
  if (!clientKey) return prisma.$transaction((tx) => work(tx));
  const requestHash = hash({ operation, input });
  return prisma.$transaction(async (tx) => {
    const inserted = await tx.$executeRaw`
      INSERT INTO "IdempotencyKey" ("actorId", "key", "operation", "requestHash")
      VALUES (${actor.userId}, ${clientKey}, ${operation}, ${requestHash})
      ON CONFLICT DO NOTHING`;
    if (inserted === 0) {
      const prior = await tx.idempotencyKey.findUniqueOrThrow({
        where: { actorId_key: { actorId: actor.userId, key: clientKey } },
      });
      if (prior.operation !== operation || prior.requestHash !== requestHash) {
        throw conflict('This client key was already used for a different request. Use a new key for a new request.', {
          reason: 'IDEMPOTENCY_KEY_REUSED',
        });
      }
      return prior.response as T;
    }
    const result = await work(tx);
    await tx.idempotencyKey.update({
      where: { actorId_key: { actorId: actor.userId, key: clientKey } },
      data: { response: result },
    });
    return result;
  });
}
