import { Worker, type Queue } from 'bullmq';
import { loadConfig, ConfigError } from '../src/config';
import { createLogger } from '../src/logger';
import { createPrisma } from '../src/db/prisma';
import { createCalendarService } from '../src/calendar/calendarService';
import { systemClock, type Clock } from '../src/time/clock';
import {
  QUEUES,
  JOBS,
  NIGHTLY_SCAN_CRON,
  NIGHTLY_SCAN_SCHEDULER_ID,
  NIGHTLY_SCAN_TZ,
  RETENTION_REVIEW_CRON,
  RETENTION_REVIEW_SCHEDULER_ID,
} from '../src/jobs/registry';
import { createQueues, producerConnection, redisConnection } from './connection';
import { startRelay } from './relay';
import { flagProcessor } from './flagProcessor';
import { notifyProcessor } from './notifyProcessor';
import { reportProcessor } from './reportProcessor';
import { retentionProcessor } from './retentionProcessor';
import { importProcessor } from './importProcessor';
import { startRollupPoller, type RollupPollerOptions } from './rollupPoller';

/**
 * The worker process: outbox relay, flag evaluation (per change, per provider deferred, and nightly scan), webhook
 * notifications and report rollups. SIGINT/SIGTERM stop taking work, finish the jobs in hand, then disconnect.
 */
export interface WorkerOptions {
  concurrency?: number;
  relayIntervalMs?: number;
  /** How long a job's lock lasts; a killed worker's job is retried after it lapses (BullMQ stalled-job check). */
  lockDurationMs?: number;
  rollups?: RollupPollerOptions;
  /** The one clock (tests set it); default the system clock. */
  clock?: Clock;
  /** How long a provider's deferred evaluation waits (default PROVIDER_EVALUATION_DELAY_MS; tests set it). */
  providerDelayMs?: number;
}

export async function startWorkers(env: NodeJS.ProcessEnv = process.env, opts: WorkerOptions = {}) {
  const config = loadConfig(env);
  const log = createLogger(config.LOG_LEVEL);
  const prisma = createPrisma(config.appDatabaseUrl, config.DB_POOL_SIZE);
  const calendars = createCalendarService(prisma);
  const producer = producerConnection(config.REDIS_URL);
  const queues = createQueues(producer, config.QUEUE_PREFIX);
  const workerConnection = redisConnection(config.REDIS_URL);
  const prefix = config.QUEUE_PREFIX;
  const clock = opts.clock ?? systemClock;

  const flagsWorker = new Worker(
    QUEUES.flags,
    flagProcessor({
      prisma,
      calendars,
      log,
      clock,
      flags: queues.flags,
      notifications: queues.notifications,
      providerDelayMs: opts.providerDelayMs,
    }),
    {
      connection: workerConnection,
      prefix,
      concurrency: opts.concurrency ?? 4,
      lockDuration: opts.lockDurationMs ?? 30_000,
      stalledInterval: Math.max(1000, Math.floor((opts.lockDurationMs ?? 30_000) / 2)),
      // Evaluation is idempotent, so a job whose lock lapsed (its worker killed, or starved of CPU long enough
      // to miss a renewal) is run again rather than failed: with BullMQ's default of 1, a busy machine failed
      // evaluate-changes jobs for good and their changes went unevaluated until the nightly scan.
      maxStalledCount: 5,
    },
  );
  const notifyWorker = new Worker(
    QUEUES.notifications,
    notifyProcessor({
      prisma,
      publicUrl: config.PUBLIC_URL,
      webhooks: { allowPrivate: config.WEBHOOK_ALLOW_PRIVATE_ADDRESSES },
    }),
    {
      connection: workerConnection,
      prefix,
      concurrency: 2,
    },
  );
  const rollups = startRollupPoller(prisma, queues.reports, log, { clock, ...opts.rollups });
  // One refresh at a time: each is a burst of report queries, and the API's reports come first.
  const reportsWorker = new Worker(
    QUEUES.reports,
    reportProcessor({ prisma, calendars, log, clock, outcomes: rollups }),
    {
      connection: workerConnection,
      prefix,
      concurrency: 1,
      lockDuration: 120_000,
    },
  );
  // One at a time: each anonymisation is one transaction over a pupil's whole record.
  const retentionWorker = new Worker(
    QUEUES.retention,
    retentionProcessor({ prisma, log, clock, retention: queues.retention }),
    { connection: workerConnection, prefix, concurrency: 1, lockDuration: 120_000 },
  );
  // One import at a time per worker process: each is one long transaction of set-based writes.
  const importsWorker = new Worker(
    QUEUES.imports,
    importProcessor({ prisma, calendars, clock, log, databaseUrl: config.appDatabaseUrl }),
    {
      connection: workerConnection,
      prefix,
      concurrency: 1,
      lockDuration: opts.lockDurationMs ?? 30_000,
      stalledInterval: Math.max(1000, Math.floor((opts.lockDurationMs ?? 30_000) / 2)),
    },
  );
  for (const w of [flagsWorker, notifyWorker, reportsWorker, retentionWorker, importsWorker]) {
    w.on('failed', (job, err) =>
      log.warn(
        { queue: w.name, job: job?.name, jobId: job?.id, attempts: job?.attemptsMade, err: err.message },
        'job failed',
      ),
    );
    w.on('error', (err) => log.warn({ queue: w.name, err: err.message }, 'worker connection problem'));
  }

  // Idempotent: upserting the scheduler by id never creates a second nightly scan.
  await registerNightlyScan(queues.flags, log);
  await registerScheduler(
    queues.retention,
    log,
    RETENTION_REVIEW_SCHEDULER_ID,
    RETENTION_REVIEW_CRON,
    JOBS.retentionReview,
  );
  const relay = startRelay(prisma, queues.flags, log, opts.relayIntervalMs, config.appDatabaseUrl);
  log.info({ prefix }, 'workers started: outbox relay, flag evaluation, notifications, report rollups, imports');

  return {
    prisma,
    queues,
    async close() {
      await Promise.all([relay.stop(), rollups.stop()]);
      await Promise.all([
        flagsWorker.close(),
        notifyWorker.close(),
        reportsWorker.close(),
        retentionWorker.close(),
        importsWorker.close(),
      ]); // waits for jobs in hand
      await Promise.all(Object.values(queues).map((q) => q.close()));
      await Promise.allSettled([prisma.$disconnect(), producer.quit(), workerConnection.quit()]);
      log.info('workers stopped');
    },
  };
}

const registerNightlyScan = (flags: Queue, log: ReturnType<typeof createLogger>) =>
  registerScheduler(flags, log, NIGHTLY_SCAN_SCHEDULER_ID, NIGHTLY_SCAN_CRON, JOBS.nightlyScan);

async function registerScheduler(
  queue: Queue,
  log: ReturnType<typeof createLogger>,
  id: string,
  pattern: string,
  name: string,
) {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await queue.upsertJobScheduler(id, { pattern, tz: NIGHTLY_SCAN_TZ }, { name, data: {} });
      return;
    } catch (err) {
      // Redis may still be starting; the API and relay do not depend on this succeeding at once.
      log.warn({ err: (err as Error).message, attempt, id }, 'could not register a nightly job yet; retrying');
      await new Promise((r) => setTimeout(r, Math.min(1000 * attempt, 10_000)));
    }
  }
}

const isEntry = process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isEntry) {
  let workers: Awaited<ReturnType<typeof startWorkers>>;
  try {
    const lock = Number(process.env.WORKER_LOCK_MS ?? '') || undefined;
    workers = await startWorkers(process.env, { lockDurationMs: lock });
  } catch (err) {
    console.error(err instanceof ConfigError ? err.message : err);
    process.exit(2);
  }
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, async () => {
      if (stopping) return;
      stopping = true;
      const force = setTimeout(() => process.exit(1), 25_000);
      force.unref();
      await workers.close();
      process.exit(0);
    });
  }
}
