import { loadConfig, ConfigError } from '../src/config';
import { createLogger } from '../src/logger';
import { createPrisma } from '../src/db/prisma';
import { createCalendarService } from '../src/calendar/calendarService';
import { systemClock, type Clock } from '../src/time/clock';
import { createQueues, producerConnection, redisConnection } from './connection';
import { SERVE, type Served } from './serveQueue';
import type { RollupPollerOptions } from './rollupPoller';

/**
 * A worker process: the queues of WORKER_QUEUES (default all of them), each with what rides with it
 * (workers/serveQueue.ts: the outbox relay, the nightly scan and the deferred per-provider evaluations with flags, the rollup poller with reports, the
 * retention review with retention). Production runs two kinds (package.json `worker:prod` and
 * `worker:imports:prod`, docs/operations.md): imports need a large heap, the rest a small one.
 * SIGINT/SIGTERM stop taking work, finish the jobs in hand, then disconnect.
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
  const deps = { ...opts, config, prisma, calendars, log, clock: opts.clock ?? systemClock, queues };
  const served: Served[] = [];
  for (const name of config.WORKER_QUEUES) served.push(await SERVE[name]({ ...deps, connection: workerConnection }));
  log.info({ prefix: config.QUEUE_PREFIX, queues: config.WORKER_QUEUES }, 'workers started');

  return {
    prisma,
    /** Producers for every queue (tests add jobs through them), served here or not. */
    queues,
    /** The queues this process serves. */
    serving: config.WORKER_QUEUES,
    async close() {
      // Only what was started: the loops that feed the queues first, then the workers (waiting for jobs in hand).
      await Promise.all(served.flatMap((s) => s.companions.map((c) => c.stop())));
      await Promise.all(served.map((s) => s.worker.close()));
      await Promise.all(Object.values(queues).map((q) => q.close()));
      await Promise.allSettled([prisma.$disconnect(), producer.quit(), workerConnection.quit()]);
      log.info('workers stopped');
    },
  };
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
