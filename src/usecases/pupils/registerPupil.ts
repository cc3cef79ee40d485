import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { Prisma, type Pupil } from '../../generated/prisma/client';
import type { Actor } from '../../auth/actor';
import { once, onceInOneStatement } from '../../record/idempotency';
import { isUniqueViolation, translateDbError } from '../../record/dbErrors';
import { AppError, conflict, invalid } from '../../errors';
import { authorise, conditionFor } from '../../access/permissions';
import { actorOrgId } from '../../auth/actor';
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
): Promise<Registered> {
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
  const facts: RegistrationFacts = { ...f, upn: upn.upn, upnIsTemporary: upn.temporary, nhsNumber, ontoOwnRoll };
  // The key's input is what it always was (a retry after this change still finds its stored answer).
  const keyInput = { ...f, upn: upn.upn, nhsNumber };
  try {
    const fast = await registerInOneStatement(deps, actor, facts, keyInput, clientKey);
    if (fast) return fast;
  } catch (err) {
    // A unique index (UPN, NHS number) refused the row: nothing was written. The checked path below gives the
    // answer the rules call for (CONFLICT, or the refusal that names no other record). Anything else is a fault.
    if (!isUniqueViolation(err)) throw translateDbError(err);
  }
  return { ...(await registerWithChecks(deps, actor, facts, keyInput, clientKey)), row: null };
}

type Input = z.infer<ReturnType<typeof schema>>;
export interface RegistrationFacts extends Omit<Input, 'upn' | 'nhsNumber'> {
  upn: string;
  upnIsTemporary: boolean;
  nhsNumber: string | null;
  ontoOwnRoll: boolean;
}

/** The pupil's row as the mutation answers it, when the caller may read it (else null: read it back). */
export interface Registered {
  id: string;
  row: Pupil | null;
}

const eventData = (f: RegistrationFacts) => ({
  nhsNumberRecorded: f.nhsNumber !== null,
  upnIsTemporary: f.upnIsTemporary,
  senStatus: f.senStatus,
  lookedAfter: f.lookedAfter,
  socialCareStatus: f.socialCareStatus,
  fsmEligible: f.fsmEligible,
});

/**
 * The registration as one statement (issue 18): idempotency key, pupil, PUPIL_REGISTERED (and, onto a school's
 * roll, the enrolment and ENROLLED) events, the outbox row and the audit row. No pre-check by UPN or NHS number:
 * their unique indexes refuse a duplicate, the statement then writes nothing and throws, and the caller falls back
 * to the checked path for the answer. For a caller whose read scope covers every pupil of its LA the answer is the
 * written row, and its `pupil.read` audit row (what reading it back would have written) is in the same statement.
 * Returns null when the client key was already used: the checked path answers from the stored key.
 */
export async function registerInOneStatement(
  deps: UseCaseDeps,
  actor: Actor,
  f: RegistrationFacts,
  keyInput: unknown,
  clientKey?: string | null,
): Promise<Registered | null> {
  const id = randomUUID();
  const answersFromRow = conditionFor(actor, 'pupil.read') === 'PUPIL_OF_LA';
  const onRoll = f.ontoOwnRoll && f.onRollFrom ? f.onRollFrom : null;
  const org = actorOrgId(actor);
  const r = await onceInOneStatement<Pupil>(
    deps.prisma,
    actor,
    clientKey,
    'registerPupil',
    keyInput,
    { id },
    (gate) => Prisma.sql`WITH ${gate},
      p AS (
        INSERT INTO "Pupil" (id, upn, "upnIsTemporary", "firstName", "lastName", "dateOfBirth", sex, "ethnicityCode",
          "senStatus", "lookedAfter", "socialCareStatus", "fsmEligible", "homeLaId", "nhsNumber")
        SELECT ${id}::uuid, ${f.upn}, ${f.upnIsTemporary}, ${f.firstName}, ${f.lastName}, ${f.dateOfBirth}::date,
          ${f.sex}::"Sex", ${f.ethnicityCode ?? null}, ${f.senStatus}::"SenStatus", ${f.lookedAfter},
          ${f.socialCareStatus}::"SocialCareStatus", ${f.fsmEligible}, ${actor.laId}::uuid, ${f.nhsNumber}
        FROM go RETURNING *),
      en AS (
        INSERT INTO "Enrolment" ("pupilId", "schoolId", registration, "startDate")
        SELECT p.id, ${actor.schoolId ?? null}::uuid, 'SINGLE', ${onRoll}::date FROM p WHERE ${onRoll}::date IS NOT NULL),
      ev AS (
        INSERT INTO "PupilEvent" ("pupilId", type, "occurredOn", reason, data, "actorId", "actorRole", "actorOrgId")
        SELECT p.id, v.type, v.occurred, ${f.reason}, v.data, ${actor.userId}, ${actor.role}::"Role", ${org}
        FROM p, (VALUES
          (1, 'PUPIL_REGISTERED', ${deps.clock.today()}::date, ${JSON.stringify(eventData(f))}::jsonb),
          (2, 'ENROLLED', ${onRoll}::date, ${JSON.stringify({ schoolId: actor.schoolId ?? null, registration: 'SINGLE' })}::jsonb)
        ) AS v(n, type, occurred, data)
        WHERE v.n = 1 OR ${onRoll}::date IS NOT NULL ORDER BY v.n),
      ob AS (
        INSERT INTO "OutboxEvent" (type, "aggregateType", "aggregateId", "laId")
        SELECT 'pupil.changed', 'PUPIL', p.id, ${actor.laId}::uuid FROM p),
      au AS (
        INSERT INTO "AuditEvent" ("actorId", "actorRole", "actorOrgId", "laId", operation, "subjectType", "subjectIds")
        SELECT ${actor.userId}, ${actor.role}, ${org}, ${actor.laId}::uuid, a.op, 'PUPIL', ARRAY[p.id::text]
        FROM p, (VALUES (1, 'pupil.register'), (2, 'pupil.read')) AS a(n, op)
        WHERE a.n = 1 OR ${answersFromRow} ORDER BY a.n)
      SELECT * FROM p`,
  );
  if ('prior' in r) return null;
  return { id, row: answersFromRow ? r.rows[0]! : null };
}

/** The registration with its checks made first: the path for refusals, and the reference the one statement equals. */
export async function registerWithChecks(
  deps: UseCaseDeps,
  actor: Actor,
  f: RegistrationFacts,
  keyInput: unknown,
  clientKey?: string | null,
): Promise<Written> {
  const upn = { upn: f.upn, temporary: f.upnIsTemporary };
  const { nhsNumber, ontoOwnRoll } = f;
  return once(deps.prisma, actor, clientKey, 'registerPupil', keyInput, async (tx) => {
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
      data: eventData(f),
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
