import { z } from 'zod';
import type { Actor } from '../../auth/actor';
import { once } from '../../record/idempotency';
import { conflict, invalid, notFound } from '../../errors';
import { authorise } from '../../access/permissions';
import { enrolmentScope, requireOwnOrganisation } from '../../access/scope';
import { appendPupilEvent } from '../../record/events';
import { writeOutbox } from '../../record/outbox';
import { audit } from '../../record/audit';
import { eventDateProblem, fromDb, toDb } from '../dates';
import { parseInput, isoDate, requiredText, uuid } from '../validation';
import type { UseCaseDeps, Written } from '../deps';
import { lockPupilInScope } from './lockPupil';

const enrolSchema = z.object({
  pupilId: uuid,
  schoolId: uuid,
  registration: z.enum(['SINGLE', 'MAIN', 'SUBSIDIARY']).default('SINGLE'),
  startDate: isoDate,
  reason: requiredText('A reason'),
});

/** Puts a pupil on a school's admission register. A school admits onto its own roll only. */
export async function enrolPupil(
  deps: UseCaseDeps,
  actor: Actor,
  input: unknown,
  clientKey?: string | null,
): Promise<Written> {
  const may = authorise(actor, 'pupil.enrol');
  const f = parseInput(enrolSchema, input);
  requireOwnOrganisation(actor, may, { schoolId: f.schoolId });
  return once(deps.prisma, actor, clientKey, 'enrolPupil', f, async (tx) => {
    const school = await tx.school.findFirst({ where: { id: f.schoolId, laId: actor.laId } });
    if (!school) throw notFound('school');
    // Only a pupil the caller already sees (permission table): anyone else answers like a missing pupil,
    // and their date of birth is never checked against.
    const pupil = await lockPupilInScope(tx, actor, f.pupilId, 'pupil.enrol');
    const dp = eventDateProblem(deps.clock, 'startDate', f.startDate, fromDb(pupil.dateOfBirth));
    if (dp) throw invalid([dp]);
    const current = await tx.enrolment.findFirst({ where: { pupilId: pupil.id, schoolId: school.id, endDate: null } });
    if (current) throw conflict(`The pupil is already on ${school.name}'s roll.`);
    const e = await tx.enrolment.create({
      data: { pupilId: pupil.id, schoolId: school.id, registration: f.registration, startDate: toDb(f.startDate) },
      select: { id: true },
    });
    await appendPupilEvent(tx, actor, {
      pupilId: pupil.id,
      type: 'ENROLLED',
      occurredOn: toDb(f.startDate),
      reason: f.reason,
      data: { schoolId: school.id, registration: f.registration, enrolmentId: e.id },
    });
    await writeOutbox(tx, 'pupil.changed', 'PUPIL', pupil.id, actor.laId);
    await audit(tx, actor, 'pupil.enrol', 'ENROLMENT', [e.id, pupil.id]);
    return { id: e.id };
  });
}

const leaveSchema = z.object({
  enrolmentId: uuid,
  endDate: isoDate,
  category: z.enum([
    'PERMANENT_EXCLUSION',
    'ELECTIVE_HOME_EDUCATION',
    'TRANSFERRED_TO_SCHOOL',
    'MOVED_AWAY',
    'PHASE_TRANSITION',
    'CME_OR_UNKNOWN',
    'OTHER',
  ]),
  endReason: requiredText('The ground for deletion', 500),
});

/** Deletes a pupil from a school's roll (rule P5 and M1–M5 watch why). */
export async function recordLeavingRoll(
  deps: UseCaseDeps,
  actor: Actor,
  input: unknown,
  clientKey?: string | null,
): Promise<Written> {
  authorise(actor, 'pupil.leaveRoll');
  const f = parseInput(leaveSchema, input);
  return once(deps.prisma, actor, clientKey, 'recordLeavingRoll', f, async (tx) => {
    const e = await tx.enrolment.findFirst({
      where: { AND: [{ id: f.enrolmentId, school: { laId: actor.laId } }, enrolmentScope(actor, 'pupil.leaveRoll')] },
      include: { pupil: true },
    });
    if (!e) throw notFound('enrolment');
    if (e.endDate) throw conflict('The pupil has already left this roll.');
    const start = fromDb(e.startDate);
    if (f.endDate < start)
      throw invalid([
        { field: 'endDate', message: `The pupil joined the roll on ${start}; they cannot leave before that.` },
      ]);
    const dp = eventDateProblem(deps.clock, 'endDate', f.endDate, fromDb(e.pupil.dateOfBirth));
    if (dp) throw invalid([dp]);
    await tx.enrolment.update({
      where: { id: e.id },
      data: { endDate: toDb(f.endDate), endReason: f.endReason, endCategory: f.category },
    });
    await appendPupilEvent(tx, actor, {
      pupilId: e.pupilId,
      type: 'LEFT_ROLL',
      occurredOn: toDb(f.endDate),
      reason: f.endReason,
      data: { schoolId: e.schoolId, enrolmentId: e.id, category: f.category },
    });
    await writeOutbox(tx, 'pupil.changed', 'PUPIL', e.pupilId, actor.laId);
    await audit(tx, actor, 'pupil.leaveRoll', 'ENROLMENT', [e.id, e.pupilId]);
    return { id: e.id };
  });
}
