/**
 * Inclusion bases (Schools White Paper 2026, domain.md §10.4): in-school, on-roll provision — a support base
 * run by the school or trust, or a specialist base the LA commissions — recorded against a school. Time in
 * one is NOT an AP placement: it is kept in its own tables, never in Placement, so no AP rule or report
 * can count it; the school movement profile shows it on its own.
 */
import { z } from 'zod';
import type { Actor } from '../../auth/actor';
import { authorise } from '../../access/permissions';
import { requireOwnSchoolAmong } from '../../access/scope';
import { once, type Tx } from '../../record/idempotency';
import { conflict, invalid, notFound } from '../../errors';
import { appendPupilEvent } from '../../record/events';
import { writeOutbox } from '../../record/outbox';
import { audit } from '../../record/audit';
import { eventDateProblem, fromDb, toDb, toDbOrNull } from '../dates';
import { nameText, parseInput, isoDate, requiredText, uuid } from '../validation';
import type { UseCaseDeps, Written } from '../deps';
import { lockPupilInScope } from '../pupils/lockPupil';

const baseSchema = z.object({
  schoolId: uuid,
  name: nameText('The base’s name'),
  kind: z.enum(['SUPPORT_BASE', 'SPECIALIST_BASE'], { message: 'The kind must be SUPPORT_BASE or SPECIALIST_BASE.' }),
  openedOn: isoDate,
});

export async function registerInclusionBase(
  deps: UseCaseDeps,
  actor: Actor,
  input: unknown,
  clientKey?: string | null,
): Promise<Written> {
  authorise(actor, 'organisation.manage');
  const f = parseInput(baseSchema, input);
  return once(deps.prisma, actor, clientKey, 'registerInclusionBase', f, async (tx) => {
    const school = await tx.school.findFirst({ where: { id: f.schoolId, laId: actor.laId }, select: { id: true } });
    if (!school) throw notFound('school');
    if (f.openedOn > deps.clock.today())
      throw invalid([{ field: 'openedOn', message: `${f.openedOn} is in the future; record the base once it opens.` }]);
    if (await tx.inclusionBase.findFirst({ where: { schoolId: f.schoolId, name: f.name }, select: { id: true } }))
      throw conflict('This school already has an inclusion base of that name.');
    const created = await tx.inclusionBase.create({
      data: { schoolId: f.schoolId, name: f.name, kind: f.kind, openedOn: toDb(f.openedOn) },
      select: { id: true },
    });
    await audit(tx, actor, 'inclusionBase.register', 'INCLUSION_BASE', [created.id, f.schoolId]);
    return { id: created.id };
  });
}

const spellSchema = z.object({
  pupilId: uuid,
  baseId: uuid,
  startDate: isoDate,
  endDate: isoDate.nullish(),
  hoursPerWeek: z.number().gt(0, 'Hours per week must be more than 0.').max(40).nullish(),
  note: requiredText('A note'),
});

/** A base of the caller's LA, at a school the caller may act for. */
async function baseInScope(tx: Tx, actor: Actor, baseId: string, may: Parameters<typeof requireOwnSchoolAmong>[1]) {
  const base = await tx.inclusionBase.findFirst({
    where: { id: baseId, school: { laId: actor.laId } },
    select: { id: true, schoolId: true, openedOn: true },
  });
  if (!base) throw notFound('inclusion base');
  requireOwnSchoolAmong(actor, may, [base.schoolId]);
  return base;
}

export async function recordInclusionBaseSpell(
  deps: UseCaseDeps,
  actor: Actor,
  input: unknown,
  clientKey?: string | null,
): Promise<Written> {
  const may = authorise(actor, 'inclusionBase.record');
  const f = parseInput(spellSchema, input);
  return once(deps.prisma, actor, clientKey, 'recordInclusionBaseSpell', f, async (tx) => {
    const pupil = await lockPupilInScope(tx, actor, f.pupilId, 'inclusionBase.record');
    const dob = fromDb(pupil.dateOfBirth);
    const problems = [
      eventDateProblem(deps.clock, 'startDate', f.startDate, dob, 'planned'),
      f.endDate ? eventDateProblem(deps.clock, 'endDate', f.endDate, dob, 'planned') : null,
    ].filter((p) => p !== null);
    if (f.endDate && f.endDate < f.startDate)
      problems.push({ field: 'endDate', message: 'Time in the base cannot end before it starts.' });
    if (problems.length) throw invalid(problems);
    const base = await baseInScope(tx, actor, f.baseId, may);
    if (f.startDate < fromDb(base.openedOn))
      throw invalid([{ field: 'startDate', message: `The base opened on ${fromDb(base.openedOn)}.` }]);
    // On-roll provision: the pupil is on this school's roll on the first day.
    const start = toDb(f.startDate);
    const onRoll = await tx.enrolment.findFirst({
      where: {
        pupilId: pupil.id,
        schoolId: base.schoolId,
        startDate: { lte: start },
        OR: [{ endDate: null }, { endDate: { gte: start } }],
      },
      select: { id: true },
    });
    if (!onRoll)
      throw invalid([
        {
          field: 'startDate',
          message: 'An inclusion base is on-roll provision: the pupil must be on the school’s roll on this day.',
        },
      ]);
    const open = await tx.inclusionBaseSpell.findFirst({
      where: { pupilId: pupil.id, baseId: base.id, endDate: null },
      select: { id: true },
    });
    if (open) throw conflict('The pupil is already in this base; end that time first.');
    const created = await tx.inclusionBaseSpell.create({
      data: {
        pupilId: pupil.id,
        baseId: base.id,
        startDate: start,
        endDate: toDbOrNull(f.endDate ?? null),
        hoursPerWeek: f.hoursPerWeek ?? null,
      },
      select: { id: true },
    });
    await appendPupilEvent(tx, actor, {
      pupilId: pupil.id,
      type: 'INCLUSION_BASE_STARTED',
      occurredOn: start,
      reason: f.note,
      data: { spellId: created.id, baseId: base.id, schoolId: base.schoolId, endDate: f.endDate ?? null },
    });
    await writeOutbox(tx, 'pupil.changed', 'PUPIL', pupil.id, actor.laId);
    await audit(tx, actor, 'inclusionBase.start', 'INCLUSION_BASE_SPELL', [created.id, pupil.id]);
    return { id: created.id };
  });
}

const endSchema = z.object({ pupilId: uuid, baseId: uuid, endDate: isoDate, note: requiredText('A note') });

export async function endInclusionBaseSpell(
  deps: UseCaseDeps,
  actor: Actor,
  input: unknown,
  clientKey?: string | null,
): Promise<Written> {
  const may = authorise(actor, 'inclusionBase.record');
  const f = parseInput(endSchema, input);
  return once(deps.prisma, actor, clientKey, 'endInclusionBaseSpell', f, async (tx) => {
    const pupil = await lockPupilInScope(tx, actor, f.pupilId, 'inclusionBase.record');
    const problem = eventDateProblem(deps.clock, 'endDate', f.endDate, fromDb(pupil.dateOfBirth), 'planned');
    if (problem) throw invalid([problem]);
    const base = await baseInScope(tx, actor, f.baseId, may);
    const spell = await tx.inclusionBaseSpell.findFirst({
      where: { pupilId: pupil.id, baseId: base.id, endDate: null },
    });
    if (!spell) throw conflict('The pupil has no open time in this base.');
    if (f.endDate < fromDb(spell.startDate))
      throw invalid([{ field: 'endDate', message: `The time in the base started on ${fromDb(spell.startDate)}.` }]);
    await tx.inclusionBaseSpell.update({ where: { id: spell.id }, data: { endDate: toDb(f.endDate) } });
    await appendPupilEvent(tx, actor, {
      pupilId: pupil.id,
      type: 'INCLUSION_BASE_ENDED',
      occurredOn: toDb(f.endDate),
      reason: f.note,
      data: { spellId: spell.id, baseId: base.id },
    });
    await writeOutbox(tx, 'pupil.changed', 'PUPIL', pupil.id, actor.laId);
    await audit(tx, actor, 'inclusionBase.end', 'INCLUSION_BASE_SPELL', [spell.id, pupil.id]);
    return { id: spell.id };
  });
}
