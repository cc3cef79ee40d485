import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { testEnv } from '../support/env';
import { eventually } from '../support/workers';
import { createPrisma } from '../../src/db/prisma';
import { createLogger } from '../../src/logger';
import { JOBS, QUEUES, type EvaluateChangesPayload } from '../../src/jobs/registry';
import { startRelay } from '../../workers/relay';
import type { PrismaClient } from '../../src/generated/prisma/client';

/**
 * The outbox relay's coalescing window (workers/relay.ts, RELAY_COALESCE_MS; issue 18 goal 1): a pass woken by
 * a commit waits the window, so writes committed right behind the first travel in the same pass — one
 * evaluate-changes job for all of them — and none is lost or sent twice. Only notifications wake the relay
 * here (its poll is a minute), so what the test sees is the notification path.
 */
describe('outbox relay: commits close together travel in one pass', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let owner: pg.Client;
  let redis: Redis;
  let flags: Queue;
  const prefix = `coalesce${Date.now() % 100000}`;

  beforeAll(async () => {
    db = await createTestDatabase();
    prisma = createPrisma(db.appUrl, 4);
    owner = new pg.Client({ connectionString: db.ownerUrl });
    await owner.connect();
    redis = new Redis(testEnv().redisUrl, { maxRetriesPerRequest: null });
    flags = new Queue(QUEUES.flags, { connection: redis, prefix });
  });
  afterAll(async () => {
    await flags?.obliterate({ force: true }).catch(() => undefined);
    await flags?.close();
    await redis?.quit();
    await owner?.end();
    await prisma?.$disconnect();
    await db?.drop();
  });

  /** One outbox row, committed by its own statement (as each write commits its own). */
  const commit = (id: string) =>
    owner.query(
      `INSERT INTO "OutboxEvent" (type, "aggregateType", "aggregateId") VALUES ('PUPIL_REGISTERED', 'PUPIL', $1)`,
      [id],
    );
  const commitOne = async () => {
    const id = randomUUID();
    await commit(id);
    return id;
  };
  const published = async () =>
    (await owner.query<{ n: number }>(`SELECT count(*)::int AS n FROM "OutboxEvent" WHERE "publishedAt" IS NOT NULL`))
      .rows[0]!.n;

  it('rows committed within the window share one pass and one evaluate-changes job; later rows get a pass of their own', async () => {
    const relay = startRelay(prisma, flags, createLogger('silent'), 60_000, db.appUrl, 1_500);
    try {
      // A first row, relayed, shows the relay listening; then a quiet spell longer than the window leaves it
      // waiting for the next notification (no pass or window in hand).
      const sentinel = await commitOne();
      await eventually(async () => (await published()) === 1, 15_000, 50, 'the first row relayed');
      await new Promise((r) => setTimeout(r, 3_000));
      // Five commits back to back (one connection, queued statements), then, once relayed, two more.
      const first = Array.from({ length: 5 }, () => randomUUID());
      await Promise.all(first.map((id) => commit(id)));
      await eventually(async () => (await published()) === 6, 15_000, 50, 'the five rows relayed');
      const second = [randomUUID(), randomUUID()];
      await Promise.all(second.map((id) => commit(id)));
      await eventually(async () => (await published()) === 8, 15_000, 50, 'the two later rows relayed');

      const batches = await owner.query<{ ids: string[]; batch: string }>(
        `SELECT array_agg("aggregateId"::text ORDER BY id) AS ids, "relayBatch"::text AS batch FROM "OutboxEvent"
          WHERE "aggregateId" <> $1 GROUP BY "relayBatch" ORDER BY "relayBatch"`,
        [sentinel],
      );
      expect(batches.rows.map((b) => b.ids)).toEqual([first, second]);
      // Each pass is one job carrying exactly its rows, under its batch's id.
      for (const b of batches.rows) {
        const job = await flags.getJob(`outbox-batch-${b.batch}`);
        expect(job?.name).toBe(JOBS.evaluateChanges);
        expect((job!.data as EvaluateChangesPayload).changes.map((c) => c.aggregateId)).toEqual(b.ids);
      }
      expect(await flags.getJobCountByTypes('waiting', 'delayed', 'active', 'completed', 'failed')).toBe(3);
    } finally {
      await relay.stop();
    }
  });
});
