import { UnrecoverableError, type Job, type Queue } from 'bullmq';
import type { PrismaClient } from '../src/generated/prisma/client';
import type { Logger } from '../src/logger';
import type { Clock } from '../src/time/clock';
import { findPastRetention } from '../src/retention/findPastRetention';
import { anonymisePupil } from '../src/retention/anonymisePupil';
import { deleteExpiredUploads } from '../src/import/heldUploads';
import { JOBS, anonymisePupilJob, type AnonymisePupilPayload, type RetentionReviewPayload } from '../src/jobs/registry';

/**
 * Retention (docs/data-protection.md): the nightly review lists pupils past the schedule, then queues one
 * anonymisation per review an LA officer has approved. Nothing is anonymised without an approval: the job
 * reads only APPROVED reviews, and the anonymisation checks it again in its own transaction.
 */
export function retentionProcessor(deps: { prisma: PrismaClient; log: Logger; clock: Clock; retention: Queue }) {
  return async (job: Job) => {
    if (job.name === JOBS.retentionReview) {
      const asOf = (job.data as RetentionReviewPayload).asOf ?? deps.clock.today();
      const run = await findPastRetention(deps.prisma, asOf);
      // Files held for the web's import steps hold pupils' details: none outlives its day.
      const expiredUploadsDeleted = await deleteExpiredUploads(deps.prisma);
      const approved = await deps.prisma.retentionReview.findMany({
        where: { status: 'APPROVED' },
        select: { id: true },
        orderBy: { approvedAt: 'asc' },
      });
      for (const r of approved) {
        const j = anonymisePupilJob(r.id);
        await deps.retention.add(j.name, j.data, j.opts);
      }
      deps.log.info(
        { asOf, ...run, queuedAnonymisations: approved.length, expiredUploadsDeleted },
        'retention review finished',
      );
      return { ...run, queuedAnonymisations: approved.length, expiredUploadsDeleted };
    }
    if (job.name === JOBS.anonymisePupil) {
      const { reviewId } = job.data as AnonymisePupilPayload;
      if (!reviewId) throw new UnrecoverableError('anonymise-pupil needs a review id');
      const outcome = await anonymisePupil(deps.prisma, reviewId, deps.clock.today());
      deps.log.info({ reviewId, outcome }, 'anonymise-pupil');
      return { outcome };
    }
    throw new UnrecoverableError(`unknown job name ${job.name}`);
  };
}
