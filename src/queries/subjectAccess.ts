import type { Prisma } from '../generated/prisma/client';
import { readApHistory } from './apHistory';

type Tx = Prisma.TransactionClient;

/** The export's format name: a consumer (the printable page, a DPO's tooling) checks it before reading. */
export const SUBJECT_ACCESS_FORMAT = 'ap-movement-tracker/subject-access/v1';

export interface SubjectAccessDocument {
  format: typeof SUBJECT_ACCESS_FORMAT;
  generatedAt: string;
  generatedBy: { userId: string; role: string; localAuthorityId: string };
  pupil: unknown;
  sections: Record<string, unknown[]>;
}

/**
 * Everything the service holds about one pupil (UK GDPR art. 15): their record, every dated change,
 * every movement with its reviews (and an off-site direction's review requests and meetings), reintegrations and
 * checkpoints, exclusions, safeguarding separations, managed moves, time in inclusion bases, fair access cases
 * with decisions, responses and directions, flags, retention reviews, the append-only timeline (who changed what, when
 * and why), stored responses to repeated requests that mention them, and the access log: everyone
 * who read or changed any of these records, with their name, role and organisation.
 * The caller has already checked scope; this runs inside the use case's transaction (one snapshot).
 */
export async function collectSubjectAccess(
  tx: Tx,
  pupilId: string,
): Promise<Omit<SubjectAccessDocument, 'format' | 'generatedAt' | 'generatedBy'>> {
  const pupil = await tx.pupil.findUniqueOrThrow({
    where: { id: pupilId },
    include: { homeLa: { select: { code: true, name: true } } },
  });
  // One after another: a transaction is one connection, which runs one query at a time.
  const characteristics = await tx.pupilCharacteristicSpan.findMany({
    where: { pupilId },
    orderBy: { validFrom: 'asc' },
  });
  const enrolments = await tx.enrolment.findMany({
    where: { pupilId },
    include: { school: { select: { urn: true, name: true } } },
    orderBy: { startDate: 'asc' },
  });
  const { placements, reintegrations, exclusions, referrals, flags, timeline } = await readApHistory(tx, pupilId);
  const separations = await tx.safeguardingSeparation.findMany({ where: { pupilId }, orderBy: { startDate: 'asc' } });
  const managedMoves = await tx.managedMove.findMany({ where: { pupilId }, orderBy: { startDate: 'asc' } });
  const inclusionBaseSpells = await tx.inclusionBaseSpell.findMany({
    where: { pupilId },
    include: { base: { select: { name: true, kind: true, schoolId: true } } },
    orderBy: { startDate: 'asc' },
  });
  const retentionReviews = await tx.retentionReview.findMany({ where: { pupilId } });
  // Every id that is part of this pupil's record: the access log is every audit row naming one.
  const recordIds = [
    pupilId,
    ...enrolments.map((r) => r.id),
    ...placements.flatMap((p) => [
      p.id,
      ...p.reviews.map((r) => r.id),
      ...p.directionReviewRequests.map((r) => r.id),
      ...p.directionReviewMeetings.map((r) => r.id),
    ]),
    ...reintegrations.map((r) => r.id),
    ...exclusions.map((r) => r.id),
    ...separations.map((r) => r.id),
    ...referrals.flatMap((r) => [r.id, ...r.decisions.map((d) => d.id)]),
    ...flags.map((f) => f.id),
    ...retentionReviews.map((r) => r.id),
    ...managedMoves.map((r) => r.id),
    ...inclusionBaseSpells.map((r) => r.id),
  ];
  const audit = await tx.auditEvent.findMany({ where: { subjectIds: { hasSome: recordIds } }, orderBy: { id: 'asc' } });
  const users = await tx.appUser.findMany({
    where: { id: { in: [...new Set(audit.map((a) => a.actorId))] } },
    select: {
      id: true,
      name: true,
      email: true,
      role: true,
      school: { select: { name: true } },
      provider: { select: { name: true } },
      la: { select: { name: true } },
    },
  });
  const byId = new Map(users.map((u) => [u.id, u]));
  const accessLog = audit.map((a) => {
    const u = byId.get(a.actorId);
    return {
      at: a.at,
      operation: a.operation,
      kind: /\.(read|list|timeline|whereabouts|roll|pupilsInAp|suspensionTotal|subjectAccessExport)$/.test(a.operation)
        ? 'READ'
        : 'CHANGE',
      actor: {
        id: a.actorId,
        name: u?.name ?? null,
        email: u?.email ?? null,
        role: a.actorRole,
        organisation: u?.school?.name ?? u?.provider?.name ?? u?.la?.name ?? a.actorOrgId,
      },
      subjectType: a.subjectType,
      subjectIds: a.subjectIds,
    };
  });
  // A repeated request is answered from its stored response, which may carry the pupil's details.
  const storedResponses = await tx.$queryRaw<
    { actorId: string; operation: string; createdAt: Date; response: unknown }[]
  >`
    SELECT "actorId", "operation", "createdAt", "response" FROM "IdempotencyKey"
     WHERE "response"::text LIKE ${`%${pupilId}%`} ORDER BY "createdAt"`;
  return {
    pupil,
    sections: {
      characteristicHistory: characteristics,
      enrolments,
      placements,
      reintegrations,
      exclusions,
      safeguardingSeparations: separations,
      managedMoves,
      inclusionBaseSpells,
      fairAccessReferrals: referrals,
      flags,
      retentionReviews,
      timeline,
      storedResponses,
      accessLog,
    },
  };
}
