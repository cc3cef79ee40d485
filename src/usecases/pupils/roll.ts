import { z } from 'zod';
import type { Actor } from '../../auth/actor';
import { once } from '../../record/idempotency';
import { conflict, forbidden, invalid, notFound } from '../../errors';
import { pupilScope } from '../../access/scope';
import { appendPupilEvent } from '../../record/events';
import { writeOutbox } from '../../record/outbox';
import { audit } from '../../record/audit';
import { eventDateProblem, fromDb, toDb } from '../dates';
import { parseInput, isoDate, requiredText, uuid } from '../validation';
import type { UseCaseDeps, Written } from '../deps';

const enrolSchema = z.object({
  pupilId: uuid,
  schoolId: uuid,
  registration: z.enum(['SINGLE', 'MAIN', 'SUBSIDIARY']).default('SINGLE'),
  startDate: isoDate,
  reason: requiredText('A reason'),
});

/** Puts a pupil on a school's admission register. A school admits onto its own roll only. */
export async function enrolPupil(deps: UseCaseDeps, actor: Actor, input: unknown, clientKey?: string | null): Promise<Written> {
  const f = parseInput(enrolSchema, input);
  if (actor.role === 'SCHOOL_STAFF' ? actor.schoolId !== f.schoolId : actor.role !== 'LA_OFFICER') throw forbidden('A school can only admit pupils onto its own roll.');
  return once(deps.prisma, actor, clientKey, 'enrolPupil', f, async (tx) => {
    const school = await tx.school.findFirst({ where: { id: f.schoolId, laId: actor.laId } });
    if (!school) throw notFound('school');
    await tx.$queryRaw`SELECT id FROM "Pupil" WHERE id = ${f.pupilId}::uuid FOR UPDATE`;
    // An admitting school may reach any pupil of its LA: it is taking them on.
    const pupil = await tx.pupil.findFirst({ where: { id: f.pupilId, OR: [pupilScope(actor), { homeLaId: actor.laId }] } });
    if (!pupil) throw notFound('pupil');
    const dp = eventDateProblem(deps.clock, 'startDate', f.startDate, fromDb(pupil.dateOfBirth));
    if (dp) throw invalid([dp]);
    const current = await tx.enrolment.findFirst({ where: { pupilId: pupil.id, schoolId: school.id, endDate: null } });
    if (current) throw conflict(`The pupil is already on ${school.name}'s roll.`);
    const e = await tx.enrolment.create({
      data: { pupilId: pupil.id, schoolId: school.id, registration: f.registration, startDate: toDb(f.startDate) },
      select: { id: true },
    });
    await appendPupilEvent(tx, actor, {
      pupilId: pupil.id, type: 'ENROLLED', occurredOn: toDb(f.startDate), reason: f.reason, data: { schoolId: school.id, registration: f.registration, enrolmentId: e.id },
    });
    await writeOutbox(tx, 'pupil.changed', 'PUPIL', pupil.id, actor.laId);
    await audit(tx, actor, 'pupil.enrol', 'ENROLMENT', [e.id, pupil.id]);
    return { id: e.id };
  });
}

const leaveSchema = z.object({
  enrolmentId: uuid,
  endDate: isoDate,
  category: z.enum(['PERMANENT_EXCLUSION', 'ELECTIVE_HOME_EDUCATION', 'TRANSFERRED_TO_SCHOOL', 'MOVED_AWAY', 'PHASE_TRANSITION', 'CME_OR_UNKNOWN', 'OTHER']),
  endReason: requiredText('The ground for deletion', 500),
});

/** Deletes a pupil from a school's roll (rule P5 and M1–M5 watch why). */
export async function recordLeavingRoll(deps: UseCaseDeps, actor: Actor, input: unknown, clientKey?: string | null): Promise<Written> {
  const f = parseInput(leaveSchema, input);
  if (actor.role !== 'SCHOOL_STAFF' && actor.role !== 'LA_OFFICER') throw forbidden();
  return once(deps.prisma, actor, clientKey, 'recordLeavingRoll', f, async (tx) => {
    const e = await tx.enrolment.findFirst({
      where: { id: f.enrolmentId, school: { laId: actor.laId }, ...(actor.role === 'SCHOOL_STAFF' ? { schoolId: actor.schoolId } : {}) },
      include: { pupil: true },
    });
    if (!e) throw notFound('enrolment');
    if (e.endDate) throw conflict('The pupil has already left this roll.');
    const start = fromDb(e.startDate);
    if (f.endDate < start) throw invalid([{ field: 'endDate', message: `The pupil joined the roll on ${start}; they cannot leave before that.` }]);
    const dp = eventDateProblem(deps.clock, 'endDate', f.endDate, fromDb(e.pupil.dateOfBirth));
    if (dp) throw invalid([dp]);
    await tx.enrolment.update({ where: { id: e.id }, data: { endDate: toDb(f.endDate), endReason: f.endReason, endCategory: f.category } });
    await appendPupilEvent(tx, actor, {
      pupilId: e.pupilId, type: 'LEFT_ROLL', occurredOn: toDb(f.endDate), reason: f.endReason, data: { schoolId: e.schoolId, enrolmentId: e.id, category: f.category },
    });
    await writeOutbox(tx, 'pupil.changed', 'PUPIL', e.pupilId, actor.laId);
    await audit(tx, actor, 'pupil.leaveRoll', 'ENROLMENT', [e.id, e.pupilId]);
    return { id: e.id };
  });
}
