/**
 * Reviews of an off-site direction (SI 2010/1156 as amended by SI 2012/2532; from 26 July 2026 also for
 * academies, AP academies and PRUs: domain.md §10.2). A parent's or the LA's written request for a review
 * (rule O3 watches that a meeting follows), and the review meeting with who was there: the headteacher,
 * the parents (invited), a nominee of the governing board, and the LA invited where the pupil has an EHC
 * plan (rule O3b). Both are events on the pupil's timeline.
 */
import { z } from 'zod';
import type { Actor } from '../../auth/actor';
import { authorise } from '../../access/permissions';
import { once, type Tx } from '../../record/idempotency';
import { invalid } from '../../errors';
import { appendPupilEvent } from '../../record/events';
import { writeOutbox } from '../../record/outbox';
import { audit } from '../../record/audit';
import { reviewMeetingProblems } from '../../domain/flags/offSiteRules';
import { eventDateProblem, fromDb, toDb, toDbOrNull } from '../dates';
import { parseInput, isoDate, requiredText, uuid } from '../validation';
import type { UseCaseDeps, Written } from '../deps';
import { lockPlacementInScope } from '../placements/lockPlacement';

const requestSchema = z.object({
  placementId: uuid,
  requestedOn: isoDate,
  requestedBy: z.enum(['PARENT', 'LOCAL_AUTHORITY'], { message: 'Who asked must be PARENT or LOCAL_AUTHORITY.' }),
  note: requiredText('A note'),
});

const meetingSchema = z.object({
  placementId: uuid,
  meetingDate: isoDate,
  headteacherPresent: z.boolean(),
  parentsInvited: z.boolean(),
  parentsAttended: z.boolean(),
  boardNomineePresent: z.boolean(),
  laInvitedOn: isoDate.nullish(),
  outcome: requiredText('The outcome of the review'),
});

/** The direction, if the caller may record its reviews; a placement that is not a direction is bad input. */
async function lockDirection(tx: Tx, actor: Actor, placementId: string) {
  const p = await lockPlacementInScope(tx, actor, placementId, { action: 'directionReview.record' });
  if (p.reason !== 'OFF_SITE_DIRECTION' && p.legalBasis !== 'S29A_OFF_SITE_DIRECTION')
    throw invalid([{ field: 'placementId', message: 'This placement is not an off-site direction.' }]);
  return p;
}

export async function recordDirectionReviewRequest(
  deps: UseCaseDeps,
  actor: Actor,
  input: unknown,
  clientKey?: string | null,
): Promise<Written> {
  authorise(actor, 'directionReview.record');
  const f = parseInput(requestSchema, input);
  return once(deps.prisma, actor, clientKey, 'recordDirectionReviewRequest', f, async (tx) => {
    const p = await lockDirection(tx, actor, f.placementId);
    const problem = eventDateProblem(deps.clock, 'requestedOn', f.requestedOn, fromDb(p.pupil.dateOfBirth));
    if (problem) throw invalid([problem]);
    if (f.requestedOn < fromDb(p.startDate))
      throw invalid([
        { field: 'requestedOn', message: 'A review can be asked for only once the direction has started.' },
      ]);
    const created = await tx.directionReviewRequest.create({
      data: { placementId: p.id, requestedOn: toDb(f.requestedOn), requestedBy: f.requestedBy },
      select: { id: true },
    });
    await appendPupilEvent(tx, actor, {
      pupilId: p.pupilId,
      placementId: p.id,
      type: 'DIRECTION_REVIEW_REQUESTED',
      occurredOn: toDb(f.requestedOn),
      reason: f.note,
      data: { requestId: created.id, requestedBy: f.requestedBy },
    });
    await writeOutbox(tx, 'placement.changed', 'PLACEMENT', p.id, actor.laId);
    await audit(tx, actor, 'directionReview.request', 'DIRECTION_REVIEW_REQUEST', [created.id, p.id, p.pupilId]);
    return { id: created.id };
  });
}

export async function recordDirectionReviewMeeting(
  deps: UseCaseDeps,
  actor: Actor,
  input: unknown,
  clientKey?: string | null,
): Promise<Written> {
  authorise(actor, 'directionReview.record');
  const f = parseInput(meetingSchema, input);
  return once(deps.prisma, actor, clientKey, 'recordDirectionReviewMeeting', f, async (tx) => {
    const p = await lockDirection(tx, actor, f.placementId);
    const problems = [eventDateProblem(deps.clock, 'meetingDate', f.meetingDate, fromDb(p.pupil.dateOfBirth))].filter(
      (x) => x !== null,
    );
    if (f.meetingDate < fromDb(p.startDate))
      problems.push({ field: 'meetingDate', message: 'A review meeting is held once the direction has started.' });
    if (f.laInvitedOn && f.laInvitedOn > f.meetingDate)
      problems.push({ field: 'laInvitedOn', message: 'The LA must be invited before the meeting, not after.' });
    if (f.parentsAttended && !f.parentsInvited)
      problems.push({ field: 'parentsInvited', message: 'Parents who attended were invited: say so.' });
    if (problems.length) throw invalid(problems);
    const created = await tx.directionReviewMeeting.create({
      data: {
        placementId: p.id,
        meetingDate: toDb(f.meetingDate),
        headteacherPresent: f.headteacherPresent,
        parentsInvited: f.parentsInvited,
        parentsAttended: f.parentsAttended,
        boardNomineePresent: f.boardNomineePresent,
        laInvitedOn: toDbOrNull(f.laInvitedOn ?? null),
        outcome: f.outcome,
      },
      select: { id: true },
    });
    await appendPupilEvent(tx, actor, {
      pupilId: p.pupilId,
      placementId: p.id,
      type: 'DIRECTION_REVIEW_MEETING_HELD',
      occurredOn: toDb(f.meetingDate),
      reason: f.outcome,
      data: {
        meetingId: created.id,
        headteacherPresent: f.headteacherPresent,
        parentsInvited: f.parentsInvited,
        parentsAttended: f.parentsAttended,
        boardNomineePresent: f.boardNomineePresent,
        laInvitedOn: f.laInvitedOn ?? null,
        problems: reviewMeetingProblems({ ...f, laInvitedOn: f.laInvitedOn ?? null }, p.pupil.senStatus === 'EHCP'),
      },
    });
    await writeOutbox(tx, 'placement.changed', 'PLACEMENT', p.id, actor.laId);
    await audit(tx, actor, 'directionReview.meeting', 'DIRECTION_REVIEW_MEETING', [created.id, p.id, p.pupilId]);
    return { id: created.id };
  });
}
