import { z } from 'zod';
import type { Actor } from '../../auth/actor';
import { once } from '../../record/idempotency';
import { conflict, invalid, type FieldProblem } from '../../errors';
import { authorise } from '../../access/permissions';
import { requireOwnOrganisation } from '../../access/scope';
import { writeOutbox } from '../../record/outbox';
import { eventDateProblem, fromDb, toDb } from '../dates';
import { parseInput, isoDate, requiredText, uuid } from '../validation';
import type { UseCaseDeps, Written } from '../deps';
import { lockReferralInScope, recordReferralChange } from './shared';

const schema = z.object({
  referralId: uuid,
  schoolId: uuid,
  admittedOn: isoDate,
  note: requiredText('A note'),
});

/**
 * The pupil starts at the allocated school: the admission ends the case (time to place runs from the
 * referral to this day) and puts the pupil on the school's roll.
 */
export async function recordFairAccessAdmission(
  deps: UseCaseDeps,
  actor: Actor,
  input: unknown,
  clientKey?: string | null,
): Promise<Written> {
  const may = authorise(actor, 'fairAccess.admit');
  const f = parseInput(schema, input);
  requireOwnOrganisation(actor, may, { schoolId: f.schoolId });
  return once(deps.prisma, actor, clientKey, 'recordFairAccessAdmission', f, async (tx) => {
    const r = await lockReferralInScope(tx, actor, f.referralId, 'fairAccess.admit');
    if (r.status === 'ADMITTED')
      throw conflict(`The pupil was already admitted on ${r.admittedOn ? fromDb(r.admittedOn) : 'an earlier date'}.`);
    const d = r.current;
    if (r.status !== 'ALLOCATED' || !d?.allocatedSchool)
      throw conflict('No school place is allocated on this referral, so there is no admission to record.');
    if (d.allocatedSchool.id !== f.schoolId)
      throw conflict(`The referral is allocated to ${d.allocatedSchool.name}, not this school.`, {
        allocatedSchoolId: d.allocatedSchool.id,
      });

    const problems: FieldProblem[] = [];
    const referredOn = fromDb(r.referredOn);
    const allocatedOn = fromDb(d.meeting.meetingDate);
    if (f.admittedOn < referredOn)
      problems.push({
        field: 'admittedOn',
        message: `The admission (${f.admittedOn}) cannot be before the referral (${referredOn}).`,
      });
    else if (f.admittedOn < allocatedOn)
      problems.push({
        field: 'admittedOn',
        message: `The admission (${f.admittedOn}) cannot be before the panel allocated the place (${allocatedOn}).`,
      });
    const dp = eventDateProblem(deps.clock, 'admittedOn', f.admittedOn, fromDb(r.pupil.dateOfBirth));
    if (dp) problems.push(dp);
    if (problems.length) throw invalid(problems);

    await tx.fairAccessReferral.update({
      where: { id: r.id },
      data: { status: 'ADMITTED', admittedOn: toDb(f.admittedOn), admittedSchoolId: f.schoolId },
    });
    const onRoll = await tx.enrolment.findFirst({
      where: { pupilId: r.pupilId, schoolId: f.schoolId, endDate: null },
      select: { id: true },
    });
    const enrolmentId =
      onRoll?.id ??
      (
        await tx.enrolment.create({
          data: { pupilId: r.pupilId, schoolId: f.schoolId, registration: 'SINGLE', startDate: toDb(f.admittedOn) },
          select: { id: true },
        })
      ).id;
    await writeOutbox(tx, 'pupil.changed', 'PUPIL', r.pupilId, r.laId);
    await recordReferralChange(
      tx,
      actor,
      r,
      {
        type: 'FAIR_ACCESS_ADMITTED',
        occurredOn: f.admittedOn,
        reason: f.note,
        data: { schoolId: f.schoolId, decisionId: d.id, enrolmentId },
      },
      'fairAccess.admit',
      [enrolmentId],
    );
    return { id: r.id };
  });
}
