/**
 * Anonymises one approved pupil (job `anonymise-pupil`, payload: the review's id). Runs only for a review an
 * LA officer approved (src/usecases/dataProtection/approveAnonymisation.ts, audited); the database checks the
 * same before it lets a line of history be blanked (migration 20261206020000). In one transaction:
 *   - names become "Anonymised", the UPN a placeholder that can never be a real UPN, the NHS number goes,
 *     and the date of birth keeps only the academic year of birth (src/domain/retention.ts), which with the
 *     characteristics, dates, schools and providers is everything the reports count;
 *   - every free-text field about the pupil (placement plans, reviews, checkpoints, fair access case notes,
 *     decisions, responses, directions, flag dismissals, timeline reasons and details) is replaced;
 *   - histories received from another LA are anonymised alike, their signed copies dropped;
 *   - stored replies to repeated requests that mention the pupil are deleted.
 * Nothing is deleted from the record itself, so every report for a past year gives the same figures.
 * Idempotent: an anonymised review is done and a rerun changes nothing; a crash rolls back the whole pupil.
 */
import type { PrismaClient } from '../generated/prisma/client';
import { anonymisedDateOfBirth } from '../domain/retention';
import { anonymisedHistoryPack } from '../domain/anonymisedHistoryPack';
import { fromDb, toDb } from '../usecases/dates';

export const ANONYMISED_TEXT = '[anonymised]';
export const ANONYMISED_NAME = 'Anonymised';

export type AnonymiseOutcome = 'ANONYMISED' | 'ALREADY_ANONYMISED' | 'NOT_APPROVED' | 'RESTRICTED';

/** `today` is England's date from the one clock (the worker's), for the ANONYMISED event. */
export async function anonymisePupil(prisma: PrismaClient, reviewId: string, today: string): Promise<AnonymiseOutcome> {
  return prisma.$transaction(
    async (tx) => {
      await tx.$queryRaw`SELECT id FROM "RetentionReview" WHERE id = ${reviewId}::uuid FOR UPDATE`;
      const review = await tx.retentionReview.findUnique({ where: { id: reviewId } });
      if (!review || review.status === 'AWAITING_APPROVAL') return 'NOT_APPROVED';
      if (review.status === 'ANONYMISED') return 'ALREADY_ANONYMISED';
      await tx.$queryRaw`SELECT id FROM "Pupil" WHERE id = ${review.pupilId}::uuid FOR UPDATE`;
      const pupil = await tx.pupil.findUniqueOrThrow({ where: { id: review.pupilId } });
      // A record restricted after approval is being disputed: it is kept as it is until the restriction ends.
      if (pupil.restrictedAt) return 'RESTRICTED';
      const id = pupil.id;
      const T = ANONYMISED_TEXT;

      const [{ n }] = await tx.$queryRaw<[{ n: number }]>`SELECT nextval('"Pupil_anonymised_upn_seq"')::int AS n`;
      const anonymisedUpn = `ANON${String(n).padStart(8, '0')}${pupil.upnIsTemporary ? 'T' : '0'}`;
      await tx.pupil.update({
        where: { id },
        data: {
          firstName: ANONYMISED_NAME,
          lastName: ANONYMISED_NAME,
          dateOfBirth: toDb(anonymisedDateOfBirth(fromDb(pupil.dateOfBirth))),
          upn: anonymisedUpn,
          nhsNumber: null,
          anonymisedAt: new Date(),
        },
      });
      const blank = (col: string) => `"${col}" = CASE WHEN "${col}" IS NULL THEN NULL ELSE '${T}' END`;
      const statements: [string, string[], string][] = [
        [
          'Placement',
          [
            'reasonOther',
            'objectives',
            'reintegrationPlan',
            'readinessCriteria',
            'safeguardingLead',
            'destinationDetail',
          ],
          `"pupilId" = $1::uuid`,
        ],
        ['PlacementReview', ['notes'], `"placementId" IN (SELECT id FROM "Placement" WHERE "pupilId" = $1::uuid)`],
        [
          'DirectionReviewMeeting',
          ['outcome'],
          `"placementId" IN (SELECT id FROM "Placement" WHERE "pupilId" = $1::uuid)`,
        ],
        [
          'ReintegrationCheckpoint',
          ['reason'],
          `"reintegrationId" IN (SELECT id FROM "Reintegration" WHERE "pupilId" = $1::uuid)`,
        ],
        ['SafeguardingSeparation', ['decidedBy'], `"pupilId" = $1::uuid`],
        [
          'FairAccessReferral',
          ['referrerName', 'context', 'previousSchoolsOther', 'recentExclusionNote', 'inYearAttempts'],
          `"pupilId" = $1::uuid`,
        ],
        [
          'FairAccessDecision',
          ['rationale', 'overrideReason'],
          `"referralId" IN (SELECT id FROM "FairAccessReferral" WHERE "pupilId" = $1::uuid)`,
        ],
        [
          'FairAccessSchoolResponse',
          ['reason'],
          `"referralId" IN (SELECT id FROM "FairAccessReferral" WHERE "pupilId" = $1::uuid)`,
        ],
        [
          'FairAccessDirection',
          ['note', 'outcomeNote'],
          `"referralId" IN (SELECT id FROM "FairAccessReferral" WHERE "pupilId" = $1::uuid)`,
        ],
        ['Flag', ['dismissedReason'], `"pupilId" = $1::uuid`],
      ];
      for (const [table, cols, where] of statements)
        await tx.$executeRawUnsafe(`UPDATE "${table}" SET ${cols.map(blank).join(', ')} WHERE ${where}`, id);
      // History keeps its shape (type, dates, who); the reasons and details go. Characteristic changes hold
      // only codes (SEN, FSM, ethnicity...) that the reports' characteristic history rests on: kept.
      await tx.$executeRaw`
        UPDATE "PupilEvent" SET "reason" = ${T},
               "data" = CASE WHEN "type" = 'CHARACTERISTICS_CHANGED' THEN "data" ELSE '{"anonymised": true}'::jsonb END
         WHERE "pupilId" = ${id}::uuid`;
      // A history another LA sent holds the same details in its pack and, encoded, in its signature: the pack is
      // anonymised alike and the signed copy goes (its provenance columns stay). Migration 20261207060000 lets
      // the database allow exactly this once the anonymisation is approved.
      const received = await tx.receivedHistory.findMany({ where: { pupilId: id }, select: { id: true, pack: true } });
      for (const r of received)
        await tx.$executeRaw`
          UPDATE "ReceivedHistory"
             SET "pack" = ${JSON.stringify(anonymisedHistoryPack(r.pack, { upn: anonymisedUpn, name: ANONYMISED_NAME, text: T }))}::jsonb,
                 "jws" = ${T}
           WHERE id = ${r.id}::uuid`;
      await tx.$executeRaw`DELETE FROM "IdempotencyKey" WHERE "response"::text LIKE ${`%${id}%`}`;
      const approver = await tx.appUser.findUnique({ where: { id: review.approvedBy! } });
      await tx.pupilEvent.create({
        data: {
          pupilId: id,
          type: 'ANONYMISED',
          occurredOn: toDb(today),
          reason: `Past the retention schedule (rule ${review.ruleId}, due ${fromDb(review.dueOn)}); anonymisation approved`,
          data: { reviewId: review.id, ruleId: review.ruleId, approvedAt: review.approvedAt!.toISOString() },
          actorId: review.approvedBy!,
          actorRole: 'LA_OFFICER',
          actorOrgId: approver?.laId ?? review.laId,
        },
      });
      // The approval is carried out: audited under the approving officer, naming the pupil (and the review).
      await tx.auditEvent.create({
        data: {
          actorId: review.approvedBy!,
          actorRole: 'LA_OFFICER',
          actorOrgId: review.laId,
          laId: review.laId,
          operation: 'pupil.anonymise',
          subjectType: 'PUPIL',
          subjectIds: [id, review.id],
        },
      });
      await tx.retentionReview.update({
        where: { id: review.id },
        data: { status: 'ANONYMISED', anonymisedAt: new Date() },
      });
      return 'ANONYMISED';
    },
    { timeout: 60_000 },
  );
}
