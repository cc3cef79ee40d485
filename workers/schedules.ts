import type { Queue } from 'bullmq';
import type { Logger } from '../src/logger';
import { NIGHTLY_SCAN_TZ } from '../src/jobs/registry';

/**
 * Registers a nightly job scheduler (UK time), retrying until Redis answers. Upserting by id is idempotent:
 * however many worker processes serve the queue, there is one schedule.
 */
export async function registerScheduler(queue: Queue, log: Logger, id: string, pattern: string, name: string) {
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
