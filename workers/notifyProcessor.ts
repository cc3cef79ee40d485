import { UnrecoverableError, type Job } from 'bullmq';
import type { PrismaClient } from '../src/generated/prisma/client';
import { deliverFlagWebhook, type WebhookPolicy } from '../src/notifications/webhook';
import { JOBS, type DeliverWebhookPayload } from '../src/jobs/registry';

/** Delivers signed webhooks; a failed delivery throws so BullMQ retries it with backoff. */
export function notifyProcessor(deps: { prisma: PrismaClient; publicUrl: string; webhooks: WebhookPolicy }) {
  return async (job: Job) => {
    if (job.name !== JOBS.deliverWebhook) throw new UnrecoverableError(`unknown job name ${job.name}`);
    const { flagId } = job.data as DeliverWebhookPayload;
    if (!flagId) throw new UnrecoverableError('deliver-webhook needs a flag id');
    return deliverFlagWebhook(deps.prisma, deps.publicUrl, flagId, deps.webhooks);
  };
}
