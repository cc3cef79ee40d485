import { startWorkers, type WorkerOptions } from '../../workers/main';
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
