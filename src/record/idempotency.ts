import { createHash } from 'node:crypto';
import { Prisma, type PrismaClient } from '../generated/prisma/client';

const sql = Prisma.sql;
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

/**
 * The one-statement write (issue 18): the idempotency key, the record, its event, outbox and audit rows go to
 * PostgreSQL as one statement (one round trip, atomic on its own). `statement` gets the gate to select from:
 * with a client key, a CTE that inserts the key (its answer, known up front because the record's id is made
 * here) and yields one row only when the key is new; concurrent duplicates wait on the key's unique index as
 * in `once`. Its rows come back, or, when the key was already there, the stored answer (or the same CONFLICT
 * as `once` for a key reused with another request). A database error rolls the whole statement back.
 */
export async function onceInOneStatement<R>(
  prisma: PrismaClient,
  actor: Actor,
  clientKey: string | null | undefined,
  operation: string,
  input: unknown,
  response: Prisma.InputJsonValue,
  statement: (gate: Prisma.Sql) => Prisma.Sql,
): Promise<{ rows: R[] } | { prior: Prisma.JsonValue }> {
  const gate = clientKey
    ? sql`k AS (
        INSERT INTO "IdempotencyKey" ("actorId", "key", "operation", "requestHash", "response")
        VALUES (${actor.userId}, ${clientKey}, ${operation}, ${hash({ operation, input })}, ${JSON.stringify(response)}::jsonb)
        ON CONFLICT DO NOTHING RETURNING 1),
      go AS (SELECT 1 AS go FROM k)`
    : sql`go AS (SELECT 1 AS go)`;
  const rows = await prisma.$queryRaw<R[]>(statement(gate));
  if (rows.length || !clientKey) return { rows };
  return { prior: await storedAnswer(prisma, actor, clientKey, operation, input) };
}

async function storedAnswer(
  db: Pick<Prisma.TransactionClient, 'idempotencyKey'>,
  actor: Actor,
  clientKey: string,
  operation: string,
  input: unknown,
): Promise<Prisma.JsonValue> {
  const prior = await db.idempotencyKey.findUniqueOrThrow({
    where: { actorId_key: { actorId: actor.userId, key: clientKey } },
  });
  if (prior.operation !== operation || prior.requestHash !== hash({ operation, input }))
    throw conflict('This client key was already used for a different request. Use a new key for a new request.', {
      reason: 'IDEMPOTENCY_KEY_REUSED',
    });
  return prior.response;
}

/**
 * `once` for a use case whose last statement writes everything: the key row is inserted first (so concurrent
 * duplicates wait on it before any check is made, as in `once`), and `work` gets the CTE that stores the answer
 * on it, to put in its final statement instead of a separate UPDATE. The answer must be known before that
 * statement (make the record's id up front). With `lockPupil`, the same statement then locks that pupil's row
 * (`FOR UPDATE`, only once the key is new), saving the use case that round trip; `work` is told it holds the lock.
 */
export async function onceWithKeyCte<T>(
  prisma: PrismaClient,
  actor: Actor,
  clientKey: string | null | undefined,
  operation: string,
  input: unknown,
  work: (tx: Tx, storeAnswer: (answer: Prisma.InputJsonValue) => Prisma.Sql, pupilLocked: boolean) => Promise<T>,
  opts: { lockPupil?: string } = {},
): Promise<T | { prior: Prisma.JsonValue }> {
  try {
    if (!clientKey) return await prisma.$transaction((tx) => work(tx, () => sql`kx AS (SELECT 1)`, false));
    const requestHash = hash({ operation, input });
    return await prisma.$transaction(async (tx) => {
      const lock = opts.lockPupil
        ? sql`, l AS (SELECT id FROM "Pupil" WHERE id = ${opts.lockPupil}::uuid AND EXISTS (SELECT 1 FROM k) FOR UPDATE)
          SELECT (SELECT count(*) FROM k)::int AS inserted, (SELECT count(*) FROM l)::int AS locked`
        : sql` SELECT (SELECT count(*) FROM k)::int AS inserted`;
      const [r] = await tx.$queryRaw<{ inserted: number }[]>`WITH k AS (
        INSERT INTO "IdempotencyKey" ("actorId", "key", "operation", "requestHash")
        VALUES (${actor.userId}, ${clientKey}, ${operation}, ${requestHash})
        ON CONFLICT DO NOTHING RETURNING 1)${lock}`;
      if (!r?.inserted) return { prior: await storedAnswer(tx, actor, clientKey, operation, input) };
      return work(
        tx,
        (answer) => sql`kx AS (UPDATE "IdempotencyKey" SET "response" = ${JSON.stringify(answer)}::jsonb
          WHERE "actorId" = ${actor.userId} AND "key" = ${clientKey} RETURNING 1)`,
        Boolean(opts.lockPupil),
      );
    });
  } catch (err) {
    throw translateDbError(err);
  }
}
