import { createServer, type Server } from 'node:http';
import { Redis } from 'ioredis';
import { Queue } from 'bullmq';
import type { Config } from './config';
import { createLogger, type Logger } from './logger';
import { createPrisma } from './db/prisma';
import type { PrismaClient } from './generated/prisma/client';
import { createCalendarService } from './calendar/calendarService';
import { createApp } from './http/app';
import { startAdminServer, QUEUE_BOARD_PATH } from './http/adminApp';
import { createAuthenticator } from './auth/authenticate';
import { systemClock, type Clock } from './time/clock';
import { QUEUES, importBatchJob } from './jobs/registry';

export interface RunningApi {
  server: Server;
  url: string;
  /** The operator listener on 127.0.0.1 (Bull Board), when it is running. */
  adminUrl: string | null;
  close(): Promise<void>;
}

export interface ApiOptions {
  /** The one clock (tests set it); default the system clock. */
  clock?: Clock;
  /** The database client (tests pass one that reports its statements); default one on the application role. */
  prisma?: PrismaClient;
}

/**
 * Builds and starts the API: Prisma on the application role, Redis for readiness and queue
 * metrics, the HTTP server. close() drains HTTP, then disconnects Prisma and Redis.
 */
export async function startApi(
  config: Config,
  log: Logger = createLogger(config.LOG_LEVEL),
  port = config.PORT,
  opts: ApiOptions = {},
): Promise<RunningApi> {
  const prisma = opts.prisma ?? createPrisma(config.appDatabaseUrl, config.DB_POOL_SIZE);
  // Reports read a streaming replica when one is named: long aggregates leave the primary to the writes.
  const reportsPrisma = config.REPORTS_DATABASE_URL
    ? createPrisma(config.REPORTS_DATABASE_URL, config.DB_POOL_SIZE)
    : prisma;
  // Offline queue off: while Redis is down, readiness says so at once instead of hanging.
  const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: false });
  redis.on('error', (err) => log.warn({ err: err.message }, 'redis connection problem'));
  const queueConnection = new Redis(config.REDIS_URL, { maxRetriesPerRequest: null });
  queueConnection.on('error', () => {});
  const queues = Object.values(QUEUES).map(
    (name) => new Queue(name, { connection: queueConnection, prefix: config.QUEUE_PREFIX }),
  );
  // Queue depth is best-effort while Redis is down; readiness reports the outage.
  for (const q of queues) q.on('error', () => {});
  const calendars = createCalendarService(prisma);
  const importQueue = queues.find((q) => q.name === QUEUES.imports)!;
  const enqueueImport = async (batchId: string) => {
    const job = importBatchJob(batchId);
    await importQueue.add(job.name, job.data, job.opts);
  };
  const authenticate = createAuthenticator({
    settings: { secret: config.JWT_SECRET, issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE },
    prisma,
    cacheMs: config.AUTH_USER_CACHE_MS,
  });
  if (config.jwtSecretEphemeral)
    log.warn('JWT_SECRET is not set: using a throwaway secret; tokens stop working when this process ends');
  const server = createServer();
  const clock = opts.clock ?? systemClock;
  const { app, apollo, web } = await createApp(
    {
      prisma,
      reportsPrisma,
      calendars,
      log,
      clock,
      webhooks: { allowPrivate: config.WEBHOOK_ALLOW_PRIVATE_ADDRESSES },
      publicUrl: config.PUBLIC_URL,
      transferKeySecret: config.TRANSFER_KEY_SECRET ?? config.JWT_SECRET,
      config,
      redis,
      queues,
      authenticate,
      enqueueImport,
    },
    server,
  );
  server.on('request', app);
  await new Promise<void>((resolve) => server.listen(port, resolve));
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : port}`;
  // The queue board is optional to the service: a busy admin port is logged, not fatal.
  const admin = config.ADMIN_ENABLED
    ? await startAdminServer(queues, config.ADMIN_PORT).catch((err) => {
        log.warn(
          { err: (err as Error).message, port: config.ADMIN_PORT },
          'queue board not started (admin port unavailable)',
        );
        return null;
      })
    : null;
  if (admin)
    log.info({ url: `${admin.url}${QUEUE_BOARD_PATH}` }, 'queue board (operators only) listening on 127.0.0.1');
  return {
    server,
    url,
    adminUrl: admin?.url ?? null,
    async close() {
      if (admin)
        await new Promise<void>((resolve) => {
          admin.server.close(() => resolve());
          admin.server.closeAllConnections();
        });
      await apollo.stop(); // drains in-flight HTTP requests, then closes the server
      await Promise.all(queues.map((q) => q.close()));
      await web.close();
      await Promise.allSettled([
        prisma.$disconnect(),
        ...(reportsPrisma === prisma ? [] : [reportsPrisma.$disconnect()]),
        redis.quit(),
        queueConnection.quit(),
      ]);
    },
  };
}
