import { z } from 'zod';
import type { Actor } from '../../auth/actor';
import { once } from '../../record/idempotency';
import { AppError, conflict, forbidden, invalid } from '../../errors';
import { validateNhsNumber, validateUpn } from '../../domain/identifiers';
import { appendPupilEvent } from '../../record/events';
import { writeOutbox } from '../../record/outbox';
import { audit } from '../../record/audit';
import { toDb, todayIso } from '../dates';
import { parseInput, isoDate, requiredText } from '../validation';
import type { UseCaseDeps, Written } from '../deps';

const schema = z.object({
  upn: z.string(),
  firstName: requiredText('First name', 100),
  lastName: requiredText('Last name', 100),
  dateOfBirth: isoDate.refine((d) => d <= todayIso(), 'The date of birth cannot be in the future.').refine((d) => d >= '1990-01-01', 'This date of birth is not plausible for a pupil.'),
  sex: z.enum(['F', 'M']),
  ethnicityCode: z.string().regex(/^[A-Z]{4}$/, 'Ethnicity is a 4-letter DfE code, e.g. WBRI.').nullish(),
  senStatus: z.enum(['NONE', 'SEN_SUPPORT', 'EHCP']).default('NONE'),
  lookedAfter: z.boolean().default(false),
  socialCareStatus: z.enum(['NONE', 'CHILD_IN_NEED', 'CHILD_PROTECTION']).default('NONE'),
  fsmEligible: z.boolean().default(false),
  onRollFrom: isoDate.nullish(),
  nhsNumber: z.string().nullish(),
  reason: requiredText('A reason'),
});

/**
 * Adds a pupil to the record. The UPN must pass rules V1 and V3; a temporary UPN is accepted and
 * marked (rule V2 watches how long it stays). School staff add pupils onto their own roll.
 */
export async function registerPupil(deps: UseCaseDeps, actor: Actor, input: unknown, clientKey?: string | null): Promise<Written> {
  const f = parseInput(schema, input);
  if (!['LA_OFFICER', 'SCHOOL_STAFF'].includes(actor.role)) throw forbidden('Only LA officers and schools can add pupils.');
  if (actor.role === 'SCHOOL_STAFF' && !f.onRollFrom)
    throw invalid([{ field: 'onRollFrom', message: 'Give the date the pupil joined your school’s roll.' }]);
  const upn = validateUpn(f.upn);
  if (!upn.ok) throw new AppError('UPN_INVALID', `${upn.message}. Nothing was saved.`, { rule: 'V1', failure: upn.failure });
  const nhs = f.nhsNumber?.trim() ? validateNhsNumber(f.nhsNumber) : null;
  if (nhs && !nhs.ok) throw invalid([{ field: 'nhsNumber', message: `${nhs.message}.` }]);
  if (f.onRollFrom && f.onRollFrom < f.dateOfBirth) throw invalid([{ field: 'onRollFrom', message: 'The roll date cannot be before the date of birth.' }]);

  const nhsNumber = nhs?.ok ? nhs.nhsNumber : null;
  return once(deps.prisma, actor, clientKey, 'registerPupil', { ...f, upn: upn.upn, nhsNumber }, async (tx) => {
    const existing = await tx.pupil.findUnique({ where: { upn: upn.upn }, select: { id: true } });
    if (existing) throw conflict('A pupil with this UPN is already recorded. Search for them by UPN instead of adding them again.');
    if (nhsNumber && (await tx.pupil.findUnique({ where: { nhsNumber }, select: { id: true } })))
      throw conflict('A pupil with this NHS number is already recorded. Search for them instead of adding them again.');
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
      occurredOn: toDb(todayIso()),
      reason: f.reason,
      data: { nhsNumberRecorded: nhsNumber !== null, upnIsTemporary: upn.temporary, senStatus: f.senStatus, lookedAfter: f.lookedAfter, socialCareStatus: f.socialCareStatus, fsmEligible: f.fsmEligible },
    });
    if (actor.role === 'SCHOOL_STAFF' && f.onRollFrom) {
      await tx.enrolment.create({ data: { pupilId: pupil.id, schoolId: actor.schoolId!, registration: 'SINGLE', startDate: toDb(f.onRollFrom) } });
      await appendPupilEvent(tx, actor, {
        pupilId: pupil.id, type: 'ENROLLED', occurredOn: toDb(f.onRollFrom), reason: f.reason, data: { schoolId: actor.schoolId!, registration: 'SINGLE' },
      });
    }
    await writeOutbox(tx, 'pupil.changed', 'PUPIL', pupil.id, actor.laId);
    await audit(tx, actor, 'pupil.register', 'PUPIL', [pupil.id]);
    return { id: pupil.id };
  });
}
