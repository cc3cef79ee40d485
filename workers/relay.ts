import pg from 'pg';
import type { Queue } from 'bullmq';
import type { PrismaClient } from '../src/generated/prisma/client';
import type { Logger } from '../src/logger';
import { JOBS, type EvaluateChangesPayload, type SubjectKind } from '../src/jobs/registry';

const BATCH = 500;
/** The channel the OutboxEvent insert trigger notifies (migration 20261207050000_outbox_notify). */
export const OUTBOX_CHANNEL = 'outbox_event';

interface Claimed {
  id: bigint;
  aggregateType: string;
  aggregateId: string;
  relayBatch: bigint;
}

/**
 * Publishes outbox rows to BullMQ, the rows of one pass in ONE evaluate-changes job, so changes to one
 * provider (or pupil) within a tick are evaluated once. Exactly one job per row, even across crashes and
 * several relays (one per worker process):
 * 1. claim: unclaimed rows get a batch number from a sequence, in one committed statement (SKIP LOCKED, so
 *    two relays never claim the same row);
 * 2. publish: the batch becomes a job whose id is the batch number;
 * 3. mark the batch published.
 * A relay killed between 1 and 3 leaves a claimed, unpublished batch: every pass first publishes such
 * batches again under the same job id, which BullMQ ignores if the first attempt reached Redis. While Redis
 * is down nothing is marked published, and the backlog drains when it returns.
 */
export async function relayOnce(prisma: PrismaClient, flags: Queue): Promise<number> {
  const stranded = await prisma.$queryRaw<Claimed[]>`
    SELECT "id", "aggregateType", "aggregateId"::text AS "aggregateId", "relayBatch" FROM "OutboxEvent"
     WHERE "relayBatch" = (SELECT min("relayBatch") FROM "OutboxEvent" WHERE "publishedAt" IS NULL AND "relayBatch" IS NOT NULL)
       AND "publishedAt" IS NULL`;
  const claimed = stranded.length
    ? stranded
    : await prisma.$queryRaw<Claimed[]>`
    WITH batch AS (SELECT nextval('outbox_relay_batch') AS n),
    rows AS (SELECT "id" FROM "OutboxEvent" WHERE "publishedAt" IS NULL AND "relayBatch" IS NULL
              ORDER BY "id" LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
    UPDATE "OutboxEvent" o SET "relayBatch" = (SELECT n FROM batch) FROM rows WHERE o."id" = rows."id"
    RETURNING o."id", o."aggregateType", o."aggregateId"::text AS "aggregateId", o."relayBatch"`;
  if (claimed.length === 0) return 0;
  // One batch per pass (a stranded batch is re-published whole: never more than BATCH rows).
  const batch = claimed[0]!.relayBatch;
  await flags.add(
    JOBS.evaluateChanges,
    {
      changes: claimed
        .sort((a, b) => (a.id < b.id ? -1 : 1))
        .map((r) => ({
          aggregateType: r.aggregateType as SubjectKind,
          aggregateId: r.aggregateId,
          outboxId: String(r.id),
        })),
    } satisfies EvaluateChangesPayload,
    { jobId: `outbox-batch-${batch}` },
  );
  await prisma.$executeRaw`UPDATE "OutboxEvent" SET "publishedAt" = now(), "attempts" = "attempts" + 1
      WHERE "relayBatch" = ${batch} AND "publishedAt" IS NULL`;
  return claimed.length;
}

/**
 * A LISTEN connection that calls `wake` on each outbox notification. If it drops, the relay keeps
 * polling and this reconnects on its own (after a pause), so a database restart costs latency, not rows.
 */
function listenForOutbox(url: string, wake: () => void, log: Logger) {
  let client: pg.Client | null = null;
  let stopped = false;
  let retry: NodeJS.Timeout | null = null;
  const connect = async () => {
    if (stopped) return;
    const c = new pg.Client({ connectionString: url });
    c.on('notification', wake);
    c.on('error', (err) => {
      log.warn({ err: err.message }, 'outbox LISTEN connection lost; polling until it is back');
      void c.end().catch(() => undefined);
      if (client === c) client = null;
      if (!stopped) retry = setTimeout(() => void connect(), 2000);
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${OUTBOX_CHANNEL}`);
      if (stopped) return void (await c.end());
      client = c;
      wake(); // anything committed while not listening
    } catch (err) {
      log.warn({ err: (err as Error).message }, 'could not LISTEN for outbox rows; polling');
      void c.end().catch(() => undefined);
      if (!stopped) retry = setTimeout(() => void connect(), 2000);
    }
  };
  void connect();
  return {
    async stop() {
      stopped = true;
      if (retry) clearTimeout(retry);
      await client?.end().catch(() => undefined);
    },
  };
}

/**
 * How long a pass waits after the notification that woke it (or one that came in during the pass before), so
 * the writes committed meanwhile travel in the same pass. Every pass has a cost of its own whatever it carries (a
 * claim, a job, its fetch and completion, and the evaluation's per-batch statements: thresholds, calendars,
 * reconcile, next-due), and a pass woken per notification carried one or two writes at 20 writes/s (issue 18).
 * 25 ms is a small part of the flag latency goals (≤ 300 ms at small providers); at a few hundred writes a second
 * it gathers several writes a pass (7.8 in bench:write). A full batch is relayed again at once: the rows are
 * already waiting.
 */
export const RELAY_COALESCE_MS = 25;

/**
 * Relays when a notification says an outbox row was committed (`listenUrl`), and polls every `intervalMs`
 * (default 200 ms) as the fallback for a lost notification or connection; backs off while Redis is down.
 */
export function startRelay(
  prisma: PrismaClient,
  flags: Queue,
  log: Logger,
  intervalMs = 200,
  listenUrl?: string,
  coalesceMs = RELAY_COALESCE_MS,
) {
  let stopped = false;
  let delay = intervalMs;
  let pending = false;
  let wakeUp: (() => void) | null = null;
  const wake = () => {
    pending = true;
    wakeUp?.();
  };
  const listener = listenUrl ? listenForOutbox(listenUrl, wake, log) : null;
  const loop = async () => {
    while (!stopped) {
      pending = false;
      let failed = false;
      try {
        const n = await relayOnce(prisma, flags);
        delay = intervalMs;
        if (n === BATCH) continue; // more waiting: go again at once
      } catch (err) {
        failed = true;
        delay = Math.min(delay * 2, 10_000);
        log.warn({ err: (err as Error).message, retryInMs: delay }, 'outbox relay could not publish; will retry');
      }
      // A notification that came in during the pass means rows committed since it read: go again without
      // waiting for the poll (unless Redis is failing, when the back-off applies), after the coalescing window.
      const woken =
        (pending && !failed) ||
        (await new Promise<boolean>((r) => {
          const t = setTimeout(() => r(false), delay);
          wakeUp = failed
            ? null
            : () => {
                clearTimeout(t);
                r(true);
              };
        }));
      wakeUp = null;
      // Woken by a commit: let the writes right behind it join the pass (not when stopping).
      if (woken && coalesceMs > 0 && !stopped) await new Promise((r) => setTimeout(r, coalesceMs));
    }
  };
  const current = loop();
  return {
    async stop() {
      stopped = true;
      wakeUp?.();
      await Promise.all([current, listener?.stop()]);
    },
  };
}
