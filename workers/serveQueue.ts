import { Worker, type Processor, type Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Config } from '../src/config';
import type { Logger } from '../src/logger';
import type { PrismaClient } from '../src/generated/prisma/client';
import type { CalendarService } from '../src/calendar/calendarService';
import type { Clock } from '../src/time/clock';
import {
  QUEUES,
  JOBS,
  NIGHTLY_SCAN_CRON,
  NIGHTLY_SCAN_SCHEDULER_ID,
  RETENTION_REVIEW_CRON,
  RETENTION_REVIEW_SCHEDULER_ID,
  type QueueName,
} from '../src/jobs/registry';
import type { RollupPollerOptions } from './rollupPoller';
import { registerScheduler } from './schedules';

/**
 * What a worker process starts for each queue it serves (WORKER_QUEUES, src/config.ts). Besides the queue's
 * own BullMQ worker, three queues bring what feeds them, so they run wherever the queue is served:
 *
 * | queue         | its worker                                   | rides with it                                        |
 * |---------------|----------------------------------------------|------------------------------------------------------|
 * | flags         | evaluation per change, nightly scan pages    | the outbox relay; the nightly scan's scheduler       |
 * | notifications | signed webhooks                              | nothing (the flag worker adds its jobs)              |
 * | reports       | report rollup refreshes                      | the rollup poller (adds a refresh per LA, told of each refresh's outcome) |
 * | retention     | the nightly review, approved anonymisations  | the retention review's scheduler                     |
 * | imports       | placement imports                            | nothing (the API adds its jobs)                      |
 *
 * The relay rides with flags because its only output is evaluate-changes jobs; the poller with reports because
 * the report worker tells it when an LA's refresh fails (it holds that LA back). Each processor's module is
 * loaded only when its queue is served, so a process serving imports alone does not hold the flag rules' code,
 * and one serving the rest does not hold the import's.
 */
export interface ServeDeps {
  config: Config;
  prisma: PrismaClient;
  calendars: CalendarService;
  log: Logger;
  clock: Clock;
  /** Producers for every queue: a served queue's processor may add to another (flags → notifications). */
  queues: Record<QueueName, Queue>;
  connection: Redis;
  concurrency?: number;
  relayIntervalMs?: number;
  lockDurationMs?: number;
  rollups?: RollupPollerOptions;
  providerDelayMs?: number;
}

export interface Served {
  worker: Worker;
  /** Loops started beside the worker (the relay, the rollup poller), stopped before it at shutdown. */
  companions: { stop(): Promise<unknown> }[];
}

export const SERVE: Record<QueueName, (d: ServeDeps) => Promise<Served>> = {
  async flags(d) {
    const { flagProcessor } = await import('./flagProcessor');
    const lock = d.lockDurationMs ?? 30_000;
    const worker = bullWorker(
      d,
      QUEUES.flags,
      flagProcessor({ ...d, flags: d.queues.flags, notifications: d.queues.notifications }),
      {
        concurrency: d.concurrency ?? 4,
        lockDuration: lock,
        stalledInterval: Math.max(1000, Math.floor(lock / 2)),
        // Evaluation is idempotent, so a job whose lock lapsed (its worker killed, or starved of CPU long enough
        // to miss a renewal) is run again rather than failed: with BullMQ's default of 1, a busy machine failed
        // evaluate-changes jobs for good and their changes went unevaluated until the nightly scan.
        maxStalledCount: 5,
      },
    );
    // Idempotent: upserting the scheduler by id never creates a second nightly scan.
    await registerScheduler(d.queues.flags, d.log, NIGHTLY_SCAN_SCHEDULER_ID, NIGHTLY_SCAN_CRON, JOBS.nightlyScan);
    const { startRelay } = await import('./relay');
    const relay = startRelay(d.prisma, d.queues.flags, d.log, d.relayIntervalMs, d.config.appDatabaseUrl);
    return { worker, companions: [relay] };
  },

  async notifications(d) {
    const { notifyProcessor } = await import('./notifyProcessor');
    const processor = notifyProcessor({
      prisma: d.prisma,
      publicUrl: d.config.PUBLIC_URL,
      webhooks: { allowPrivate: d.config.WEBHOOK_ALLOW_PRIVATE_ADDRESSES },
    });
    return { worker: bullWorker(d, QUEUES.notifications, processor, { concurrency: 2 }), companions: [] };
  },

  async reports(d) {
    const [{ reportProcessor }, { startRollupPoller }] = await Promise.all([
      import('./reportProcessor'),
      import('./rollupPoller'),
    ]);
    const rollups = startRollupPoller(d.prisma, d.queues.reports, d.log, { clock: d.clock, ...d.rollups });
    // One refresh at a time: each is a burst of report queries, and the API's reports come first.
    const worker = bullWorker(d, QUEUES.reports, reportProcessor({ ...d, outcomes: rollups }), {
      concurrency: 1,
      lockDuration: 120_000,
    });
    return { worker, companions: [rollups] };
  },

  async retention(d) {
    const { retentionProcessor } = await import('./retentionProcessor');
    // One at a time: each anonymisation is one transaction over a pupil's whole record.
    const worker = bullWorker(d, QUEUES.retention, retentionProcessor({ ...d, retention: d.queues.retention }), {
      concurrency: 1,
      lockDuration: 120_000,
    });
    await registerScheduler(
      d.queues.retention,
      d.log,
      RETENTION_REVIEW_SCHEDULER_ID,
      RETENTION_REVIEW_CRON,
      JOBS.retentionReview,
    );
    return { worker, companions: [] };
  },

  async imports(d) {
    const { importProcessor } = await import('./importProcessor');
    const lock = d.lockDurationMs ?? 30_000;
    // One import at a time per worker process: each is one long transaction of set-based writes.
    const processor = importProcessor({ ...d, databaseUrl: d.config.appDatabaseUrl });
    const worker = bullWorker(d, QUEUES.imports, processor, {
      concurrency: 1,
      lockDuration: lock,
      stalledInterval: Math.max(1000, Math.floor(lock / 2)),
    });
    return { worker, companions: [] };
  },
};

function bullWorker(
  d: ServeDeps,
  name: QueueName,
  processor: Processor,
  opts: { concurrency: number; lockDuration?: number; stalledInterval?: number; maxStalledCount?: number },
) {
  const w = new Worker(name, processor, { connection: d.connection, prefix: d.config.QUEUE_PREFIX, ...opts });
  w.on('failed', (job, err) =>
    d.log.warn(
      { queue: w.name, job: job?.name, jobId: job?.id, attempts: job?.attemptsMade, err: err.message },
      'job failed',
    ),
  );
  w.on('error', (err) => d.log.warn({ queue: w.name, err: err.message }, 'worker connection problem'));
  return w;
}
