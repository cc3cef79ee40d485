import { Redis } from 'ioredis';
import { Queue } from 'bullmq';
import { QUEUES, DEFAULT_JOB_OPTIONS, type QueueName } from '../src/jobs/registry';

/** BullMQ needs blocking connections that retry forever (maxRetriesPerRequest: null). */
export function redisConnection(url: string): Redis {
  const r = new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true });
  r.on('error', () => {}); // reconnects on its own; the relay and readiness report outages
  return r;
}

/**
 * Producers fail fast while Redis is down (no offline queue), as BullMQ advises, so the relay
 * notices at once and retries later instead of hanging with its outbox rows locked.
 */
export function producerConnection(url: string): Redis {
  const r = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
  r.on('error', () => {});
  return r;
}

export function createQueues(connection: Redis, prefix: string): Record<QueueName, Queue> {
  const make = (name: QueueName) => {
    const q = new Queue(name, { connection, prefix, defaultJobOptions: DEFAULT_JOB_OPTIONS });
    q.on('error', () => {}); // the relay logs and retries; an unhandled 'error' event would crash the process
    return q;
  };
  return {
    flags: make(QUEUES.flags),
    notifications: make(QUEUES.notifications),
    reports: make(QUEUES.reports),
    retention: make(QUEUES.retention),
    imports: make(QUEUES.imports),
  };
}
