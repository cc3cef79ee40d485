import { UnrecoverableError, type Job } from 'bullmq';
import type { PrismaClient } from '../src/generated/prisma/client';
import type { CalendarService } from '../src/calendar/calendarService';
import type { Logger } from '../src/logger';
import { refreshRollups } from '../src/reports/rollups/refresh';
import type { Clock } from '../src/time/clock';
import { JOBS, type RefreshRollupsPayload } from '../src/jobs/registry';

/** Told how each LA's refresh went (the rollup poller holds back an LA whose refreshes keep failing). */
export interface RefreshOutcomes {
  refreshFailed(laId: string): void;
  refreshSucceeded(laId: string): void;
}

/**
 * Report rollups: one LA's cells recomputed per job (src/reports/rollups/refresh.ts). The outcome is
 * reported while the job is still active, so the poller knows of a failure before the job id is free
 * for its next add.
 */
export function reportProcessor(deps: {
  prisma: PrismaClient;
  calendars: CalendarService;
  log: Logger;
  clock: Clock;
  outcomes?: RefreshOutcomes;
}) {
  return async (job: Job) => {
    if (job.name !== JOBS.refreshRollups) throw new UnrecoverableError(`unknown job name ${job.name}`);
    const { laId } = job.data as RefreshRollupsPayload;
    if (!laId) throw new UnrecoverableError('refresh-report-rollups needs an LA id');
    const started = Date.now();
    let result;
    try {
      result = await refreshRollups(deps, laId, deps.clock.today());
    } catch (err) {
      deps.outcomes?.refreshFailed(laId);
      throw err;
    }
    deps.outcomes?.refreshSucceeded(laId);
    deps.log.info(
      { laId, years: result.years, cells: result.cells, monthCells: result.monthCells, ms: Date.now() - started },
      'report rollups refreshed',
    );
    return result;
  };
}
