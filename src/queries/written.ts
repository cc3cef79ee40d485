import type { PrismaClient } from '../generated/prisma/client';

/**
 * The record a mutation has just written, read back for its answer. The use case has already authorised the
 * caller and checked scope for this very record, so these reads take the id it returned and no scope.
 */
export const written = {
  exclusion: (prisma: PrismaClient, id: string) => prisma.exclusion.findUniqueOrThrow({ where: { id } }),
  reintegration: (prisma: PrismaClient, id: string) => prisma.reintegration.findUniqueOrThrow({ where: { id } }),
  event: (prisma: PrismaClient, id: string) =>
    prisma.pupilEvent.findUniqueOrThrow({ where: { id }, include: { correctedBy: { select: { id: true } } } }),
  enrolment: (prisma: PrismaClient, id: string) => prisma.enrolment.findUniqueOrThrow({ where: { id } }),
  school: (prisma: PrismaClient, id: string) => prisma.school.findUniqueOrThrow({ where: { id } }),
  provider: (prisma: PrismaClient, id: string) => prisma.provider.findUniqueOrThrow({ where: { id } }),
  separation: (prisma: PrismaClient, id: string) => prisma.safeguardingSeparation.findUniqueOrThrow({ where: { id } }),
  directionReviewRequest: (prisma: PrismaClient, id: string) =>
    prisma.directionReviewRequest.findUniqueOrThrow({ where: { id } }),
  directionReviewMeeting: (prisma: PrismaClient, id: string) =>
    prisma.directionReviewMeeting.findUniqueOrThrow({ where: { id } }),
  managedMove: (prisma: PrismaClient, id: string) => prisma.managedMove.findUniqueOrThrow({ where: { id } }),
  inclusionBase: (prisma: PrismaClient, id: string) => prisma.inclusionBase.findUniqueOrThrow({ where: { id } }),
  inclusionBaseSpell: (prisma: PrismaClient, id: string) =>
    prisma.inclusionBaseSpell.findUniqueOrThrow({ where: { id } }),
  /** Retention reviews just approved, with their pupils, in the caller's LA. */
  retentionReviews: (prisma: PrismaClient, laId: string, ids: string[]) =>
    prisma.retentionReview.findMany({
      where: { id: { in: ids }, laId },
      include: { pupil: true },
      orderBy: [{ dueOn: 'asc' }, { id: 'asc' }],
    }),
};
