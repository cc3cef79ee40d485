import type { Queue } from 'bullmq';
import type { PrismaClient } from '../src/generated/prisma/client';
import type { Logger } from '../src/logger';
import { markMissingRollups } from '../src/reports/rollups/refresh';
import { systemClock, type Clock } from '../src/time/clock';
import { refreshRollupsJob } from '../src/jobs/registry';

export interface RollupPollerOptions {
  /** How often to look for pending changes (default 1 s). */
  intervalMs?: number;
  /** Wait until a change is this old, so a burst of writes is rolled up once (default 2 s). */
  debounceMs?: number;
  /** How often to look for LA-years without rollups (default 10 min; also at start). */
  sweepMs?: number;
  /** After an LA's refresh fails, wait this long before the next (default 5 s), doubling per failure in a row. */
  failureBackoffMs?: number;
  /** The longest wait after failures (default 5 min). */
  maxFailureBackoffMs?: number;
  /** Whose "today" decides which academic years need rollups (default the system clock). */
  clock?: Clock;
}

/**
 * Turns pending rollup changes (written by triggers) into one refresh job per LA. A job already waiting
 * or running for the LA absorbs the add; changes it did not see stay pending and are picked up on a
 * later poll. Backs off while the database or Redis is unavailable, and per LA while its refresh keeps
 * failing: its changes stay pending, so without a pause a refresh that cannot succeed (a statement that
 * always fails on its data) would rerun every second, each a full burst of report queries.
 */
export function startRollupPoller(prisma: PrismaClient, reports: Queue, log: Logger, opts: RollupPollerOptions = {}) {
  const intervalMs = opts.intervalMs ?? 1000;
  const debounceMs = opts.debounceMs ?? 2000;
  const sweepMs = opts.sweepMs ?? 10 * 60_000;
  let stopped = false;
  let lastSweep = 0;
  let delay = intervalMs;
  let wake: (() => void) | null = null;
  const firstBackoff = opts.failureBackoffMs ?? 5000;
  const maxBackoff = opts.maxFailureBackoffMs ?? 5 * 60_000;
  const held = new Map<string, { until: number; wait: number }>();

  const pollOnce = async () => {
    if (Date.now() - lastSweep >= sweepMs) {
      const marked = await markMissingRollups(prisma, (opts.clock ?? systemClock).today());
      if (marked > 0) log.info({ marked }, 'report rollups missing for some LA-years; marked for building');
      lastSweep = Date.now();
    }
    const due = await prisma.$queryRaw<{ laId: string }[]>`
      SELECT "laId"::text AS "laId" FROM "ReportRollupChange"
       GROUP BY "laId" HAVING min("changedAt") <= now() - make_interval(secs => ${debounceMs / 1000}::float8)`;
    const now = Date.now();
    const ready = due.filter((d) => (held.get(d.laId)?.until ?? 0) <= now);
    if (ready.length) await reports.addBulk(ready.map((d) => refreshRollupsJob(d.laId)));
  };

  const loop = async () => {
    while (!stopped) {
      try {
        await pollOnce();
        delay = intervalMs;
      } catch (err) {
        delay = Math.min(delay * 2, 30_000);
        log.warn({ err: (err as Error).message, retryInMs: delay }, 'report rollup poller failed; will retry');
      }
      await new Promise<void>((r) => {
        const t = setTimeout(r, delay);
        wake = () => {
          clearTimeout(t);
          r();
        };
      });
      wake = null;
    }
  };
  const current = loop();
  return {
    /** An LA's refresh failed: hold its next one back (5 s, 10 s, 20 s … up to the maximum). */
    refreshFailed(laId: string) {
      const wait = Math.min((held.get(laId)?.wait ?? firstBackoff / 2) * 2, maxBackoff);
      held.set(laId, { until: Date.now() + wait, wait });
      log.warn({ laId, retryInMs: wait }, 'report rollup refresh failed; the LA waits before the next');
    },
    /** An LA's refresh succeeded: no more waiting for it. */
    refreshSucceeded(laId: string) {
      held.delete(laId);
    },
    async stop() {
      stopped = true;
      wake?.();
      await current;
    },
  };
}
