import type { Job } from 'bullmq';
import type { PrismaClient } from '../src/generated/prisma/client';
import type { CalendarService } from '../src/calendar/calendarService';
import type { Clock } from '../src/time/clock';
import type { Logger } from '../src/logger';
import { runPlacementImport } from '../src/import/placements/runPlacementImport';
import { runCharacteristicsImport } from '../src/import/characteristics/runCharacteristicsImport';
import { JOBS, type ImportBatchPayload } from '../src/jobs/registry';

/** Runs an import batch; progress goes to the job (Bull Board) and to the batch row (CLI, `importJob`). */
export function importProcessor(deps: {
  prisma: PrismaClient;
  calendars: CalendarService;
  clock: Clock;
  log: Logger;
  /** The placement import's own connection (its transaction COPYs): the application role's URL. */
  databaseUrl: string;
}) {
  return async (job: Job<ImportBatchPayload>) => {
    if (job.name !== JOBS.importBatch) throw new Error(`Unknown import job ${job.name}`);
    const batch = await deps.prisma.importBatch.findUnique({ where: { id: job.data.batchId }, select: { kind: true } });
    if (!batch) return 'MISSING';
    const report = (p: object) => job.updateProgress(p);
    try {
      const status =
        batch.kind === 'CHARACTERISTICS'
          ? await runCharacteristicsImport(deps, job.data.batchId, report)
          : await runPlacementImport(deps, job.data.batchId, report);
      deps.log.info({ batchId: job.data.batchId, status }, 'import finished');
      return status;
    } catch (err) {
      // Out of retries, the batch must not stay RUNNING: the CLI and importJob would wait for it for ever.
      if (job.attemptsMade + 1 >= (job.opts.attempts ?? 1))
        await deps.prisma.importBatch.update({
          where: { id: job.data.batchId },
          data: { status: 'FAILED', finishedAt: new Date(), message: `The import failed: ${(err as Error).message}` },
        });
      throw err;
    }
  };
}
