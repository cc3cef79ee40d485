/**
 * Safeguarding separation (domain.md §10.2): a school separates a pupil for safeguarding reasons. It is
 * recorded apart from exclusions, so it never counts towards rule E1's cap, and it triggers the LA's s19
 * duty, which rule SEP1 watches. Start and end are events on the pupil's timeline.
 */
import { z } from 'zod';
import type { Actor } from '../../auth/actor';
import { once } from '../../record/idempotency';
import { conflict, invalid, notFound } from '../../errors';
import { authorise } from '../../access/permissions';
import { requireOwnOrganisation, separationScope } from '../../access/scope';
import { appendPupilEvent } from '../../record/events';
import { writeOutbox } from '../../record/outbox';
import { audit } from '../../record/audit';
import { eventDateProblem, fromDb, toDb, toDbOrNull } from '../dates';
import { parseInput, isoDate, requiredText, uuid } from '../validation';
import type { UseCaseDeps, Written } from '../deps';
import { lockPupilInScope } from '../pupils/lockPupil';
import { checkExcludingSchool } from '../exclusions/recordExclusion';

export const SEPARATION_REASONS = [
  'RISK_OF_HARM_TO_PUPIL',
  'RISK_OF_HARM_TO_OTHERS',
  'ALLEGATION_UNDER_INVESTIGATION',
  'POLICE_OR_COURT_CONDITIONS',
  'OTHER',
] as const;

const startSchema = z.object({
  pupilId: uuid,
  schoolId: uuid,
  startDate: isoDate,
  endDate: isoDate.nullish(),
  reasonCategory: z.enum(SEPARATION_REASONS, {
    message: `The reason must be one of: ${SEPARATION_REASONS.join(', ')}.`,
  }),
  decidedBy: requiredText('Who decided', 200),
  note: requiredText('A note'),
});

export async function recordSafeguardingSeparation(
  deps: UseCaseDeps,
  actor: Actor,
  input: unknown,
  clientKey?: string | null,
): Promise<Written> {
  // Authorised before anything is read or validated (permission table): a school for itself, an LA officer for its LA's schools.
  const may = authorise(actor, 'separation.record');
  const f = parseInput(startSchema, input);
  requireOwnOrganisation(actor, may, { schoolId: f.schoolId });
  return once(deps.prisma, actor, clientKey, 'recordSafeguardingSeparation', f, async (tx) => {
    await checkExcludingSchool(tx, actor, f.schoolId);
    const pupil = await lockPupilInScope(tx, actor, f.pupilId, 'separation.record');
    const dob = fromDb(pupil.dateOfBirth);
    const problems = [
      eventDateProblem(deps.clock, 'startDate', f.startDate, dob),
      f.endDate ? eventDateProblem(deps.clock, 'endDate', f.endDate, dob, 'planned') : null,
    ].filter((p) => p !== null);
    if (f.endDate && f.endDate < f.startDate)
      problems.push({ field: 'endDate', message: 'The separation cannot end before it starts.' });
    if (problems.length) throw invalid(problems);
    const created = await tx.safeguardingSeparation.create({
      data: {
        pupilId: pupil.id,
        schoolId: f.schoolId,
        startDate: toDb(f.startDate),
        endDate: toDbOrNull(f.endDate ?? null),
        reasonCategory: f.reasonCategory,
        decidedBy: f.decidedBy,
      },
      select: { id: true },
    });
    await appendPupilEvent(tx, actor, {
      pupilId: pupil.id,
      type: 'SAFEGUARDING_SEPARATION_STARTED',
      occurredOn: toDb(f.startDate),
      reason: f.note,
      data: {
        separationId: created.id,
        schoolId: f.schoolId,
        reasonCategory: f.reasonCategory,
        decidedBy: f.decidedBy,
        endDate: f.endDate ?? null,
      },
    });
    await writeOutbox(tx, 'pupil.changed', 'PUPIL', pupil.id, actor.laId);
    await audit(tx, actor, 'separation.record', 'SAFEGUARDING_SEPARATION', [created.id, pupil.id]);
    return { id: created.id };
  });
}

const endSchema = z.object({ separationId: uuid, endDate: isoDate, note: requiredText('A note') });

export async function endSafeguardingSeparation(
  deps: UseCaseDeps,
  actor: Actor,
  input: unknown,
  clientKey?: string | null,
): Promise<Written> {
  authorise(actor, 'separation.record');
  const f = parseInput(endSchema, input);
  return once(deps.prisma, actor, clientKey, 'endSafeguardingSeparation', f, async (tx) => {
    // Only a separation the caller may record answers; any other is missing, whoever made it.
    const sep = await tx.safeguardingSeparation.findFirst({
      where: { AND: [{ id: f.separationId }, separationScope(actor, 'separation.read')] },
    });
    if (!sep) throw notFound('safeguarding separation');
    await checkExcludingSchool(tx, actor, sep.schoolId);
    await lockPupilInScope(tx, actor, sep.pupilId, 'separation.record');
    if (sep.endDate) throw conflict('This separation has already ended; record a correction if the date was wrong.');
    const start = fromDb(sep.startDate);
    if (f.endDate < start)
      throw invalid([{ field: 'endDate', message: `The separation cannot end before it started (${start}).` }]);
    await tx.safeguardingSeparation.update({ where: { id: sep.id }, data: { endDate: toDb(f.endDate) } });
    await appendPupilEvent(tx, actor, {
      pupilId: sep.pupilId,
      type: 'SAFEGUARDING_SEPARATION_ENDED',
      occurredOn: toDb(f.endDate),
      reason: f.note,
      data: { separationId: sep.id },
    });
    await writeOutbox(tx, 'pupil.changed', 'PUPIL', sep.pupilId, actor.laId);
    await audit(tx, actor, 'separation.end', 'SAFEGUARDING_SEPARATION', [sep.id, sep.pupilId]);
    return { id: sep.id };
  });
}
