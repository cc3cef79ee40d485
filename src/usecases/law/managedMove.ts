/**
 * A managed move (domain.md §5.3, §10.2): a permanent transfer to another school, agreed with the parents.
 * Under the 2026 guidance there is no trial period (a move recorded as one is kept as recorded and flagged,
 * rule O7) and an oversubscribed school may not give it admission priority (rule O7b). Recorded by the LA
 * or by the school the pupil leaves or joins; the rolls change through enrolPupil / recordLeavingRoll.
 */
import { z } from 'zod';
import type { Actor } from '../../auth/actor';
import { authorise } from '../../access/permissions';
import { placementScope, requireOwnSchoolAmong } from '../../access/scope';
import { once } from '../../record/idempotency';
import { invalid, notFound } from '../../errors';
import { appendPupilEvent } from '../../record/events';
import { writeOutbox } from '../../record/outbox';
import { audit } from '../../record/audit';
import { managedMoveTrialProblems } from '../../domain/flags/managedMoveRules';
import { eventDateProblem, fromDb, toDb, toDbOrNull } from '../dates';
import { parseInput, isoDate, requiredText, uuid } from '../validation';
import type { UseCaseDeps, Written } from '../deps';
import { lockPupilInScope } from '../pupils/lockPupil';
import { checkExcludingSchool } from '../exclusions/recordExclusion';

const schema = z.object({
  pupilId: uuid,
  fromSchoolId: uuid,
  toSchoolId: uuid,
  agreedOn: isoDate,
  startDate: isoDate,
  recordedAsTrial: z.boolean(),
  trialEndsOn: isoDate.nullish(),
  automaticReturn: z.boolean(),
  admissionPriorityGiven: z.boolean(),
  receivingSchoolOversubscribed: z.boolean(),
  precedingPlacementId: uuid.nullish(),
  note: requiredText('A note'),
});

export async function recordManagedMove(
  deps: UseCaseDeps,
  actor: Actor,
  input: unknown,
  clientKey?: string | null,
): Promise<Written> {
  const may = authorise(actor, 'managedMove.record');
  const f = parseInput(schema, input);
  requireOwnSchoolAmong(actor, may, [f.fromSchoolId, f.toSchoolId]);
  return once(deps.prisma, actor, clientKey, 'recordManagedMove', f, async (tx) => {
    const pupil = await lockPupilInScope(tx, actor, f.pupilId, 'managedMove.record');
    const dob = fromDb(pupil.dateOfBirth);
    const problems = [
      eventDateProblem(deps.clock, 'agreedOn', f.agreedOn, dob),
      eventDateProblem(deps.clock, 'startDate', f.startDate, dob, 'planned'),
    ].filter((p) => p !== null);
    if (f.startDate < f.agreedOn)
      problems.push({ field: 'startDate', message: 'The move cannot start before it was agreed.' });
    if (f.fromSchoolId === f.toSchoolId)
      problems.push({ field: 'toSchoolId', message: 'A managed move is to another school.' });
    if (f.trialEndsOn && f.trialEndsOn < f.startDate)
      problems.push({ field: 'trialEndsOn', message: 'A trial end date cannot be before the move starts.' });
    if (problems.length) throw invalid(problems);
    await checkExcludingSchool(tx, actor, f.fromSchoolId);
    await checkExcludingSchool(tx, actor, f.toSchoolId);
    if (f.precedingPlacementId) {
      const preceding = await tx.placement.findFirst({
        where: { AND: [{ id: f.precedingPlacementId, pupilId: pupil.id }, placementScope(actor)] },
        select: { reason: true, legalBasis: true },
      });
      if (!preceding) throw notFound('placement');
      if (preceding.reason !== 'OFF_SITE_DIRECTION' && preceding.legalBasis !== 'S29A_OFF_SITE_DIRECTION')
        throw invalid([
          {
            field: 'precedingPlacementId',
            message: 'Only an off-site direction can precede a managed move.',
          },
        ]);
    }
    const created = await tx.managedMove.create({
      data: {
        pupilId: pupil.id,
        fromSchoolId: f.fromSchoolId,
        toSchoolId: f.toSchoolId,
        agreedOn: toDb(f.agreedOn),
        startDate: toDb(f.startDate),
        recordedAsTrial: f.recordedAsTrial,
        trialEndsOn: toDbOrNull(f.trialEndsOn ?? null),
        automaticReturn: f.automaticReturn,
        admissionPriorityGiven: f.admissionPriorityGiven,
        receivingSchoolOversubscribed: f.receivingSchoolOversubscribed,
        precedingPlacementId: f.precedingPlacementId ?? null,
      },
      select: { id: true },
    });
    await appendPupilEvent(tx, actor, {
      pupilId: pupil.id,
      type: 'MANAGED_MOVE_RECORDED',
      occurredOn: toDb(f.agreedOn),
      reason: f.note,
      data: {
        managedMoveId: created.id,
        fromSchoolId: f.fromSchoolId,
        toSchoolId: f.toSchoolId,
        startDate: f.startDate,
        trialProblems: managedMoveTrialProblems({ ...f, trialEndsOn: f.trialEndsOn ?? null }),
        admissionPriorityGiven: f.admissionPriorityGiven,
        receivingSchoolOversubscribed: f.receivingSchoolOversubscribed,
      },
    });
    await writeOutbox(tx, 'pupil.changed', 'PUPIL', pupil.id, actor.laId);
    await audit(tx, actor, 'managedMove.record', 'MANAGED_MOVE', [created.id, pupil.id]);
    return { id: created.id };
  });
}
