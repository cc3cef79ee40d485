import type { Queue } from 'bullmq';
import type { PrismaClient } from '../src/generated/prisma/client';
import type { Logger } from '../src/logger';
import { JOBS, type EvaluateSubjectPayload, type SubjectKind } from '../src/jobs/registry';

const BATCH = 500;

/**
 * Publishes outbox rows to BullMQ. Rows are claimed with SKIP LOCKED so several relays can run;
 * a row is marked published only after Redis accepted its job, and the job id is the outbox id,
 * so a crash between the two re-adds the same job (BullMQ ignores the duplicate). While Redis is
 * down nothing is marked, and the backlog drains when it returns.
 */
export async function relayOnce(prisma: PrismaClient, flags: Queue): Promise<number> {
  return prisma.$transaction(
    async (tx) => {
      const rows = await tx.$queryRaw<{ id: bigint; aggregateType: string; aggregateId: string }[]>`
      SELECT "id", "aggregateType", "aggregateId"::text AS "aggregateId" FROM "OutboxEvent"
       WHERE "publishedAt" IS NULL ORDER BY "id" LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`;
      if (rows.length === 0) return 0;
      await flags.addBulk(
        rows.map((r) => ({
          name: JOBS.evaluateSubject,
          data: {
            aggregateType: r.aggregateType as SubjectKind,
            aggregateId: r.aggregateId,
            outboxId: String(r.id),
          } satisfies EvaluateSubjectPayload,
          opts: { jobId: `outbox-${r.id}` },
        })),
      );
      const ids = rows.map((r) => r.id);
      await tx.$executeRaw`UPDATE "OutboxEvent" SET "publishedAt" = now(), "attempts" = "attempts" + 1 WHERE "id" = ANY(${ids}::bigint[])`;
      return rows.length;
    },
    { timeout: 30_000 },
  );
}

/** Polls every `intervalMs` (default 200 ms, so a change is evaluated within a second); backs off while Redis is down. */
export function startRelay(prisma: PrismaClient, flags: Queue, log: Logger, intervalMs = 200) {
  let stopped = false;
  let delay = intervalMs;
  let current: Promise<void> = Promise.resolve();
  const loop = async () => {
    while (!stopped) {
      try {
        const n = await relayOnce(prisma, flags);
        delay = intervalMs;
        if (n === 500) continue; // more waiting: go again at once
      } catch (err) {
        delay = Math.min(delay * 2, 10_000);
        log.warn({ err: (err as Error).message, retryInMs: delay }, 'outbox relay could not publish; will retry');
      }
      await new Promise((r) => setTimeout(r, delay));
    }
  };
  current = loop();
  return {
    async stop() {
      stopped = true;
      await current;
    },
  };
}
