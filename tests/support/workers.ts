import type { Job, Queue } from 'bullmq';
import { startWorkers, type WorkerOptions } from '../../workers/main';
import { JOBS } from '../../src/jobs/registry';
import type { TestDatabase } from './database';
import { testEnv } from './env';
import { TEST_JWT } from './api';

/** The real worker process's components, in-process, against a test database and a Redis. */
export async function startTestWorkers(
  db: TestDatabase,
  opts: WorkerOptions & { redisUrl?: string; prefix?: string; env?: Record<string, string> } = {},
) {
  return startWorkers(
    {
      NODE_ENV: 'test',
      DATABASE_URL: db.ownerUrl,
      APP_DATABASE_URL: db.appUrl,
      REDIS_URL: opts.redisUrl ?? testEnv().redisUrl,
      JWT_SECRET: TEST_JWT.secret,
      LOG_LEVEL: 'silent',
      QUEUE_PREFIX: opts.prefix ?? `t${db.name.slice(-8)}`,
      ...opts.env,
    },
    { relayIntervalMs: 50, concurrency: 2, ...opts },
  );
}

/**
 * Polls until `check` returns a truthy value, and returns it; throws when the deadline passes first
 * (so an assertion on the result can never pass on a timeout). `what` names the condition in the error.
 */
export async function eventually<T>(
  check: () => Promise<T>,
  timeoutMs = 15_000,
  stepMs = 100,
  what = 'condition',
): Promise<NonNullable<T>> {
  const until = Date.now() + timeoutMs;
  let last: T;
  for (;;) {
    last = await check();
    if (last) return last as NonNullable<T>;
    if (Date.now() > until)
      throw new Error(`eventually: ${what} still not met after ${timeoutMs} ms (last value: ${String(last)})`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
}

/**
 * Nothing left for the flag queue to do: no job waiting or running, and no provider evaluation deferred (those
 * wait in the delayed set for PROVIDER_EVALUATION_DELAY_MS). The nightly scheduler's next scan, and any other
 * delayed job, does not count: it always waits there.
 */
export async function flagQueueIdle(flags: Queue): Promise<boolean> {
  const c = await flags.getJobCounts('waiting', 'active', 'prioritized');
  if (!Object.values(c).every((n) => n === 0)) return false;
  return (await providerJobs(flags, ['delayed'])).length === 0;
}

/** The evaluate-provider jobs in these states, of one provider or all. */
export async function providerJobs(
  flags: Queue,
  states: ('completed' | 'failed' | 'active' | 'waiting' | 'delayed' | 'prioritized')[],
  providerId?: string,
): Promise<Job[]> {
  const jobs = await flags.getJobs(states, 0, -1);
  return jobs.filter(
    (j) =>
      j?.name === JOBS.evaluateProvider &&
      (providerId === undefined || (j.data as { providerId: string }).providerId === providerId),
  );
}
