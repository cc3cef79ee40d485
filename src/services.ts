import { createServer, type Server } from 'node:http';
import { Redis } from 'ioredis';
import { Queue } from 'bullmq';
import type { Config } from './config';
import { createLogger, type Logger } from './logger';
import { createPrisma } from './db/prisma';
import { createCalendarService } from './calendar/calendarService';
import { createApp } from './http/app';
import { QUEUES } from '../workers/registry';

export interface RunningApi {
  server: Server;
  url: string;
  close(): Promise<void>;
}

/**
 * Builds and starts the API: Prisma on the application role, Redis for readiness and queue
 * metrics, the HTTP server. close() drains HTTP, then disconnects Prisma and Redis.
 */
export async function startApi(config: Config, log: Logger = createLogger(config.LOG_LEVEL), port = config.PORT): Promise<RunningApi> {
  const prisma = createPrisma(config.appDatabaseUrl, config.DB_POOL_SIZE);
  // Offline queue off: while Redis is down, readiness says so at once instead of hanging.
  const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: false });
  redis.on('error', (err) => log.warn({ err: err.message }, 'redis connection problem'));
  const queueConnection = new Redis(config.REDIS_URL, { maxRetriesPerRequest: null });
  queueConnection.on('error', () => {});
  const queues = Object.values(QUEUES).map((name) => new Queue(name, { connection: queueConnection, prefix: config.QUEUE_PREFIX }));
  // Queue depth is best-effort while Redis is down; readiness reports the outage.
  for (const q of queues) q.on('error', () => {});
  const calendars = createCalendarService(prisma);
  const server = createServer();
  const { app, apollo, web } = await createApp({ prisma, calendars, log, publicUrl: config.PUBLIC_URL, config, redis, queues }, server);
  server.on('request', app);
  await new Promise<void>((resolve) => server.listen(port, resolve));
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : port}`;
  return {
    server,
    url,
    async close() {
      await apollo.stop(); // drains in-flight HTTP requests, then closes the server
      await Promise.all(queues.map((q) => q.close()));
      await web.close();
      await Promise.allSettled([prisma.$disconnect(), redis.quit(), queueConnection.quit()]);
    },
  };
}
