import type { Prisma } from '../generated/prisma/client';
import type { Actor } from '../auth/actor';
import { actorOrgId } from '../auth/actor';

/** Event types on a pupil's timeline. */
export type PupilEventType =
  | 'PUPIL_REGISTERED'
  | 'CHARACTERISTICS_CHANGED'
  | 'NHS_NUMBER_RECORDED'
  | 'ENROLLED'
  | 'LEFT_ROLL'
  | 'PLACEMENT_STARTED'
  | 'PLACEMENT_REVIEWED'
  | 'PLACEMENT_HOURS_CHANGED'
  | 'PLACEMENT_ENDED'
  | 'REINTEGRATION_STARTED'
  | 'REINTEGRATION_CHECKPOINT_REPORTED'
  | 'SUSPENSION_RECORDED'
  | 'PERMANENT_EXCLUSION_RECORDED'
  | 'GOVERNOR_DECISION_RECORDED'
  | 'SAFEGUARDING_SEPARATION_STARTED'
  | 'SAFEGUARDING_SEPARATION_ENDED'
  | 'DIRECTION_REVIEW_REQUESTED'
  | 'DIRECTION_REVIEW_MEETING_HELD'
  | 'MANAGED_MOVE_RECORDED'
  | 'INCLUSION_BASE_STARTED'
  | 'INCLUSION_BASE_ENDED'
  | 'FAIR_ACCESS_REFERRED'
  | 'FAIR_ACCESS_AGREED_TO_CONSIDER'
  | 'FAIR_ACCESS_DECISION'
  | 'FAIR_ACCESS_SCHOOL_RESPONSE'
  | 'FAIR_ACCESS_DIRECTION_REQUESTED'
  | 'FAIR_ACCESS_DIRECTION_OUTCOME'
  | 'FAIR_ACCESS_ADMITTED'
  | 'CORRECTION'
  | 'PERSONAL_DETAILS_CORRECTED'
  | 'RECORD_RESTRICTED'
  | 'RESTRICTION_LIFTED'
  | 'ANONYMISED'
  | 'TRANSFERRED_OUT_OF_LA'
  | 'TRANSFERRED_INTO_LA';

export interface NewPupilEvent {
  pupilId: string;
  type: PupilEventType;
  occurredOn: Date;
  reason: string;
  data: Prisma.InputJsonValue;
  placementId?: string;
  exclusionId?: string;
  reintegrationId?: string;
  correctsEventId?: string;
}

/** Append-only: there is no update or delete path, and the database refuses both. */
export async function appendPupilEvent(
  tx: Pick<Prisma.TransactionClient, 'pupilEvent'>,
  actor: Actor,
  e: NewPupilEvent,
): Promise<string> {
  const row = await tx.pupilEvent.create({
    data: {
      pupilId: e.pupilId,
      type: e.type,
      occurredOn: e.occurredOn,
      reason: e.reason,
      data: e.data,
      placementId: e.placementId,
      exclusionId: e.exclusionId,
      reintegrationId: e.reintegrationId,
      correctsEventId: e.correctsEventId,
      actorId: actor.userId,
      actorRole: actor.role,
      actorOrgId: actorOrgId(actor),
    },
    select: { id: true },
  });
  return row.id;
}
