import type { Prisma, PrismaClient } from '../generated/prisma/client';

/** How long the web holds an uploaded file between the import's steps: it holds pupils' details. */
export const UPLOAD_KEPT_HOURS = 24;

/** Uploads still held at `now`: an older one answers like a missing one, even before it is deleted. */
export const stillHeld = (now: Date = new Date()): Prisma.ImportUploadWhereInput => ({
  createdAt: { gte: new Date(now.getTime() - UPLOAD_KEPT_HOURS * 3_600_000) },
});

/**
 * Deletes the uploads held past their time, every LA's (`laId` narrows it to one): the nightly retention
 * review calls it, so a file nobody came back for does not stay because nobody uploaded another.
 */
export async function deleteExpiredUploads(
  db: Pick<PrismaClient, 'importUpload'>,
  now: Date = new Date(),
  laId?: string,
): Promise<number> {
  const { count } = await db.importUpload.deleteMany({ where: { NOT: stillHeld(now), ...(laId ? { laId } : {}) } });
  return count;
}
