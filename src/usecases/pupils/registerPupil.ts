import { z } from 'zod';
import type { Actor } from '../../auth/actor';
import { once } from '../../record/idempotency';
import { AppError, conflict, invalid } from '../../errors';
import { authorise } from '../../access/permissions';
import { pupilScope } from '../../access/scope';
import { validateNhsNumber, validateUpn } from '../../domain/identifiers';
import { appendPupilEvent } from '../../record/events';
import { writeOutbox } from '../../record/outbox';
import { audit } from '../../record/audit';
import { toDb } from '../dates';
import { parseInput, isoDate, nameText, requiredText } from '../validation';
import type { UseCaseDeps, Written } from '../deps';

// A function of today (England's date, from the one clock): a date of birth cannot be after it.
const schema = (today: string) =>
  z.object({
    upn: z.string(),
    firstName: nameText('First name', 100),
    lastName: nameText('Last name', 100),
    dateOfBirth: isoDate
      .refine((d) => d <= today, 'The date of birth cannot be in the future.')
      .refine((d) => d >= '1990-01-01', 'This date of birth is not plausible for a pupil.'),
    sex: z.enum(['F', 'M']),
    ethnicityCode: z
      .string()
      .regex(/^[A-Z]{4}$/, 'Ethnicity is a 4-letter DfE code, e.g. WBRI.')
      .nullish(),
    senStatus: z.enum(['NONE', 'SEN_SUPPORT', 'EHCP']).default('NONE'),
    lookedAfter: z.boolean().default(false),
    socialCareStatus: z.enum(['NONE', 'CHILD_IN_NEED', 'CHILD_PROTECTION']).default('NONE'),
    fsmEligible: z.boolean().default(false),
    onRollFrom: isoDate.nullish(),
    nhsNumber: z.string().nullish(),
    reason: requiredText('A reason'),
  });

/** The answer for a UPN held by a record outside the caller's scope (documented in docs/permissions.md). */
export const UPN_NOT_REGISTRABLE =
  'This UPN cannot be registered by you. Check it against the pupil’s records; if it is right, ask your LA’s pupil records team to add the pupil.';

/**
 * Adds a pupil to the record. The UPN must pass rules V1 and V3; a temporary UPN is accepted and
 * marked (rule V2 watches how long it stays). School staff add pupils onto their own roll.
 */
export async function registerPupil(
  deps: UseCaseDeps,
  actor: Actor,
  input: unknown,
  clientKey?: string | null,
): Promise<Written> {
  const may = authorise(actor, 'pupil.register');
  const f = parseInput(schema(deps.clock.today()), input);
  const ontoOwnRoll = may === 'NEW_PUPIL_ON_OWN_ROLL';
  if (ontoOwnRoll && !f.onRollFrom)
    throw invalid([{ field: 'onRollFrom', message: 'Give the date the pupil joined your school’s roll.' }]);
  const upn = validateUpn(f.upn);
  if (!upn.ok)
    throw new AppError('UPN_INVALID', `${upn.message}. Nothing was saved.`, { rule: 'V1', failure: upn.failure });
  const nhs = f.nhsNumber?.trim() ? validateNhsNumber(f.nhsNumber) : null;
  if (nhs && !nhs.ok) throw invalid([{ field: 'nhsNumber', message: `${nhs.message}.` }]);
  if (f.onRollFrom && f.onRollFrom < f.dateOfBirth)
    throw invalid([{ field: 'onRollFrom', message: 'The roll date cannot be before the date of birth.' }]);

  const nhsNumber = nhs?.ok ? nhs.nhsNumber : null;
  return once(deps.prisma, actor, clientKey, 'registerPupil', { ...f, upn: upn.upn, nhsNumber }, async (tx) => {
    const existing = await tx.pupil.findUnique({ where: { upn: upn.upn }, select: { id: true } });
    if (existing) {
      // A UPN is unique nationally, so a second registration must be refused. Only a pupil the caller
      // may already read is confirmed (CONFLICT, as pupilByUpn would find them). Any other — another
      // LA's, another school's — gets one answer with no name, LA or date, the same whoever holds the
      // record; the attempt is audited so a data protection officer can see probing.
      const visible = await tx.pupil.findFirst({
        where: { AND: [{ id: existing.id }, pupilScope(actor)] },
        select: { id: true },
      });
      if (visible)
        throw conflict(
          'A pupil with this UPN is already recorded. Search for them by UPN instead of adding them again.',
        );
      await audit(deps.prisma, actor, 'pupil.register.refused', 'PUPIL', [existing.id]);
      throw invalid([{ field: 'upn', message: UPN_NOT_REGISTRABLE }]);
    }
    // The NHS number is unique too (CWSA s4): the same rule, so it is no oracle either.
    const sameNhs = nhsNumber ? await tx.pupil.findUnique({ where: { nhsNumber }, select: { id: true } }) : null;
    if (sameNhs) {
      const visible = await tx.pupil.findFirst({
        where: { AND: [{ id: sameNhs.id }, pupilScope(actor)] },
        select: { id: true },
      });
      if (visible)
        throw conflict(
          'A pupil with this NHS number is already recorded. Search for them instead of adding them again.',
        );
      await audit(deps.prisma, actor, 'pupil.register.refused', 'PUPIL', [sameNhs.id]);
      throw invalid([
        {
          field: 'nhsNumber',
          message: 'This NHS number cannot be recorded here. Check it, or ask your LA’s data team.',
        },
      ]);
    }
    const pupil = await tx.pupil.create({
      data: {
        upn: upn.upn,
        upnIsTemporary: upn.temporary,
        firstName: f.firstName,
        lastName: f.lastName,
        dateOfBirth: toDb(f.dateOfBirth),
        sex: f.sex,
        ethnicityCode: f.ethnicityCode ?? null,
        senStatus: f.senStatus,
        lookedAfter: f.lookedAfter,
        socialCareStatus: f.socialCareStatus,
        fsmEligible: f.fsmEligible,
        homeLaId: actor.laId,
        nhsNumber,
      },
      select: { id: true },
    });
    await appendPupilEvent(tx, actor, {
      pupilId: pupil.id,
      type: 'PUPIL_REGISTERED',
      occurredOn: toDb(deps.clock.today()),
      reason: f.reason,
      data: {
        nhsNumberRecorded: nhsNumber !== null,
        upnIsTemporary: upn.temporary,
        senStatus: f.senStatus,
        lookedAfter: f.lookedAfter,
        socialCareStatus: f.socialCareStatus,
        fsmEligible: f.fsmEligible,
      },
    });
    if (ontoOwnRoll && f.onRollFrom) {
      await tx.enrolment.create({
        data: { pupilId: pupil.id, schoolId: actor.schoolId!, registration: 'SINGLE', startDate: toDb(f.onRollFrom) },
      });
      await appendPupilEvent(tx, actor, {
        pupilId: pupil.id,
        type: 'ENROLLED',
        occurredOn: toDb(f.onRollFrom),
        reason: f.reason,
        data: { schoolId: actor.schoolId!, registration: 'SINGLE' },
      });
    }
    await writeOutbox(tx, 'pupil.changed', 'PUPIL', pupil.id, actor.laId);
    await audit(tx, actor, 'pupil.register', 'PUPIL', [pupil.id]);
    return { id: pupil.id };
  });
}
