import type { Prisma } from '../generated/prisma/client';

type Tx = Prisma.TransactionClient;

/**
 * The records of one pupil's AP history, read one after another in the caller's transaction (one snapshot):
 * placements with their reviews and an off-site direction's review requests and meetings, returns to school with
 * their checkpoints, exclusions, fair access referrals with decisions, responses and directions, flags, and the
 * timeline. The subject access export and the AP history pack both read these, so they never disagree.
 * The caller has already checked scope.
 */
export async function readApHistory(tx: Tx, pupilId: string) {
  const placements = await tx.placement.findMany({
    where: { pupilId },
    include: {
      provider: { select: { name: true, urn: true, ukprn: true } },
      reviews: { orderBy: { reviewDate: 'asc' } },
      directionReviewRequests: { orderBy: { requestedOn: 'asc' } },
      directionReviewMeetings: { orderBy: { meetingDate: 'asc' } },
    },
    orderBy: { startDate: 'asc' },
  });
  const reintegrations = await tx.reintegration.findMany({
    where: { pupilId },
    include: { checkpoints: { orderBy: { dueDate: 'asc' } } },
    orderBy: { startDate: 'asc' },
  });
  const exclusions = await tx.exclusion.findMany({ where: { pupilId }, orderBy: { startDate: 'asc' } });
  const referrals = await tx.fairAccessReferral.findMany({
    where: { pupilId },
    include: { decisions: { include: { response: true, direction: true } } },
    orderBy: { createdAt: 'asc' },
  });
  const flags = await tx.flag.findMany({ where: { pupilId }, orderBy: { firstSeenAt: 'asc' } });
  const timeline = await tx.pupilEvent.findMany({ where: { pupilId }, orderBy: { id: 'asc' } });
  return { placements, reintegrations, exclusions, referrals, flags, timeline };
}

export type ApHistoryRecords = Awaited<ReturnType<typeof readApHistory>>;
