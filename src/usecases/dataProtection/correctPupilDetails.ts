/**
 * Rectification (UK GDPR art. 16): corrects a pupil's name, date of birth, sex or UPN. The record shows the
 * corrected value; the timeline keeps, append-only, the old value and the new for each field, who corrected
 * it and why (PERSONAL_DETAILS_CORRECTED), so nothing is lost and the subject access export shows both.
 */
import { z } from 'zod';
import type { Actor } from '../../auth/actor';
import { once } from '../../record/idempotency';
import { AppError, conflict, invalid } from '../../errors';
import { authorise } from '../../access/permissions';
import { pupilScope } from '../../access/scope';
import { validateUpn } from '../../domain/identifiers';
import { appendPupilEvent } from '../../record/events';
import { writeOutbox } from '../../record/outbox';
import { audit } from '../../record/audit';
import { fromDb, toDb } from '../dates';
import { parseInput, isoDate, nameText, requiredText, uuid } from '../validation';
import type { UseCaseDeps, Written } from '../deps';
import { lockPupilInScope } from '../pupils/lockPupil';
import { UPN_NOT_REGISTRABLE } from '../pupils/registerPupil';

const schema = (today: string) =>
  z.object({
    pupilId: uuid,
    firstName: nameText('First name', 100).nullish(),
    lastName: nameText('Last name', 100).nullish(),
    dateOfBirth: isoDate
      .refine((d) => d <= today, 'The date of birth cannot be in the future.')
      .refine((d) => d >= '1990-01-01', 'This date of birth is not plausible for a pupil.')
      .nullish(),
    sex: z.enum(['F', 'M']).nullish(),
    upn: z.string().nullish(),
    reason: requiredText('A reason'),
  });

export type CorrectableField = 'firstName' | 'lastName' | 'dateOfBirth' | 'sex' | 'upn';

export async function correctPupilDetails(
  deps: UseCaseDeps,
  actor: Actor,
  input: unknown,
  clientKey?: string | null,
): Promise<Written> {
  authorise(actor, 'pupil.correctDetails');
  const f = parseInput(schema(deps.clock.today()), input);
  const upn = f.upn ? validateUpn(f.upn) : null;
  if (upn && !upn.ok)
    throw new AppError('UPN_INVALID', `${upn.message}. Nothing was saved.`, { rule: 'V1', failure: upn.failure });
  const wanted: Partial<Record<CorrectableField, string>> = {
    ...(f.firstName ? { firstName: f.firstName } : {}),
    ...(f.lastName ? { lastName: f.lastName } : {}),
    ...(f.dateOfBirth ? { dateOfBirth: f.dateOfBirth } : {}),
    ...(f.sex ? { sex: f.sex } : {}),
    ...(upn?.ok ? { upn: upn.upn } : {}),
  };
  if (Object.keys(wanted).length === 0)
    throw invalid([{ field: 'pupilId', message: 'Give at least one corrected detail.' }]);

  return once(deps.prisma, actor, clientKey, 'correctPupilDetails', { ...f, ...wanted }, async (tx) => {
    const pupil = await lockPupilInScope(tx, actor, f.pupilId, 'pupil.correctDetails');
    const current: Record<CorrectableField, string> = {
      firstName: pupil.firstName,
      lastName: pupil.lastName,
      dateOfBirth: fromDb(pupil.dateOfBirth),
      sex: pupil.sex,
      upn: pupil.upn,
    };
    const changes = (Object.keys(wanted) as CorrectableField[])
      .filter((k) => wanted[k] !== current[k])
      .map((k) => ({ field: k, from: current[k], to: wanted[k]! }));
    if (changes.length === 0)
      throw invalid([
        { field: 'pupilId', message: 'These are already the details on the record: nothing to correct.' },
      ]);
    if (wanted.upn && wanted.upn !== pupil.upn) {
      const holder = await tx.pupil.findUnique({ where: { upn: wanted.upn }, select: { id: true } });
      if (holder) {
        // As when registering: confirmed only to a caller who may read the other record (no oracle).
        const visible = await tx.pupil.findFirst({
          where: { AND: [{ id: holder.id }, pupilScope(actor)] },
          select: { id: true },
        });
        if (visible)
          throw conflict('Another pupil already has this UPN: check both records (they may be the same child).');
        await audit(deps.prisma, actor, 'pupil.correctDetails.refused', 'PUPIL', [holder.id]);
        throw invalid([{ field: 'upn', message: UPN_NOT_REGISTRABLE }]);
      }
    }
    await tx.pupil.update({
      where: { id: pupil.id },
      data: {
        ...(wanted.firstName ? { firstName: wanted.firstName } : {}),
        ...(wanted.lastName ? { lastName: wanted.lastName } : {}),
        ...(wanted.dateOfBirth ? { dateOfBirth: toDb(wanted.dateOfBirth) } : {}),
        ...(wanted.sex ? { sex: wanted.sex as 'F' | 'M' } : {}),
        ...(upn?.ok ? { upn: upn.upn, upnIsTemporary: upn.temporary } : {}),
      },
    });
    await appendPupilEvent(tx, actor, {
      pupilId: pupil.id,
      type: 'PERSONAL_DETAILS_CORRECTED',
      occurredOn: toDb(deps.clock.today()),
      reason: f.reason,
      data: { changes },
    });
    await writeOutbox(tx, 'pupil.changed', 'PUPIL', pupil.id, actor.laId);
    await audit(tx, actor, 'pupil.correctDetails', 'PUPIL', [pupil.id]);
    return { id: pupil.id };
  });
}
