import type { PrismaClient } from '../../generated/prisma/client';
import type { Actor } from '../../auth/actor';
import { authorise } from '../../access/permissions';
import { pupilScope } from '../../access/scope';
import { notFound } from '../../errors';
import { audit } from '../../record/audit';
import { collectSubjectAccess, SUBJECT_ACCESS_FORMAT, type SubjectAccessDocument } from '../../queries/subjectAccess';

export interface SubjectAccessExport {
  pupilId: string;
  generatedAt: Date;
  format: string;
  sections: { name: string; records: number }[];
  document: SubjectAccessDocument;
}

/**
 * A subject access request (UK GDPR art. 15) for one pupil, answered by an LA officer of an LA that
 * holds the record: one document of everything held, and who read or changed it. The export is
 * itself audited, in the same transaction, before the access log is read, so it lists itself; all
 * of it comes from one snapshot (repeatable read), so sections agree with each other.
 */
export async function subjectAccessRequest(
  prisma: PrismaClient,
  actor: Actor,
  pupilId: string,
): Promise<SubjectAccessExport> {
  authorise(actor, 'pupil.subjectAccess');
  // Like every read of a pupil, an attempt on a record out of scope is audited (naming no pupil).
  const inScope = await prisma.pupil.findFirst({
    where: { AND: [{ id: pupilId }, pupilScope(actor, 'pupil.subjectAccess')] },
    select: { id: true },
  });
  if (!inScope) {
    await audit(prisma, actor, 'pupil.subjectAccessExport', 'PUPIL', []);
    throw notFound('pupil');
  }
  return prisma.$transaction(
    async (tx) => {
      await audit(tx, actor, 'pupil.subjectAccessExport', 'PUPIL', [pupilId]);
      const generatedAt = new Date();
      const collected = await collectSubjectAccess(tx, pupilId);
      const document: SubjectAccessDocument = {
        format: SUBJECT_ACCESS_FORMAT,
        generatedAt: generatedAt.toISOString(),
        generatedBy: { userId: actor.userId, role: actor.role, localAuthorityId: actor.laId },
        ...collected,
      };
      return {
        pupilId,
        generatedAt,
        format: SUBJECT_ACCESS_FORMAT,
        sections: Object.entries(collected.sections).map(([name, rows]) => ({ name, records: rows.length })),
        // Through JSON once, so dates, bigints and decimals read the same in every client.
        document: JSON.parse(
          JSON.stringify(document, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)),
        ) as SubjectAccessDocument,
      };
    },
    { isolationLevel: 'RepeatableRead', timeout: 60_000 },
  );
}
